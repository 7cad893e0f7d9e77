package dev.stevedore.core.reply;

import java.util.List;
import java.util.Objects;

/**
 * One part of a {@link Reply}. Every renderer must handle every permitted subtype (a compliance test loops over
 * {@code Block.class.getPermittedSubclasses()}).
 *
 * <p>All text in blocks is plain text as produced by the core or the engine: renderers escape it for their
 * platform ({@code & < >} for Slack mrkdwn, backtick runs and mentions for Discord).
 */
public sealed interface Block {

    /**
     * A paragraph of plain text.
     *
     * @param text the text; may contain newlines
     */
    record Text(String text) implements Block {
        /** Validates. */
        public Text {
            Objects.requireNonNull(text, "text");
        }
    }

    /**
     * Preformatted text, e.g. log lines or an inspect dump.
     *
     * @param body the text, shown verbatim in a monospace block
     * @param language a highlighting hint such as {@code "json"}, or empty
     */
    record Code(String body, String language) implements Block {
        /** Validates. */
        public Code {
            Objects.requireNonNull(body, "body");
            Objects.requireNonNull(language, "language");
        }
    }

    /**
     * A table with a header row, shown like the docker CLI's aligned columns.
     *
     * @param header column titles, e.g. {@code CONTAINER ID, IMAGE, ...}
     * @param rows the rows; every row has exactly {@code header.size()} cells
     */
    record Table(List<String> header, List<List<String>> rows) implements Block {
        /** Validates and copies. */
        public Table {
            header = List.copyOf(header);
            rows = rows.stream().map(List::copyOf).toList();
            for (List<String> row : rows) {
                if (row.size() != header.size()) {
                    throw new IllegalArgumentException(
                            "row has " + row.size() + " cells, header has " + header.size() + ": " + row);
                }
            }
        }
    }

    /**
     * A one-line status with a severity mark.
     *
     * @param severity how to mark it
     * @param text the message
     */
    record Notice(Severity severity, String text) implements Block {
        /** Validates. */
        public Notice {
            Objects.requireNonNull(severity, "severity");
            Objects.requireNonNull(text, "text");
        }
    }

    /**
     * A text file offered with the reply, e.g. the full log of a snapshot that is too long for a message (CASES.md
     * P28). Slack uploads it with {@code files.uploadV2}, Discord attaches it ({@code FileUpload}, within the upload
     * limit), the terminal shows its caption and size.
     *
     * @param name the file name, e.g. {@code web.log}; no path separators
     * @param text the content as plain, unescaped text; at most {@link #MAX_CHARS} characters (callers cap it and
     *     say so in the caption)
     * @param caption one line shown with the file, e.g. "full log: 10,000 lines"
     */
    record File(String name, String text, String caption) implements Block {
        /** The most characters a file block holds: about 10 MB of ASCII (Discord's upload limit without boost). */
        public static final int MAX_CHARS = 10 * 1024 * 1024 - 64 * 1024;

        /** Validates. */
        public File {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(text, "text");
            Objects.requireNonNull(caption, "caption");
            if (name.isBlank() || name.contains("/") || name.contains("\\")) {
                throw new IllegalArgumentException("a file name without path separators, got " + name);
            }
            if (text.length() > MAX_CHARS) {
                throw new IllegalArgumentException("file text over " + MAX_CHARS + " chars: " + text.length());
            }
        }
    }

    /**
     * A row of buttons.
     *
     * @param actions the buttons, at least one, at most 5 (Discord's per-row limit)
     */
    record Actions(List<Action> actions) implements Block {
        /** Validates and copies. */
        public Actions {
            actions = List.copyOf(actions);
            if (actions.isEmpty() || actions.size() > 5) {
                throw new IllegalArgumentException("an action row holds 1..5 actions, got " + actions.size());
            }
        }
    }
}
