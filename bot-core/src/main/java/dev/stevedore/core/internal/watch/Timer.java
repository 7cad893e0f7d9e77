package dev.stevedore.core.internal.watch;

import java.time.Duration;

/** Runs tasks later: a scheduled executor in production ({@link ScheduledTimer}), a manually advanced fake in tests. */
public interface Timer {

    /**
     * Schedules a task.
     *
     * @param delay how long from now
     * @param task what to run; on the timer's thread
     * @return a handle to cancel it
     */
    Task schedule(Duration delay, Runnable task);

    /** A scheduled task. */
    interface Task {
        /** Cancels the task if it has not run yet. Idempotent. */
        void cancel();
    }
}
