package dev.stevedore.core.stream;

import java.util.concurrent.CompletableFuture;

/**
 * Output that keeps coming after a reply: {@code logs -f}, an attach session, {@code run} in the foreground.
 *
 * <p>Nothing is read from the engine until {@link #start} is called, so an adapter that never shows the stream
 * costs nothing. Listener callbacks arrive on an engine I/O thread, one at a time, in order; they must not block.
 * The stream ends when the container exits, on {@link #stop()}, on its maximum duration, or when the engine
 * connection fails — never only on end of file.
 */
public interface LiveStream {

    /**
     * A short description for headers and logs.
     *
     * @return e.g. {@code "logs -f web"}
     */
    String title();

    /**
     * Starts reading. At most once.
     *
     * @param listener receives the lines; its failures are logged and swallowed
     * @throws IllegalStateException if already started
     */
    void start(StreamListener listener);

    /**
     * Whether {@link #send} forwards to the container's stdin (an attach session opened with {@code -i}).
     *
     * @return true for an interactive session
     */
    boolean acceptsInput();

    /**
     * Sends one line (a newline is appended) to the container's stdin.
     *
     * @param line the text the user typed
     * @throws IllegalStateException if the stream does not accept input or has ended
     */
    void send(String line);

    /**
     * Ends the stream on the user's request (Stop button, Ctrl+C, {@code detach}); the container keeps running.
     * Idempotent; closes the engine connection.
     */
    void stop();

    /**
     * Completes once, when the stream has ended and its connection is closed; never completes exceptionally.
     *
     * @return why it ended
     */
    CompletableFuture<StreamEnd> ended();
}
