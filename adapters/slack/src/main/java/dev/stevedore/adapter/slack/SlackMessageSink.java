package dev.stevedore.adapter.slack;

import dev.stevedore.core.bus.ConversationRef;
import dev.stevedore.core.port.MessageRef;
import dev.stevedore.core.port.MessageSink;
import dev.stevedore.core.reply.Reply;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Slack {@link MessageSink}: {@code chat.postMessage} and {@code chat.update} with the bot token, for live
 * output and alerts — anything sent after a {@code response_url} may have expired (it allows 5 posts within 30
 * minutes).
 *
 * <p>Replies are rendered by {@link SlackReplyRenderer}; output that does not fit one message is cut with a
 * "showing N of M lines" note (no file is attached here). The bot must be a member of the channel (Slack answers
 * {@code not_in_channel} otherwise).
 *
 * <p>Never blocks the caller: the calls run on the adapter's outbound executor. The futures never complete
 * exceptionally: a failure is logged and the future completes with a {@link MessageRef} whose
 * {@link MessageRef#messageId()} is empty (nothing was posted). Thread-safe.
 */
public final class SlackMessageSink implements MessageSink {
    private static final Logger log = LoggerFactory.getLogger(SlackMessageSink.class);
    private static final String HINT = "Older output is left out.";

    private final SlackWeb web;
    private final SlackReplyRenderer renderer;
    private final Executor executor;

    SlackMessageSink(SlackWeb web, SlackReplyRenderer renderer, Executor executor) {
        this.web = web;
        this.renderer = renderer;
        this.executor = executor;
    }

    @Override
    public CompletableFuture<MessageRef> post(ConversationRef where, Reply reply) {
        return postOrFail(where, reply).exceptionally(t -> {
            log.warn("chat.postMessage to {} failed: {}", where.channelId(), reason(t));
            return new MessageRef(where, "");
        });
    }

    /**
     * Replaces a message's content; a reference with an empty id (a post that failed) is posted anew.
     *
     * @param message the message
     * @param reply its new content
     * @return the message once edited (a new reference if it had to be posted)
     */
    @Override
    public CompletableFuture<MessageRef> edit(MessageRef message, Reply reply) {
        if (message.messageId().isEmpty()) {
            return post(message.conversation(), reply);
        }
        return editOrFail(message, reply).exceptionally(t -> {
            log.warn("chat.update of {} in {} failed: {}", message.messageId(), message.conversation().channelId(),
                    reason(t));
            return message;
        });
    }

    /**
     * Like {@link #post}, but fails with a {@link SlackWeb.CallException} carrying Slack's error code.
     *
     * @param where the channel and thread
     * @param reply the content
     * @return the posted message
     */
    CompletableFuture<MessageRef> postOrFail(ConversationRef where, Reply reply) {
        return CompletableFuture.supplyAsync(() -> {
            SlackMessage m = renderer.render(reply, Optional.empty(), HINT);
            String ts = web.postMessage(where.channelId(), where.threadId().orElse(null), m);
            return new MessageRef(where, ts);
        }, executor);
    }

    /**
     * Like {@link #edit}, but fails with a {@link SlackWeb.CallException} carrying Slack's error code.
     *
     * @param message the message
     * @param reply the content
     * @return the message
     */
    CompletableFuture<MessageRef> editOrFail(MessageRef message, Reply reply) {
        return CompletableFuture.supplyAsync(() -> {
            SlackMessage m = renderer.render(reply, Optional.empty(), HINT);
            web.update(message.conversation().channelId(), message.messageId(), m);
            return message;
        }, executor);
    }

    static String reason(Throwable t) {
        Throwable c = t instanceof java.util.concurrent.CompletionException && t.getCause() != null ? t.getCause() : t;
        return c instanceof SlackWeb.CallException ? c.getMessage() : c.getClass().getSimpleName();
    }
}
