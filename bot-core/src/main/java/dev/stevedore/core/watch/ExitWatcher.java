package dev.stevedore.core.watch;

import java.time.Instant;
import java.util.Optional;

/**
 * Follows the engine's container events and posts an alert for every container exit to the conversations whose
 * notification routes match the container (DESIGN.md §6, CASES.md P06 and P30).
 *
 * <p>Event-driven, never polling: it subscribes to the engine's {@code die}, {@code oom}, {@code start},
 * {@code kill} and {@code destroy} events. When the stream ends, fails, or stays silent for the idle period, it
 * subscribes again with exponential backoff (1 s doubling to 30 s by default), replaying from the time of the last
 * event it handled and dropping replayed duplicates by (container id, action, time in nanoseconds), so each exit is
 * alerted exactly once across engine restarts. A crash loop becomes one alert per container and target, edited in
 * place, followed by a recovery notice once the container stays up. Exits the bot caused ({@code stop},
 * {@code restart}, {@code rm -f}) name who caused them. The watcher never acts on containers itself: its alerts
 * carry buttons that run commands as the person who clicks, with their permissions.
 *
 * <p>Thread-safe. Events are handled one at a time on the watcher's own thread; a failure while handling one event
 * is logged and the watcher goes on.
 */
public interface ExitWatcher extends AutoCloseable {

    /**
     * Subscribes to the engine's events. Blocks until the engine has registered the subscription (so an exit that
     * happens after this returns is never missed) or, if the engine cannot be reached, until the first attempt has
     * failed; the watcher then keeps retrying in the background. Call it before the adapters start.
     *
     * @throws IllegalStateException if the watcher was started before or is closed
     */
    void start();

    /**
     * Drops the current subscription and subscribes again from the last handled event, as after an idle period;
     * replayed events are not alerted again.
     */
    void resubscribe();

    /**
     * What the watcher is doing, for health checks, logs and tests.
     *
     * @return a snapshot
     */
    Status status();

    /** Ends the subscription and the watcher's thread; alerts being posted may still complete. Idempotent. */
    @Override
    void close();

    /**
     * A snapshot of the watcher.
     *
     * @param subscribed whether an event subscription is open now
     * @param subscriptions how many subscriptions were opened so far (1 after {@link #start()}, more after
     *     reconnects)
     * @param lastEvent the engine time of the last event handled, the point a new subscription resumes from; empty
     *     before the first event
     * @param alertsPosted how many alert messages were posted (one per target; edits not counted)
     */
    record Status(boolean subscribed, long subscriptions, Optional<Instant> lastEvent, long alertsPosted) {
        /** Validates. */
        public Status {
            java.util.Objects.requireNonNull(lastEvent, "lastEvent");
        }
    }
}
