package dev.stevedore.config;

import java.util.Objects;

/**
 * The built-in HTTP endpoint that serves {@code /healthz} and {@code /metrics} (YAML section {@code http}).
 *
 * @param listen {@code host:port} to bind, port 1-65535; default {@link #DEFAULT_LISTEN}
 */
public record HttpConfig(String listen) {
    /** The address used when the file does not set {@code http.listen}: loopback only, port 9090. */
    public static final String DEFAULT_LISTEN = "127.0.0.1:9090";

    /**
     * Validates.
     *
     * @throws IllegalArgumentException if {@code listen} is not {@code host:port} with a port of 1-65535
     */
    public HttpConfig {
        Objects.requireNonNull(listen, "listen");
        Checks.require("listen", Checks.hostPort(listen));
    }

    /**
     * The default HTTP settings.
     *
     * @return a configuration with {@link #DEFAULT_LISTEN}
     */
    public static HttpConfig defaults() {
        return new HttpConfig(DEFAULT_LISTEN);
    }
}
