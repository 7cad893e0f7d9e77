package dev.stevedore.core.engine;

import java.util.Objects;

/**
 * The engine's version ({@code GET /version}).
 *
 * @param version the engine version, e.g. {@code 20.10.24}
 * @param apiVersion the newest API version it speaks, e.g. {@code 1.41}
 * @param os the engine's OS, e.g. {@code linux}
 * @param arch the engine's architecture, e.g. {@code amd64}
 */
public record EngineVersion(String version, String apiVersion, String os, String arch) {
    /** Validates. */
    public EngineVersion {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(apiVersion, "apiVersion");
        Objects.requireNonNull(os, "os");
        Objects.requireNonNull(arch, "arch");
    }
}
