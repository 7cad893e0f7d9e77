package dev.stevedore.core.port;

import dev.stevedore.core.bus.ConversationRef;
import java.util.Objects;

/**
 * A message the bot posted, so it can be edited later: a stream's live message, an alert updated in place.
 *
 * @param conversation where it is (a thread when {@code conversation.threadId()} is present)
 * @param messageId the platform's message id: Slack {@code ts}, Discord message snowflake, a counter in the shell
 */
public record MessageRef(ConversationRef conversation, String messageId) {
    /** Validates. */
    public MessageRef {
        Objects.requireNonNull(conversation, "conversation");
        Objects.requireNonNull(messageId, "messageId");
    }
}
