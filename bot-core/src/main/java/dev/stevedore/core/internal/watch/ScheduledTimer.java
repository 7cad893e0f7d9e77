package dev.stevedore.core.internal.watch;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/** A {@link Timer} on a scheduled executor. */
public final class ScheduledTimer implements Timer {
    private final ScheduledExecutorService scheduler;

    /**
     * Creates the timer.
     *
     * @param scheduler runs the tasks; not shut down by the timer
     */
    public ScheduledTimer(ScheduledExecutorService scheduler) {
        this.scheduler = scheduler;
    }

    @Override
    public Task schedule(Duration delay, Runnable task) {
        ScheduledFuture<?> f = scheduler.schedule(task, Math.max(0, delay.toNanos()), TimeUnit.NANOSECONDS);
        return () -> f.cancel(false);
    }
}
