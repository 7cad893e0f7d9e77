package dev.stevedore.core.bus;

import dev.stevedore.core.auth.Platform;
import java.util.Objects;
import java.util.Optional;

/**
 * Where an invocation was typed and where its replies go.
 *
 * @param platform the adapter
 * @param workspace the Slack team id or Discord guild id; {@code "local"} for the shell; empty string in a DM
 * @param channelId the Slack channel id, Discord channel id, or {@code "tty"} for the shell
 * @param threadId the thread the invocation belongs to, if any
 */
public record ConversationRef(Platform platform, String workspace, String channelId, Optional<String> threadId) {
    /** Validates. */
    public ConversationRef {
        Objects.requireNonNull(platform, "platform");
        Objects.requireNonNull(workspace, "workspace");
        Objects.requireNonNull(channelId, "channelId");
        Objects.requireNonNull(threadId, "threadId");
    }

    /**
     * The local terminal.
     *
     * @return the shell conversation
     */
    public static ConversationRef shell() {
        return new ConversationRef(Platform.SHELL, "local", "tty", Optional.empty());
    }
}
