package dev.stevedore.core.stream;

import java.util.Objects;

/**
 * A line of container output.
 *
 * @param source which stream it came from
 * @param text the text without its line terminator
 */
public record StreamLine(Source source, String text) {
    /** The container stream a line came from. */
    public enum Source {
        /** Standard output (or the single stream of a TTY container). */
        STDOUT,
        /** Standard error. */
        STDERR
    }

    /** Validates. */
    public StreamLine {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(text, "text");
    }
}
