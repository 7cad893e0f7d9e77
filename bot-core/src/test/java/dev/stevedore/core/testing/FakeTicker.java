package dev.stevedore.core.testing;

import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A Caffeine {@link Ticker} that only moves when a test advances it, so expiry can be tested without sleeping.
 *
 * <p>Thread-safe. Starts at zero nanoseconds.
 */
public final class FakeTicker implements Ticker {
    private final AtomicLong nanos = new AtomicLong();

    @Override
    public long read() {
        return nanos.get();
    }

    /**
     * Moves time forward.
     *
     * @param duration how far; must not be negative
     * @return this ticker
     * @throws IllegalArgumentException if {@code duration} is negative
     */
    public FakeTicker advance(Duration duration) {
        if (duration.isNegative()) {
            throw new IllegalArgumentException("a ticker cannot go back: " + duration);
        }
        nanos.addAndGet(duration.toNanos());
        return this;
    }
}
