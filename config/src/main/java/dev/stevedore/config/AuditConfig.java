package dev.stevedore.config;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where the audit trail is written (YAML section {@code audit}).
 *
 * @param path the JSON Lines file that receives one record per command; relative paths are relative to the
 *     process's working directory; default {@link #DEFAULT_PATH}
 */
public record AuditConfig(Path path) {
    /** The audit file used when the file does not set {@code audit.path}: {@code ./stevedore-audit.jsonl}. */
    public static final Path DEFAULT_PATH = Path.of("./stevedore-audit.jsonl");

    /** Validates. */
    public AuditConfig {
        Objects.requireNonNull(path, "path");
    }

    /**
     * The default audit settings.
     *
     * @return a configuration with {@link #DEFAULT_PATH}
     */
    public static AuditConfig defaults() {
        return new AuditConfig(DEFAULT_PATH);
    }
}
