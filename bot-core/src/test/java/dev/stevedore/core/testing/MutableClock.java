package dev.stevedore.core.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A wall {@link Clock} that stands still until a test moves it. Thread-safe; always UTC.
 */
public final class MutableClock extends Clock {
    /** The instant tests start at unless they choose another: 2025-01-01T12:00:00Z. */
    public static final Instant EPOCH = Instant.parse("2025-01-01T12:00:00Z");

    private final AtomicReference<Instant> now;

    private MutableClock(Instant start) {
        this.now = new AtomicReference<>(Objects.requireNonNull(start, "start"));
    }

    /**
     * A clock at {@link #EPOCH}.
     *
     * @return the clock
     */
    public static MutableClock create() {
        return new MutableClock(EPOCH);
    }

    /**
     * A clock at the given instant.
     *
     * @param start the current time
     * @return the clock
     */
    public static MutableClock at(Instant start) {
        return new MutableClock(start);
    }

    /**
     * Moves the clock.
     *
     * @param duration how far (may be negative)
     * @return this clock
     */
    public MutableClock advance(Duration duration) {
        now.updateAndGet(i -> i.plus(duration));
        return this;
    }

    /**
     * Sets the clock.
     *
     * @param instant the new current time
     */
    public void set(Instant instant) {
        now.set(Objects.requireNonNull(instant, "instant"));
    }

    @Override
    public Instant instant() {
        return now.get();
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("MutableClock is always UTC");
    }
}
