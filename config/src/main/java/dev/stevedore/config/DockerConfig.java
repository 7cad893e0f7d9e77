package dev.stevedore.config;

import java.util.Objects;

/**
 * How to reach the Docker engine (YAML section {@code docker}).
 *
 * @param host the engine address, for example {@code unix:///var/run/docker.sock} or {@code tcp://127.0.0.1:2375};
 *     scheme {@code unix}, {@code tcp}, {@code ssh} or {@code npipe}. The loader takes it from {@code docker.host},
 *     else from {@code DOCKER_HOST}, else {@link #DEFAULT_HOST}
 */
public record DockerConfig(String host) {
    /** The engine address used when neither the file nor {@code DOCKER_HOST} names one. */
    public static final String DEFAULT_HOST = "unix:///var/run/docker.sock";

    /**
     * Validates.
     *
     * @throws IllegalArgumentException if {@code host} is not a unix, tcp, ssh or npipe address
     */
    public DockerConfig {
        Objects.requireNonNull(host, "host");
        Checks.require("host", Checks.dockerHost(host));
    }
}
