package dev.stevedore.core.audit;

import dev.stevedore.core.internal.audit.JsonlAuditLog;
import java.nio.file.Path;

/**
 * Where the bus records every invocation and click, including refusals. Implementations must be thread-safe and
 * must never throw: a failing audit log is logged, not turned into a failed command.
 */
public interface AuditLog {

    /**
     * Records one entry.
     *
     * @param entry the entry
     */
    void record(AuditEntry entry);

    /**
     * An audit log that keeps nothing.
     *
     * @return the no-op log
     */
    static AuditLog none() {
        return entry -> { };
    }

    /**
     * An append-only JSON Lines file, one object per entry, created with its parent directories if missing.
     *
     * @param path the file, e.g. {@code ./stevedore-audit.jsonl}
     * @return the log
     */
    static AuditLog jsonLines(Path path) {
        return new JsonlAuditLog(path);
    }
}
