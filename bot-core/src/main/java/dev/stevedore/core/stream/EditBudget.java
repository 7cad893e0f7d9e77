package dev.stevedore.core.stream;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;
import java.util.Objects;

/**
 * How many message posts and edits a platform allows per channel, shared by every live stream in that channel: at
 * most {@code calls} calls in any sliding {@code window}, and none while the platform's {@code Retry-After} runs.
 *
 * <p>Each adapter gives its platform's rule: Slack {@code chat.update}/{@code chat.postMessage} — about one message
 * per second per channel ({@code 1 per 1 s}, Slack API docs "Rate limits", the special rate limit of
 * {@code chat.postMessage}); Discord — 5 message edits per 5 seconds per channel ({@code 5 per 5 s}, the per-route
 * bucket the API reports in {@code X-RateLimit-*} headers). Channels idle for ten windows are forgotten (a Caffeine
 * cache with {@code expireAfterAccess} on the injected {@link Ticker}).
 *
 * <p>Thread-safe; never blocks: {@link #tryAcquire} answers at once.
 */
public final class EditBudget {
    private final int calls;
    private final long windowNanos;
    private final Ticker ticker;
    private final Cache<String, Window> channels;

    /**
     * Creates a budget.
     *
     * @param calls the most calls in one window per channel, at least 1 (Slack: 1, Discord: 5)
     * @param window the window (Slack: 1 s, Discord: 5 s)
     * @param ticker the time source; {@code Ticker.systemTicker()} outside tests
     * @throws IllegalArgumentException if {@code calls < 1} or {@code window} is not positive
     */
    public EditBudget(int calls, Duration window, Ticker ticker) {
        if (calls < 1 || window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("need calls >= 1 and a positive window: " + calls + " per " + window);
        }
        this.calls = calls;
        this.windowNanos = window.toNanos();
        this.ticker = Objects.requireNonNull(ticker, "ticker");
        this.channels = Caffeine.newBuilder().ticker(ticker)
                .expireAfterAccess(Duration.ofNanos(Math.max(windowNanos * 10, Duration.ofMinutes(1).toNanos())))
                .build();
    }

    /**
     * Slack's rule: one {@code chat.postMessage}/{@code chat.update} per second per channel (Slack API docs, "Rate
     * limits": "1 message per second per channel, short bursts allowed").
     *
     * @param ticker the time source
     * @return 1 call per 1 s
     */
    public static EditBudget slack(Ticker ticker) {
        return new EditBudget(1, Duration.ofSeconds(1), ticker);
    }

    /**
     * Discord's rule: 5 message edits or posts per 5 seconds per channel (the per-route bucket reported in
     * {@code X-RateLimit-Limit}/{@code X-RateLimit-Reset-After}), with a 5 % margin so that request jitter never
     * lands a sixth call inside Discord's window.
     *
     * @param ticker the time source
     * @return 5 calls per 5.25 s
     */
    public static EditBudget discord(Ticker ticker) {
        return new EditBudget(5, Duration.ofMillis(5_250), ticker);
    }

    /**
     * Takes one call from a channel's budget if there is one left now.
     *
     * @param channel the platform's channel id
     * @return true if the caller may post or edit now (and the call is counted), false to try again later
     */
    public boolean tryAcquire(String channel) {
        Window w = channels.get(channel, k -> new Window(calls));
        synchronized (w) {
            long now = ticker.read();
            if (now < w.pausedUntil) {
                return false;
            }
            long oldest = w.sent[w.next];
            if (w.count == calls && now - oldest < windowNanos) {
                return false;
            }
            w.sent[w.next] = now;
            w.next = (w.next + 1) % calls;
            w.count = Math.min(calls, w.count + 1);
            return true;
        }
    }

    /**
     * Stops all calls in a channel for a while: the platform said 429 with {@code Retry-After}.
     *
     * @param channel the channel id
     * @param retryAfter how long; a later pause never shortens an earlier one
     */
    public void pause(String channel, Duration retryAfter) {
        Window w = channels.get(channel, k -> new Window(calls));
        synchronized (w) {
            w.pausedUntil = Math.max(w.pausedUntil, ticker.read() + retryAfter.toNanos());
        }
    }

    /**
     * The rule, for logs and docs.
     *
     * @return e.g. {@code "5 per PT5S"}
     */
    @Override
    public String toString() {
        return calls + " per " + Duration.ofNanos(windowNanos);
    }

    /** The send times of the last {@code calls} calls in a channel, as a ring. */
    private static final class Window {
        final long[] sent;
        int next;
        int count;
        long pausedUntil = Long.MIN_VALUE;

        Window(int calls) {
            sent = new long[calls];
        }
    }
}
