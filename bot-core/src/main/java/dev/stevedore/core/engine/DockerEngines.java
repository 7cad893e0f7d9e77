package dev.stevedore.core.engine;

import dev.stevedore.core.internal.engine.DockerJavaContainerGateway;

/** Opens gateways to Docker Engines. */
public final class DockerEngines {
    private DockerEngines() {}

    /**
     * A gateway to the engine at {@code host}. No request is sent yet; call {@link ContainerGateway#ping()} to
     * check that the engine answers.
     *
     * @param host e.g. {@code unix:///var/run/docker.sock}, {@code tcp://127.0.0.1:2375}
     * @return the gateway; close it when done
     * @throws IllegalArgumentException if {@code host} is not an engine address
     */
    public static ContainerGateway connect(String host) {
        return new DockerJavaContainerGateway(host);
    }
}
