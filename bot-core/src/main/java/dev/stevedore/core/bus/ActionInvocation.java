package dev.stevedore.core.bus;

import dev.stevedore.core.auth.Caller;
import java.time.Instant;
import java.util.Objects;

/**
 * A button click (or a {@code y}/{@code n} answer in the terminal) on an {@link dev.stevedore.core.reply.Action}.
 *
 * @param id the invocation id for logs and audit
 * @param caller who clicked; may differ from who asked
 * @param conversation where the button was
 * @param actionId the {@link dev.stevedore.core.reply.Action#id()} sent back by the platform
 * @param receivedAt when the adapter received the click
 */
public record ActionInvocation(
        InvocationId id, Caller caller, ConversationRef conversation, String actionId, Instant receivedAt) {
    /** Validates. */
    public ActionInvocation {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(caller, "caller");
        Objects.requireNonNull(conversation, "conversation");
        Objects.requireNonNull(actionId, "actionId");
        Objects.requireNonNull(receivedAt, "receivedAt");
    }

    /**
     * A new click with a random id, received now.
     *
     * @param caller who clicked
     * @param conversation where
     * @param actionId the action id
     * @return the click
     */
    public static ActionInvocation of(Caller caller, ConversationRef conversation, String actionId) {
        return new ActionInvocation(InvocationId.random(), caller, conversation, actionId, Instant.now());
    }
}
