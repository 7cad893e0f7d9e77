package dev.stevedore.core.testing;

import dev.stevedore.core.internal.watch.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * A {@link Timer} that runs tasks only when a test advances it, moving a {@link MutableClock} (and optionally a
 * {@link FakeTicker}) along: tasks run in due order, each with the clock set to its due time, on the test's thread.
 *
 * <p>Thread-safe for scheduling; advance from one thread.
 */
public final class ManualTimer implements Timer {
    private final MutableClock clock;
    private final Optional<FakeTicker> ticker;
    private final List<Scheduled> tasks = new ArrayList<>(); // guarded by this
    private long sequence;

    private final class Scheduled implements Task {
        final Instant due;
        final long seq;
        final Runnable task;
        volatile boolean cancelled;

        Scheduled(Instant due, long seq, Runnable task) {
            this.due = due;
            this.seq = seq;
            this.task = task;
        }

        @Override
        public void cancel() {
            cancelled = true;
            synchronized (ManualTimer.this) {
                tasks.remove(this);
            }
        }
    }

    /**
     * A timer on a clock.
     *
     * @param clock moved by {@link #advance}
     */
    public ManualTimer(MutableClock clock) {
        this(clock, null);
    }

    /**
     * A timer on a clock and a ticker, both moved by {@link #advance}.
     *
     * @param clock the wall clock
     * @param ticker the Caffeine ticker, or null
     */
    public ManualTimer(MutableClock clock, @org.jspecify.annotations.Nullable FakeTicker ticker) {
        this.clock = clock;
        this.ticker = Optional.ofNullable(ticker);
    }

    @Override
    public synchronized Task schedule(Duration delay, Runnable task) {
        Scheduled s = new Scheduled(clock.instant().plus(delay.isNegative() ? Duration.ZERO : delay), sequence++,
                task);
        tasks.add(s);
        return s;
    }

    /**
     * Moves time forward, running every task that falls due, in order.
     *
     * @param duration how far
     * @return this timer
     */
    public ManualTimer advance(Duration duration) {
        Instant target = clock.instant().plus(duration);
        while (true) {
            Scheduled next;
            synchronized (this) {
                next = tasks.stream().filter(t -> !t.due.isAfter(target))
                        .min(Comparator.comparing((Scheduled t) -> t.due).thenComparingLong(t -> t.seq))
                        .orElse(null);
                if (next != null) {
                    tasks.remove(next);
                }
            }
            if (next == null) {
                break;
            }
            move(next.due);
            if (!next.cancelled) {
                next.task.run();
            }
        }
        move(target);
        return this;
    }

    private void move(Instant to) {
        Duration d = Duration.between(clock.instant(), to);
        if (!d.isNegative()) {
            clock.set(to);
            ticker.ifPresent(t -> t.advance(d));
        }
    }

    /**
     * The tasks waiting.
     *
     * @return how many
     */
    public synchronized int pending() {
        return tasks.size();
    }
}
