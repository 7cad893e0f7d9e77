package dev.stevedore.core.internal.handler;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;

/**
 * What handlers that open live streams share.
 *
 * @param scheduler timers for maximum durations and drains
 * @param maxDuration the longest a follow or attach may run
 */
public record Streams(ScheduledExecutorService scheduler, Duration maxDuration) {
    /** Validates. */
    public Streams {
        Objects.requireNonNull(scheduler, "scheduler");
        Objects.requireNonNull(maxDuration, "maxDuration");
    }
}
