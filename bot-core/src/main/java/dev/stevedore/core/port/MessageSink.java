package dev.stevedore.core.port;

import dev.stevedore.core.bus.ConversationRef;
import dev.stevedore.core.reply.Reply;
import java.util.concurrent.CompletableFuture;

/**
 * Posts and edits messages on one platform outside the request/response of a command: live streams, exit alerts,
 * anything sent after an interaction token or {@code response_url} may have expired. Each adapter implements it
 * (Slack {@code chat.postMessage}/{@code chat.update}, Discord channel messages, the shell prints).
 *
 * <p>Implementations render the {@link Reply} with their platform's limits and escaping, never block the caller
 * (they return at once and complete the future when the platform answered), never complete the future
 * exceptionally for a platform error (they log it and complete with what was posted, if anything), and are
 * thread-safe.
 */
public interface MessageSink {

    /**
     * Posts a new message.
     *
     * @param where the channel, and the thread when {@code where.threadId()} is present
     * @param reply what to show; {@link dev.stevedore.core.reply.Visibility#ONLY_CALLER} is not supported here and is
     *     posted publicly
     * @return the posted message, to edit later
     */
    CompletableFuture<MessageRef> post(ConversationRef where, Reply reply);

    /**
     * Replaces the content of a message posted earlier.
     *
     * @param message the message
     * @param reply its new content
     * @return the message (the same reference) once edited
     */
    CompletableFuture<MessageRef> edit(MessageRef message, Reply reply);
}
