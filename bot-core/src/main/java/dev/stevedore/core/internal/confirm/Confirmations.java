package dev.stevedore.core.internal.confirm;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.stevedore.core.auth.Caller;
import dev.stevedore.core.bus.ConversationRef;
import dev.stevedore.core.error.ConfirmationException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;

/**
 * The pending confirmations: single-use tokens bound to the requester, the conversation and the target container
 * ids, expiring after a TTL.
 *
 * <p>Thread-safe. Exactly one {@link #claim} of a token succeeds ({@code ConcurrentMap.remove(key, value)} is
 * atomic); the outcome is remembered for a while so later clicks learn who handled it.
 */
public final class Confirmations {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Cache<String, PendingConfirmation> pending;
    private final Cache<String, String> handled;
    private final Duration ttl;
    private final Clock clock;

    /**
     * Creates the store.
     *
     * @param ttl how long a confirmation stays usable, e.g. 2 minutes
     * @param clock for {@code expiresAt}
     * @param ticker Caffeine's time source, so tests can advance time without sleeping
     */
    public Confirmations(Duration ttl, Clock clock, Ticker ticker) {
        this.ttl = ttl;
        this.clock = clock;
        this.pending = Caffeine.newBuilder().expireAfterWrite(ttl).ticker(ticker).maximumSize(10_000).build();
        this.handled = Caffeine.newBuilder().expireAfterWrite(ttl.multipliedBy(10)).ticker(ticker)
                .maximumSize(10_000).build();
    }

    /**
     * A new random token.
     *
     * @return 22 URL-safe characters (128 bits)
     */
    public static String newToken() {
        byte[] b = new byte[16];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    /**
     * How long a confirmation stays usable.
     *
     * @return the TTL
     */
    public Duration ttl() {
        return ttl;
    }

    /**
     * When a confirmation made now expires.
     *
     * @return now plus the TTL
     */
    public java.time.Instant expiry() {
        return clock.instant().plus(ttl);
    }

    /**
     * Stores a pending confirmation.
     *
     * @param p the confirmation
     */
    public void add(PendingConfirmation p) {
        pending.put(p.token(), p);
    }

    /**
     * Takes a pending confirmation for the clicker: exactly one caller ever gets it.
     *
     * @param token the token from the action id
     * @param clicker who clicked
     * @param conversation where
     * @return the confirmation, now removed
     * @throws ConfirmationException if it expired, was already handled, or the clicker is not the requester (the
     *     confirmation then stays pending for the requester)
     */
    public PendingConfirmation claim(String token, Caller clicker, ConversationRef conversation) {
        PendingConfirmation p = pending.getIfPresent(token);
        if (p == null) {
            String outcome = handled.getIfPresent(token);
            throw new ConfirmationException(outcome != null ? "already handled: " + outcome
                    : "this confirmation expired — run the command again");
        }
        if (!p.requester().sameUserAs(clicker)) {
            throw new ConfirmationException("only " + p.requester().displayName()
                    + " can confirm or cancel this (they asked for it)");
        }
        if (!p.conversation().platform().equals(conversation.platform())
                || !p.conversation().channelId().equals(conversation.channelId())) {
            throw new ConfirmationException("this confirmation belongs to another conversation");
        }
        // the marker goes in before the pending entry goes out, so a concurrent click always finds one of them;
        // putIfAbsent lets exactly one click win (CASES.md P20)
        if (handled.asMap().putIfAbsent(token, "being handled for " + clicker.displayName()) != null) {
            String outcome = handled.getIfPresent(token);
            throw new ConfirmationException("already handled" + (outcome != null ? ": " + outcome : ""));
        }
        pending.invalidate(token);
        return p;
    }

    /**
     * Records what became of a claimed confirmation, for later clicks.
     *
     * @param token the token
     * @param outcome e.g. {@code "confirmed by alice"}
     */
    public void resolved(String token, String outcome) {
        handled.put(token, outcome);
    }

    /**
     * Looks at a pending confirmation without claiming it.
     *
     * @param token the token
     * @return the confirmation, or empty if expired or handled
     */
    public Optional<PendingConfirmation> peek(String token) {
        return Optional.ofNullable(pending.getIfPresent(token));
    }
}
