package dev.stevedore.core.port;

import java.time.Duration;
import java.util.Objects;

/**
 * The platform refused a post or edit because of its rate limit (HTTP 429 with {@code Retry-After}, Slack's
 * {@code ratelimited}, Discord's per-route buckets). A {@link MessageSink} completes its future exceptionally with
 * this exception — the one exception to its "never exceptionally" rule — so that a caller that sends often (a live
 * stream) can back off; callers that send once may treat it like any other failed post.
 *
 * <p>Its message is safe to log; it is never shown in a chat.
 */
public final class RateLimitedException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final Duration retryAfter;

    /**
     * Creates the signal.
     *
     * @param retryAfter how long the platform asked to wait before the next call in that channel; at least 0
     * @throws IllegalArgumentException if {@code retryAfter} is negative
     */
    public RateLimitedException(Duration retryAfter) {
        super("rate limited; retry after " + retryAfter.toMillis() + " ms", null, false, false);
        if (Objects.requireNonNull(retryAfter, "retryAfter").isNegative()) {
            throw new IllegalArgumentException("negative retryAfter: " + retryAfter);
        }
        this.retryAfter = retryAfter;
    }

    /**
     * How long to wait.
     *
     * @return the platform's {@code Retry-After}
     */
    public Duration retryAfter() {
        return retryAfter;
    }
}
