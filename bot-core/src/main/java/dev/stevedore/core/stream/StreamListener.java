package dev.stevedore.core.stream;

/** Receives the lines of a {@link LiveStream}, in order, on one thread at a time. Must not block. */
@FunctionalInterface
public interface StreamListener {
    /**
     * One complete line of output, already decoded (UTF-8) and stripped of terminal escape sequences.
     *
     * @param line the line
     */
    void onLine(StreamLine line);
}
