package dev.stevedore.core.internal.watch;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.stevedore.core.engine.EngineEvent;
import java.time.Duration;

/**
 * Recognises engine events seen before, by (container id, action, time in nanoseconds): a resumed event stream
 * replays everything from its {@code since} on, inclusive, so the last handled event and anything already received
 * comes again (CASES.md P06).
 *
 * <p>Backed by a bounded Caffeine cache whose entries live {@link #DEFAULT_TTL} after they were last seen: a replay
 * refreshes them, so the event a quiet stream keeps replaying at each idle resubscription is never forgotten while it
 * is still being replayed. Thread-safe.
 */
final class ExitEventDeduper {
    /** How long an event is remembered after it was last seen: 1 hour, far beyond any reconnect backoff. */
    static final Duration DEFAULT_TTL = Duration.ofHours(1);
    /** How many events are remembered at most. */
    static final long MAX_EVENTS = 100_000;

    private final Cache<String, Boolean> seen;

    ExitEventDeduper(Ticker ticker) {
        this(ticker, DEFAULT_TTL);
    }

    ExitEventDeduper(Ticker ticker, Duration ttl) {
        this.seen = Caffeine.newBuilder()
                .ticker(ticker)
                .expireAfterWrite(ttl)
                .maximumSize(MAX_EVENTS)
                .build();
    }

    /**
     * Records an event and tells whether it is new.
     *
     * @param event the event
     * @return true the first time this (container id, action, time) is seen; false for a replay
     */
    boolean firstSighting(EngineEvent event) {
        // put, not putIfAbsent: a replay refreshes the entry's write time
        return seen.asMap().put(key(event), Boolean.TRUE) == null;
    }

    static String key(EngineEvent event) {
        long nanos = event.time().getEpochSecond() * 1_000_000_000L + event.time().getNano();
        return event.actorId() + '/' + event.action() + '/' + nanos;
    }
}
