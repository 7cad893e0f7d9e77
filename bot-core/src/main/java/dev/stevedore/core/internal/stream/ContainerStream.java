package dev.stevedore.core.internal.stream;

import dev.stevedore.core.engine.ContainerGateway;
import dev.stevedore.core.stream.LiveStream;
import dev.stevedore.core.stream.StreamEnd;
import dev.stevedore.core.stream.StreamLine;
import dev.stevedore.core.stream.StreamListener;
import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link LiveStream} over one container: {@code logs -f}, {@code attach} or {@code run} in the foreground.
 *
 * <p>Ends on the container's exit (engine wait, never only on end of file), on {@link #stop()}, on the maximum
 * duration, or when the engine connection fails; each end closes the stream connection and the wait, once.
 */
public final class ContainerStream implements LiveStream {
    private static final Logger log = LoggerFactory.getLogger(ContainerStream.class);
    /**
     * After the engine reported the exit, the stream ends at end of file, or once no line arrived for this long (some
     * engines never send end of file on a follow, CASES.md P04).
     */
    private static final Duration DRAIN = Duration.ofMillis(500);
    /**
     * The longest a backlog is still read after the exit: a follow of a container that printed faster than the
     * engine serves its log (json-file: about 80k lines/s) ends with what was read by then.
     */
    private static final Duration MAX_DRAIN = Duration.ofSeconds(60);

    /** How the stream reads from the container. */
    public enum Mode {
        /** {@code logs -f}: past lines (tail) then new ones. */
        LOGS,
        /** {@code attach}: new output only, stdin when the container keeps it open. */
        ATTACH
    }

    private final ContainerGateway engine;
    private final String containerId;
    private final String title;
    private final Mode mode;
    private final OptionalInt tailLines;
    private final boolean timestamps;
    private final boolean tty;
    private final boolean input;
    private final Duration maxDuration;
    private final ScheduledExecutorService scheduler;
    private final @Nullable Runnable afterAttach;
    private final java.util.Optional<java.time.Instant> since;
    private final java.util.function.Predicate<String> filter;
    private final AtomicBoolean started = new AtomicBoolean();
    private final CompletableFuture<StreamEnd> ended = new CompletableFuture<>();
    private final QueueInputStream stdin = new QueueInputStream();
    private final java.util.concurrent.atomic.AtomicLong lastLineNanos = new java.util.concurrent.atomic.AtomicLong();
    private volatile @Nullable Closeable connection;
    private volatile @Nullable CompletableFuture<Long> exit;
    private volatile @Nullable ScheduledFuture<?> timer;

    /**
     * Creates a stream; nothing is read until {@link #start}.
     *
     * @param engine the engine
     * @param containerId the full container id
     * @param title e.g. {@code "logs -f web"}
     * @param mode logs or attach
     * @param tailLines for logs: past lines to send first, empty for all
     * @param timestamps for logs: prefix timestamps
     * @param tty whether the container has a TTY (from its config)
     * @param input whether to forward {@link #send} to the container's stdin
     * @param maxDuration the longest the stream may run
     * @param scheduler runs the duration timer and the drain delay
     * @param afterAttach run once the attach connection is up, e.g. to start the container of {@code run}
     */
    public ContainerStream(ContainerGateway engine, String containerId, String title, Mode mode,
            OptionalInt tailLines, boolean timestamps, boolean tty, boolean input, Duration maxDuration,
            ScheduledExecutorService scheduler, @Nullable Runnable afterAttach) {
        this(engine, containerId, title, mode, tailLines, java.util.Optional.empty(), line -> true, timestamps, tty,
                input, maxDuration, scheduler, afterAttach);
    }

    /**
     * Creates a logs stream with a time window and a line filter; nothing is read until {@link #start}.
     *
     * @param engine the engine
     * @param containerId the full container id
     * @param title e.g. {@code "logs -f web"}
     * @param mode logs or attach
     * @param tailLines for logs: past lines to send first, empty for all
     * @param since for logs: the earliest past line's time; empty for no limit
     * @param filter which cleaned lines to pass on (e.g. {@code --grep}); called on the engine I/O thread
     * @param timestamps for logs: prefix timestamps
     * @param tty whether the container has a TTY (from its config)
     * @param input whether to forward {@link #send} to the container's stdin
     * @param maxDuration the longest the stream may run
     * @param scheduler runs the duration timer and the drain delay
     * @param afterAttach run once the attach connection is up, e.g. to start the container of {@code run}
     */
    public ContainerStream(ContainerGateway engine, String containerId, String title, Mode mode,
            OptionalInt tailLines, java.util.Optional<java.time.Instant> since,
            java.util.function.Predicate<String> filter, boolean timestamps, boolean tty, boolean input,
            Duration maxDuration, ScheduledExecutorService scheduler, @Nullable Runnable afterAttach) {
        this.since = since;
        this.filter = filter;
        this.engine = engine;
        this.containerId = containerId;
        this.title = title;
        this.mode = mode;
        this.tailLines = tailLines;
        this.timestamps = timestamps;
        this.tty = tty;
        this.input = input;
        this.maxDuration = maxDuration;
        this.scheduler = scheduler;
        this.afterAttach = afterAttach;
    }

    @Override
    public String title() {
        return title;
    }

    @Override
    public void start(StreamListener out) {
        if (!started.compareAndSet(false, true)) {
            throw new IllegalStateException("stream already started: " + title);
        }
        lastLineNanos.set(System.nanoTime());
        StreamListener listener = line -> {
            lastLineNanos.set(System.nanoTime());
            out.onLine(line);
        };
        CompletableFuture<Void> eof = new CompletableFuture<>();
        try {
            // run: the container starts after we attach, so wait for its next exit, not its current state
            CompletableFuture<Long> exitFuture = afterAttach != null ? engine.awaitNextExit(containerId)
                    : engine.awaitExit(containerId);
            exit = exitFuture;
            if (mode == Mode.LOGS) {
                connection = engine.followLogs(containerId, tailLines, since, timestamps, tty, line -> {
                    if (filter.test(line.text())) {
                        listener.onLine(line);
                    }
                }, eof);
            } else {
                connection = engine.attach(containerId, tty, input ? stdin : null, listener::onLine, eof);
            }
            if (afterAttach != null) {
                afterAttach.run();
            }
            timer = scheduler.schedule(() -> finish(new StreamEnd(StreamEnd.Reason.MAX_DURATION,
                    OptionalLong.empty(), "")), maxDuration.toMillis(), TimeUnit.MILLISECONDS);
            exitFuture.whenComplete((code, error) -> {
                if (error != null) {
                    if (!exitFuture.isCancelled()) {
                        finish(new StreamEnd(StreamEnd.Reason.ENGINE_ERROR, OptionalLong.empty(),
                                "the engine stopped answering"));
                    }
                    return;
                }
                // read what the container printed last: until end of file, or until the output goes quiet
                drain(eof, code, System.nanoTime());
            });
            eof.whenComplete((v, error) -> {
                if (ended.isDone()) {
                    return;
                }
                // end of file alone never ends a follow: wait briefly for the exit the engine reports (on a copy:
                // the timeout's -1 must not reach the exit handler above as if it were an exit code)
                exitFuture.copy().completeOnTimeout(-1L, 3, TimeUnit.SECONDS).whenComplete((code, t) -> {
                    if (code != null && code >= 0) {
                        finish(new StreamEnd(StreamEnd.Reason.CONTAINER_EXITED, OptionalLong.of(code), ""));
                    } else {
                        finish(new StreamEnd(StreamEnd.Reason.ENGINE_ERROR, OptionalLong.empty(),
                                error == null ? "the output stream ended" : reason(error)));
                    }
                });
            });
        } catch (RuntimeException e) {
            finish(new StreamEnd(StreamEnd.Reason.ENGINE_ERROR, OptionalLong.empty(), e.getMessage() == null
                    ? "cannot open the stream" : e.getMessage()));
            throw e;
        }
    }

    private void drain(CompletableFuture<Void> eof, long code, long since) {
        long now = System.nanoTime();
        if (eof.isDone() || now - lastLineNanos.get() >= DRAIN.toNanos() || now - since >= MAX_DRAIN.toNanos()) {
            finish(new StreamEnd(StreamEnd.Reason.CONTAINER_EXITED, OptionalLong.of(code), ""));
            return;
        }
        if (!ended.isDone()) {
            try {
                scheduler.schedule(() -> drain(eof, code, since), 100, TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                finish(new StreamEnd(StreamEnd.Reason.CONTAINER_EXITED, OptionalLong.of(code), ""));
            }
        }
    }

    @Override
    public boolean acceptsInput() {
        return input;
    }

    @Override
    public void send(String line) {
        if (!input) {
            throw new IllegalStateException(title + " does not take input");
        }
        if (ended.isDone()) {
            throw new IllegalStateException(title + " has ended");
        }
        stdin.feed((line + "\n").getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void stop() {
        finish(new StreamEnd(StreamEnd.Reason.STOPPED, OptionalLong.empty(), ""));
    }

    @Override
    public CompletableFuture<StreamEnd> ended() {
        return ended;
    }

    /** The engine's refusal in words when it is one we can show, else a generic phrase. */
    private static String reason(Throwable error) {
        Throwable e = error instanceof java.util.concurrent.CompletionException && error.getCause() != null
                ? error.getCause() : error;
        return e instanceof dev.stevedore.core.error.CommandException && e.getMessage() != null ? e.getMessage()
                : "the output stream failed";
    }

    private void finish(StreamEnd end) {
        if (!ended.isDone()) {
            synchronized (this) {
                if (ended.isDone()) {
                    return;
                }
                ScheduledFuture<?> t = timer;
                if (t != null) {
                    t.cancel(false);
                }
                CompletableFuture<Long> e = exit;
                if (e != null) {
                    e.cancel(false);
                }
                stdin.close();
                Closeable c = connection;
                if (c != null) {
                    try {
                        c.close();
                    } catch (IOException | RuntimeException ex) {
                        log.debug("closing stream {} failed", title, ex);
                    }
                }
                ended.complete(end);
            }
        }
    }
}
