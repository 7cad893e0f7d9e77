package dev.stevedore.core.auth;

import java.util.Map;
import java.util.Objects;

/**
 * What a permission check knows about the container a command targets, once the engine resolved it.
 *
 * @param id the full container id (64 hex characters)
 * @param name the container name without the leading {@code /}
 * @param labels the container's labels
 */
public record ContainerScope(String id, String name, Map<String, String> labels) {
    /** Validates and copies. */
    public ContainerScope {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        labels = Map.copyOf(labels);
    }
}
