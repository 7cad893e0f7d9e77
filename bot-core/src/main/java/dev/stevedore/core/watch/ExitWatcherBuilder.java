package dev.stevedore.core.watch;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.stevedore.core.engine.ContainerGateway;
import dev.stevedore.core.internal.watch.DefaultExitWatcher;
import dev.stevedore.core.internal.watch.ScheduledTimer;
import dev.stevedore.core.port.MessageSinks;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Builds the standard {@link ExitWatcher}. Required: {@link #engine}, {@link #notifications} and {@link #sinks}.
 *
 * <p>Defaults: reconnect backoff 1 s doubling to 30 s; resubscribe after 5 minutes without events; at most one
 * crash-loop edit every 2 seconds. The watcher runs on one daemon thread of its own, {@code stevedore-watch}, plus two
 * that look up containers as they start ({@code stevedore-watch-inspect-N}); {@link ExitWatcher#close()} stops
 * them.
 *
 * <pre>{@code
 * Notifications notifications = new Notifications(config.notifications());
 * MessageSinks sinks = new MessageSinks();
 * ExitWatcher watcher = new ExitWatcherBuilder().engine(engine).notifications(notifications).sinks(sinks).build();
 * watcher.start();   // before the adapters start, after the engine answered a ping
 * }</pre>
 */
public final class ExitWatcherBuilder {
    private @Nullable ContainerGateway engine;
    private @Nullable Notifications notifications;
    private @Nullable MessageSinks sinks;
    private Duration backoffMin = Duration.ofSeconds(1);
    private Duration backoffMax = Duration.ofSeconds(30);
    private Duration idleResubscribe = Duration.ofMinutes(5);
    private Duration minEditInterval = Duration.ofSeconds(2);

    /** Creates a builder with the defaults. */
    public ExitWatcherBuilder() {}

    /**
     * Sets the engine to watch.
     *
     * @param gateway the engine; must support {@link ContainerGateway#events(java.util.Optional, java.util.Set,
     *     java.util.function.Consumer, java.util.concurrent.CompletableFuture)}
     * @return this builder
     */
    public ExitWatcherBuilder engine(ContainerGateway gateway) {
        this.engine = Objects.requireNonNull(gateway, "gateway");
        return this;
    }

    /**
     * Sets the routes, mutes and exit causes, shared with the command bus.
     *
     * @param shared the notifications
     * @return this builder
     */
    public ExitWatcherBuilder notifications(Notifications shared) {
        this.notifications = Objects.requireNonNull(shared, "shared");
        return this;
    }

    /**
     * Sets where alerts are posted.
     *
     * @param registry the adapters' sinks, by platform
     * @return this builder
     */
    public ExitWatcherBuilder sinks(MessageSinks registry) {
        this.sinks = Objects.requireNonNull(registry, "registry");
        return this;
    }

    /**
     * Sets the reconnect backoff.
     *
     * @param first the first delay, doubled after each failed attempt; positive
     * @param max the longest delay; at least {@code first}
     * @return this builder
     * @throws IllegalArgumentException if out of range
     */
    public ExitWatcherBuilder reconnectBackoff(Duration first, Duration max) {
        if (first.isNegative() || first.isZero() || max.compareTo(first) < 0) {
            throw new IllegalArgumentException("backoff must be positive and first <= max: " + first + ", " + max);
        }
        this.backoffMin = first;
        this.backoffMax = max;
        return this;
    }

    /**
     * Sets how long the event stream may stay silent before the watcher resubscribes (a stream can die without an
     * error, CASES.md P06).
     *
     * @param idle positive, e.g. 5 minutes
     * @return this builder
     * @throws IllegalArgumentException if not positive
     */
    public ExitWatcherBuilder idleResubscribe(Duration idle) {
        if (idle.isNegative() || idle.isZero()) {
            throw new IllegalArgumentException("idle period must be positive: " + idle);
        }
        this.idleResubscribe = idle;
        return this;
    }

    /**
     * Sets the shortest time between two edits of one crash-loop alert, to stay within platform rate limits.
     *
     * @param interval zero or more, e.g. 2 seconds
     * @return this builder
     * @throws IllegalArgumentException if negative
     */
    public ExitWatcherBuilder minEditInterval(Duration interval) {
        if (interval.isNegative()) {
            throw new IllegalArgumentException("edit interval cannot be negative: " + interval);
        }
        this.minEditInterval = interval;
        return this;
    }

    /**
     * Builds the watcher; it does nothing until {@link ExitWatcher#start()}.
     *
     * @return the watcher
     * @throws IllegalStateException if the engine, the notifications or the sinks are missing
     */
    public ExitWatcher build() {
        if (engine == null || notifications == null || sinks == null) {
            throw new IllegalStateException("engine, notifications and sinks are required");
        }
        java.util.concurrent.ScheduledThreadPoolExecutor thread = new java.util.concurrent.ScheduledThreadPoolExecutor(1,
                r -> {
                    Thread t = new Thread(r, "stevedore-watch");
                    t.setDaemon(true);
                    return t;
                });
        thread.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        thread.setRemoveOnCancelPolicy(true);
        java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.ExecutorService inspector = java.util.concurrent.Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "stevedore-watch-inspect-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        return new DefaultExitWatcher(engine, notifications, sinks, thread, inspector, new ScheduledTimer(thread),
                Ticker.systemTicker(),
                new DefaultExitWatcher.Settings(backoffMin, backoffMax, idleResubscribe, minEditInterval,
                        DefaultExitWatcher.Settings.DEFAULT_LOOKUP_BUDGET),
                () -> {
                    inspector.shutdownNow();
                    thread.shutdown();
                });
    }
}
