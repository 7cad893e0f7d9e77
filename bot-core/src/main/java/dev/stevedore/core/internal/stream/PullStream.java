package dev.stevedore.core.internal.stream;

import dev.stevedore.core.engine.PullResult;
import dev.stevedore.core.stream.LiveStream;
import dev.stevedore.core.stream.StreamEnd;
import dev.stevedore.core.stream.StreamListener;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * A pull that takes longer than a command should wait, shown live: per-layer progress lines, then how it ended.
 *
 * <p>The pull itself runs on its own thread and is never cancelled from here: on {@link #stop()} or when the
 * bot's time limit passes, only the showing ends, and the message says the pull goes on in the background (the
 * engine keeps the image when it finishes). Success or failure is decided by the local image store, never by a
 * progress message.
 */
public final class PullStream implements LiveStream {
    private final String reference;
    private final PullProgress progress;
    private final CompletableFuture<PullResult> result;
    private final Function<PullResult, String> success;
    private final Duration maxDuration;
    private final ScheduledExecutorService scheduler;
    private final AtomicBoolean started = new AtomicBoolean();
    private final CompletableFuture<StreamEnd> ended = new CompletableFuture<>();

    PullStream(String reference, PullProgress progress, CompletableFuture<PullResult> result,
            Function<PullResult, String> success, Duration maxDuration, ScheduledExecutorService scheduler) {
        this.reference = reference;
        this.progress = progress;
        this.result = result;
        this.success = success;
        this.maxDuration = maxDuration;
        this.scheduler = scheduler;
    }

    /**
     * Starts pulling on a new daemon thread and returns the running pull, so a caller can wait briefly for a quick
     * answer before falling back to showing it live.
     *
     * @param reference the image reference
     * @param pull runs the pull with a progress consumer and returns its result; may throw a CommandException
     * @param success the sentence for a finished pull, e.g. "pulled X (id) by alice"
     * @param maxDuration how long the live view may run
     * @param scheduler for the time limit
     * @return the stream (not started), whose {@link #result()} completes when the pull ends
     */
    public static PullStream begin(String reference,
            Function<java.util.function.Consumer<String>, PullResult> pull, Function<PullResult, String> success,
            Duration maxDuration, ScheduledExecutorService scheduler) {
        PullProgress progress = new PullProgress();
        CompletableFuture<PullResult> result = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                result.complete(pull.apply(progress::accept));
            } catch (RuntimeException | Error e) {
                result.completeExceptionally(e);
            }
        }, "stevedore-pull");
        t.setDaemon(true);
        t.start();
        return new PullStream(reference, progress, result, success, maxDuration, scheduler);
    }

    /**
     * The running pull.
     *
     * @return completes with the result, or exceptionally with the engine's refusal
     */
    public CompletableFuture<PullResult> result() {
        return result;
    }

    @Override
    public String title() {
        return "pull " + reference;
    }

    @Override
    public void start(StreamListener listener) {
        if (!started.compareAndSet(false, true)) {
            throw new IllegalStateException("stream already started: " + title());
        }
        progress.subscribe(listener);
        var timer = scheduler.schedule(() -> finish(new StreamEnd(StreamEnd.Reason.MAX_DURATION,
                OptionalLong.empty(), "still pulling " + reference + " after " + maxDuration.toMinutes()
                        + " min: the pull goes on in the background — check with images")),
                maxDuration.toMillis(), TimeUnit.MILLISECONDS);
        result.whenComplete((r, error) -> {
            timer.cancel(false);
            if (error == null) {
                finish(new StreamEnd(StreamEnd.Reason.COMPLETED, OptionalLong.empty(), success.apply(r)));
            } else {
                Throwable cause = error instanceof CompletionException && error.getCause() != null
                        ? error.getCause() : error;
                String why = cause instanceof dev.stevedore.core.error.CommandException && cause.getMessage() != null
                        ? cause.getMessage() : "the pull of " + reference + " failed";
                finish(new StreamEnd(StreamEnd.Reason.FAILED, OptionalLong.empty(), why));
            }
        });
    }

    @Override
    public boolean acceptsInput() {
        return false;
    }

    @Override
    public void send(String line) {
        throw new IllegalStateException(title() + " does not take input");
    }

    @Override
    public void stop() {
        finish(new StreamEnd(StreamEnd.Reason.STOPPED, OptionalLong.empty(),
                "stopped showing the pull of " + reference + "; it goes on in the background"));
    }

    @Override
    public CompletableFuture<StreamEnd> ended() {
        return ended;
    }

    private void finish(StreamEnd end) {
        if (ended.complete(end)) {
            progress.unsubscribe();
        }
    }
}
