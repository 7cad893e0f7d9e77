package dev.stevedore.adapter.discord;

import java.util.function.Consumer;
import net.dv8tion.jda.api.exceptions.ErrorResponseException;
import net.dv8tion.jda.api.exceptions.InteractionExpiredException;
import net.dv8tion.jda.api.requests.ErrorResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The failure callbacks given to JDA's {@code queue(success, failure)}: each logs once, with what was being done and
 * the invocation id, and never rethrows (a JDA callback that throws only produces a second log line). An
 * interaction that Discord no longer knows ({@code 10062 Unknown interaction}, {@code 10015 Unknown webhook}, or a
 * hook past its 15 minutes) is logged at INFO: it means the user waited too long or Discord retried, not a bug.
 */
final class DiscordErrors {
    private static final Logger log = LoggerFactory.getLogger(DiscordErrors.class);

    private DiscordErrors() {}

    /**
     * A failure callback that logs.
     *
     * @param what what was being sent, e.g. {@code "defer"}
     * @param invocation the invocation id, for the log line
     * @return the callback
     */
    static Consumer<Throwable> log(String what, String invocation) {
        return error -> {
            if (gone(error)) {
                log.info("Discord {} for invocation {} not delivered: the interaction is gone ({})", what, invocation,
                        error.getMessage());
            } else {
                log.warn("Discord {} for invocation {} failed: {}", what, invocation, error.toString());
            }
        };
    }

    /**
     * Queues a request from inside another request's callback, where JDA may already be shutting down: a request
     * refused because the connection is closing is dropped with a DEBUG line instead of an exception in JDA's
     * callback thread.
     *
     * @param send the code that queues the request
     */
    static void quietly(Runnable send) {
        try {
            send.run();
        } catch (java.util.concurrent.RejectedExecutionException shuttingDown) {
            log.debug("Discord connection closed; request dropped");
        }
    }

    /**
     * Whether an error means the interaction or its webhook no longer exists.
     *
     * @param error the failure
     * @return true for unknown interaction, unknown webhook or an expired hook
     */
    static boolean gone(Throwable error) {
        if (error instanceof InteractionExpiredException) {
            return true;
        }
        return error instanceof ErrorResponseException e
                && (e.getErrorResponse() == ErrorResponse.UNKNOWN_INTERACTION
                        || e.getErrorResponse() == ErrorResponse.UNKNOWN_WEBHOOK);
    }
}
