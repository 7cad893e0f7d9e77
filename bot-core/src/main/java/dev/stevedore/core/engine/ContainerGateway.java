package dev.stevedore.core.engine;

import dev.stevedore.core.command.ContainerRef;
import dev.stevedore.core.command.ContainerSpec;
import dev.stevedore.core.stream.StreamLine;
import java.io.Closeable;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The port to one Docker Engine: every engine call the bot makes goes through here, and only the implementation
 * knows docker-java. A value, not a global: each engine the bot addresses is its own gateway.
 *
 * <p>All methods block until the engine answers; call them from the bus executor, never from a platform event
 * thread. Failures are translated once: an unknown container → {@link dev.stevedore.core.error.NoSuchContainerException},
 * a state clash → {@link dev.stevedore.core.error.ConflictException}, an unreachable engine →
 * {@link dev.stevedore.core.error.EngineUnavailableException}.
 */
public interface ContainerGateway extends AutoCloseable {

    /**
     * Where this gateway connects, for messages.
     *
     * @return e.g. {@code unix:///var/run/docker.sock}
     */
    String host();

    /**
     * Checks that the engine answers.
     *
     * @throws dev.stevedore.core.error.EngineUnavailableException naming the host and the cause (socket not found,
     *     permission denied, connection refused, timed out)
     */
    void ping();

    /**
     * The engine's version.
     *
     * @return versions of the engine and its API
     */
    EngineVersion version();

    /**
     * The containers, newest first, as {@code docker ps} lists them.
     *
     * @param all include stopped containers
     * @return the containers; empty when there are none
     */
    List<ContainerSummary> listContainers(boolean all);

    /**
     * The stopped containers a prune would remove, with the size of their writable layers.
     *
     * @return containers in state created, exited or dead; {@code sizeRw} is set
     */
    List<ContainerSummary> listStopped();

    /**
     * Resolves a name or unambiguous id prefix and inspects the container.
     *
     * @param ref what the user typed
     * @return the container
     * @throws dev.stevedore.core.error.NoSuchContainerException if nothing matches, or the prefix is ambiguous
     */
    ContainerDetails inspect(ContainerRef ref);

    /**
     * Creates a container.
     *
     * @param spec what to create
     * @return the new container's full id
     * @throws dev.stevedore.core.error.NoSuchImageException if the image is not present locally
     * @throws dev.stevedore.core.error.ConflictException if the name is in use
     */
    String create(ContainerSpec spec);

    /**
     * Starts a container.
     *
     * @param id the full id
     * @return false if it was already running (engine status 304), true if it started now
     */
    boolean start(String id);

    /**
     * Stops a container: SIGTERM, then SIGKILL after the timeout.
     *
     * @param id the full id
     * @param timeout the grace period, rounded down to whole seconds (the API takes seconds); null-free: pass
     *     {@code Duration.ofSeconds(10)} for the CLI's default
     * @return false if it was already stopped (engine status 304)
     */
    boolean stop(String id, Duration timeout);

    /**
     * Restarts a container.
     *
     * @param id the full id
     * @param timeout the grace period before SIGKILL, whole seconds
     */
    void restart(String id, Duration timeout);

    /**
     * Renames a container.
     *
     * @param id the full id
     * @param newName the new name
     * @throws dev.stevedore.core.error.ConflictException if the name is in use
     */
    void rename(String id, String newName);

    /**
     * Removes a container.
     *
     * @param id the full id
     * @param force kill it first if it runs
     * @throws dev.stevedore.core.error.ConflictException if it runs and {@code force} is false
     */
    void remove(String id, boolean force);

    /**
     * Commits a container's changes to a new image.
     *
     * @param id the full id
     * @param repository the new image's repository, or null for an untagged image
     * @param tag the tag, or null for {@code latest}
     * @return the new image's id
     */
    String commit(String id, @org.jspecify.annotations.Nullable String repository,
            @org.jspecify.annotations.Nullable String tag);

    /**
     * The images, as {@code docker images} lists them.
     *
     * @return the images
     */
    List<ImageSummary> listImages();

    /**
     * Pulls an image and checks the result against the local store.
     *
     * @param reference e.g. {@code 127.0.0.1:5000/team/app:1.2}; {@code :latest} when no tag is given
     * @param progress receives one line per progress message: {@code "LAYER: STATUS"}, followed by
     *     {@code " CURRENT/TOTAL"} (bytes) when the engine reports sizes; may be ignored
     * @return what was pulled
     * @throws dev.stevedore.core.error.NoSuchImageException if the registry has no such image
     */
    PullResult pull(String reference, Consumer<String> progress);

    /**
     * The last lines of a container's output.
     *
     * @param id the full id
     * @param tailLines how many lines from the end; empty for all
     * @param timestamps prefix lines with the engine's timestamps
     * @param tty whether the container has a TTY (raw stream) — from its config, never guessed
     * @return the lines, oldest first
     */
    List<StreamLine> logs(String id, OptionalInt tailLines, boolean timestamps, boolean tty);

    /**
     * The last lines of a container's output, handed over one by one as they are read, so the caller can keep a
     * bounded window of a log of any size.
     *
     * @param id the full id
     * @param tailLines how many lines from the end; empty for all
     * @param timestamps prefix lines with the engine's timestamps
     * @param tty whether the container has a TTY
     * @param each receives every line, oldest first, on the calling thread or an engine I/O thread; the method
     *     returns after the last one
     */
    default void logs(String id, OptionalInt tailLines, boolean timestamps, boolean tty, Consumer<StreamLine> each) {
        logs(id, tailLines, timestamps, tty).forEach(each);
    }

    /**
     * The lines of a container's output logged at or after {@code since}, handed over one by one (the engine's
     * {@code since} filter of {@code GET /containers/{id}/logs}).
     *
     * @param id the full id
     * @param tailLines how many lines from the end of that window; empty for all
     * @param since the earliest log time, by the engine's clock (whole seconds and nanos are sent); empty for the
     *     whole log
     * @param timestamps prefix lines with the engine's timestamps
     * @param tty whether the container has a TTY
     * @param each receives every line, oldest first; the method returns after the last one
     */
    void logs(String id, OptionalInt tailLines, java.util.Optional<java.time.Instant> since,
            boolean timestamps, boolean tty, Consumer<StreamLine> each);

    /**
     * Follows a container's output logged at or after {@code since}; see
     * {@link #followLogs(String, OptionalInt, boolean, boolean, Consumer, CompletableFuture)}.
     *
     * @param id the full id
     * @param tailLines how many past lines to send first; empty for all
     * @param since the earliest log time of the past lines; empty for no limit
     * @param timestamps prefix lines with timestamps
     * @param tty whether the container has a TTY
     * @param lines receives each complete line on an engine I/O thread
     * @param done completes when the engine ends the stream
     * @return a handle whose {@code close()} stops following and releases the connection
     */
    Closeable followLogs(String id, OptionalInt tailLines, java.util.Optional<java.time.Instant> since,
            boolean timestamps, boolean tty, Consumer<StreamLine> lines, CompletableFuture<Void> done);

    /**
     * Follows a container's output until it is closed or the engine ends the stream.
     *
     * @param id the full id
     * @param tailLines how many past lines to send first; empty for all
     * @param timestamps prefix lines with timestamps
     * @param tty whether the container has a TTY
     * @param lines receives each complete line on an engine I/O thread
     * @param done completes when the engine ends the stream (normally or with an error)
     * @return a handle whose {@code close()} stops following and releases the connection
     */
    Closeable followLogs(String id, OptionalInt tailLines, boolean timestamps, boolean tty,
            Consumer<StreamLine> lines, CompletableFuture<Void> done);

    /**
     * Attaches to a container's stdout/stderr and, when {@code stdin} is not null, its stdin.
     *
     * @param id the full id
     * @param tty whether the container has a TTY
     * @param stdin bytes to send to the container, or null for output only
     * @param lines receives each complete line
     * @param done completes when the engine ends the stream
     * @return a handle whose {@code close()} detaches
     */
    Closeable attach(String id, boolean tty, java.io.@org.jspecify.annotations.Nullable InputStream stdin,
            Consumer<StreamLine> lines, CompletableFuture<Void> done);

    /**
     * Waits for a container to stop.
     *
     * @param id the full id
     * @return completes with the exit code when the container stops; exceptionally if the engine connection fails
     */
    CompletableFuture<Long> awaitExit(String id);

    /**
     * Waits for the next exit of a container that is not started yet ({@code condition=next-exit}): a plain
     * {@link #awaitExit} on a created container answers at once with 0. Returns once the engine has registered the
     * wait, so the container can be started right after.
     *
     * @param id the full id
     * @return completes with the exit code of the next exit
     */
    CompletableFuture<Long> awaitNextExit(String id);

    /**
     * Subscribes to the engine's container and image events ({@code GET /events}), for caches that must notice
     * containers and images appearing, disappearing or being renamed without polling.
     *
     * <p>Returns at once; events arrive on an engine I/O thread, one at a time, in order, and the listener must not
     * block (its failures are logged and swallowed). Only events after the call are reported. The subscription
     * ends when the handle is closed or when the engine ends the stream (for example when it restarts); then
     * {@code done} completes (exceptionally when the connection failed) and the caller may subscribe again.
     *
     * @param listener receives each container or image event
     * @param done completes when the subscription has ended
     * @return a handle whose {@code close()} ends the subscription and releases its connection
     */
    Closeable events(Consumer<EngineEvent> listener, CompletableFuture<Void> done);

    /**
     * Streams the engine's container events ({@code GET /events}, type {@code container}) until closed: past events
     * from {@code since} first, then live ones, on a connection of its own that never takes one from short calls.
     *
     * <p>The stream can end at any time without an error (an engine restart, a proxy that cuts idle connections,
     * CASES.md P06): callers that need every event resubscribe with {@code since} set to the last event they handled,
     * and drop the replayed duplicates by (container id, action, time).
     *
     * <p>Blocks until the engine has registered the subscription (at most about 5 seconds), so an event that happens
     * after the call returns is never missed. Unlike {@link #events(Consumer, CompletableFuture)}, only container
     * events are reported.
     *
     * @param since replay the events the engine still holds from this instant on (inclusive, by the engine's clock,
     *     to the nanosecond); empty for live events only
     * @param actions only events with these actions, e.g. {@code die}, {@code oom}, {@code start}; empty for all
     * @param events receives each event in the engine's order on the stream's own thread; should return quickly; an
     *     exception it throws is logged and the stream goes on
     * @param done completes normally when the engine ends the stream or the handle is closed, exceptionally with a
     *     {@link dev.stevedore.core.error.EngineUnavailableException} when it cannot be opened or breaks
     * @return a handle whose {@code close()} ends the stream and releases its connection
     */
    Closeable events(java.util.Optional<java.time.Instant> since, java.util.Set<String> actions,
            Consumer<EngineEvent> events, CompletableFuture<Void> done);

    /** Closes the engine connection. */
    @Override
    void close();
}
