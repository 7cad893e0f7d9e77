package dev.stevedore.core.internal.audit;

import dev.stevedore.core.audit.AuditEntry;
import dev.stevedore.core.audit.AuditLog;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Appends one JSON object per line; synchronized so lines never interleave. */
public final class JsonlAuditLog implements AuditLog {
    private static final Logger log = LoggerFactory.getLogger(JsonlAuditLog.class);
    private final Path path;

    /**
     * Creates the log; the file is created on the first entry.
     *
     * @param path the file
     */
    public JsonlAuditLog(Path path) {
        this.path = path;
    }

    @Override
    public synchronized void record(AuditEntry e) {
        String line = "{\"at\":" + str(e.at().toString())
                + ",\"invocation\":" + str(e.invocation())
                + ",\"platform\":" + str(e.platform())
                + ",\"userId\":" + str(e.userId())
                + ",\"userName\":" + str(e.userName())
                + ",\"conversation\":" + str(e.conversation())
                + ",\"input\":" + str(e.input())
                + ",\"outcome\":" + str(e.outcome())
                + ",\"summary\":" + str(e.summary())
                + ",\"durationMillis\":" + e.durationMillis() + "}\n";
        try {
            Path parent = path.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(path, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException | RuntimeException ex) {
            log.warn("cannot write the audit log {}: {}", path, ex.toString());
        }
    }

    /** A JSON string literal (RFC 8259 escaping). */
    static String str(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }
}
