package dev.stevedore.core.testing;

import dev.stevedore.core.audit.AuditEntry;
import dev.stevedore.core.audit.AuditLog;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** An {@link AuditLog} that keeps every entry in memory, for assertions. Thread-safe. */
public final class RecordingAuditLog implements AuditLog {
    private final List<AuditEntry> entries = new CopyOnWriteArrayList<>();

    @Override
    public void record(AuditEntry entry) {
        entries.add(entry);
    }

    /**
     * The entries so far, in the order recorded.
     *
     * @return a snapshot
     */
    public List<AuditEntry> entries() {
        return List.copyOf(entries);
    }
}
