package dev.stevedore.core.internal.confirm;

import dev.stevedore.core.auth.Caller;
import dev.stevedore.core.bus.ConversationRef;
import dev.stevedore.core.command.Command;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A destructive command waiting for its requester's Confirm.
 *
 * @param token the random single-use token in the buttons' action ids
 * @param requester who asked; the only one who may confirm
 * @param conversation where it was asked; a click elsewhere is refused
 * @param command the parsed command
 * @param text the command as typed, for audit and messages
 * @param boundIds the container ids shown in the preview; exactly these are acted on
 * @param expiresAt when the token stops working
 */
public record PendingConfirmation(
        String token,
        Caller requester,
        ConversationRef conversation,
        Command command,
        String text,
        List<String> boundIds,
        Instant expiresAt) {
    /** Validates and copies. */
    public PendingConfirmation {
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(requester, "requester");
        Objects.requireNonNull(conversation, "conversation");
        Objects.requireNonNull(command, "command");
        Objects.requireNonNull(text, "text");
        boundIds = List.copyOf(boundIds);
        Objects.requireNonNull(expiresAt, "expiresAt");
    }
}
