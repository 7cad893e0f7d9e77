package dev.stevedore.core.audit;

import java.time.Instant;
import java.util.Objects;

/**
 * One line of the audit log: who ran what, where, with what result.
 *
 * @param at when the bus finished the invocation
 * @param invocation the invocation id, as in the bot's log
 * @param platform {@code shell}, {@code slack} or {@code discord}
 * @param userId the platform user id
 * @param userName the display name at the time
 * @param conversation the channel id ({@code tty} for the shell)
 * @param input the command text, or {@code action:<id>} for a button click
 * @param outcome {@code success}, {@code info}, {@code warning} (e.g. a confirmation asked), {@code error}, or
 *     {@code busy}
 * @param summary the reply's first line, at most 200 characters
 * @param durationMillis time from dispatch to reply, in milliseconds
 */
public record AuditEntry(
        Instant at,
        String invocation,
        String platform,
        String userId,
        String userName,
        String conversation,
        String input,
        String outcome,
        String summary,
        long durationMillis) {
    /** Validates. */
    public AuditEntry {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(invocation, "invocation");
        Objects.requireNonNull(platform, "platform");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(userName, "userName");
        Objects.requireNonNull(conversation, "conversation");
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(summary, "summary");
    }
}
