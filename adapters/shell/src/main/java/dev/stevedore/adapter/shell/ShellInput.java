package dev.stevedore.adapter.shell;

import java.util.Objects;

/**
 * One event from the terminal: a line, Ctrl+C, or end of input (Ctrl+D / end of a script).
 *
 * @param kind what happened
 * @param text the line for {@link Kind#LINE}, empty otherwise
 */
record ShellInput(Kind kind, String text) {
    enum Kind {
        LINE,
        INTERRUPT,
        EOF
    }

    static final ShellInput INTERRUPT = new ShellInput(Kind.INTERRUPT, "");
    static final ShellInput EOF = new ShellInput(Kind.EOF, "");

    ShellInput {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(text, "text");
    }

    static ShellInput line(String text) {
        return new ShellInput(Kind.LINE, text);
    }
}
