package dev.stevedore.adapter.discord;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.stevedore.core.bus.ConversationRef;
import dev.stevedore.core.port.MessageRef;
import dev.stevedore.core.port.MessageSink;
import dev.stevedore.core.reply.Reply;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import net.dv8tion.jda.api.JDA;
import net.dv8tion.jda.api.entities.channel.middleman.MessageChannel;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link MessageSink} on Discord channel messages ({@code POST /channels/{id}/messages} and
 * {@code PATCH /channels/{id}/messages/{message}}), for what outlives an interaction token (a hook expires after
 * 15 minutes): live streams, confirmation expiry, alerts.
 *
 * <p>The channel is {@code where.threadId()} when present, else {@code where.channelId()}; it must be in JDA's cache
 * (guild channels and threads are, with the {@code GUILDS} intent) or have been seen in an interaction
 * ({@link #remember}; DMs). Messages are rendered by {@link DiscordReplyRenderer} and sent with no mentions allowed.
 *
 * <p>Never blocks: requests are queued ({@code queue()}), and the futures complete on a JDA thread when Discord
 * answered. They never complete exceptionally: a failed post is logged and completes with a {@link MessageRef}
 * whose {@code messageId} is empty (editing it does nothing); a failed edit is logged and completes with the
 * reference. Thread-safe.
 */
public final class DiscordMessageSink implements MessageSink {
    private static final Logger log = LoggerFactory.getLogger(DiscordMessageSink.class);

    private final java.util.function.Supplier<JDA> jda;
    private final DiscordReplyRenderer renderer;
    private final Cache<String, MessageChannel> seen = Caffeine.newBuilder()
            .expireAfterAccess(Duration.ofHours(1))
            .maximumSize(10_000)
            .build();

    /**
     * Creates the sink.
     *
     * @param jda the JDA connection (looked up on each post, so the sink may exist before JDA is built)
     * @param renderer renders replies
     */
    public DiscordMessageSink(java.util.function.Supplier<JDA> jda, DiscordReplyRenderer renderer) {
        this.jda = jda;
        this.renderer = renderer;
    }

    /**
     * Remembers a channel an interaction came from, so DMs and channels outside the cache can be posted to.
     *
     * @param channel the channel
     */
    void remember(MessageChannel channel) {
        seen.put(channel.getId(), channel);
    }

    private @Nullable MessageChannel channel(ConversationRef where) {
        String id = where.threadId().orElse(where.channelId());
        MessageChannel c = seen.getIfPresent(id);
        if (c != null) {
            return c;
        }
        try {
            return jda.get().getChannelById(MessageChannel.class, id);
        } catch (IllegalStateException | NumberFormatException e) {
            return null;
        }
    }

    @Override
    public CompletableFuture<MessageRef> post(ConversationRef where, Reply reply) {
        return post(where, renderer.render(reply));
    }

    /**
     * Posts an already rendered message.
     *
     * @param where the channel or thread
     * @param message the message
     * @return the posted message; an empty id when posting failed
     */
    CompletableFuture<MessageRef> post(ConversationRef where, DiscordMessage message) {
        CompletableFuture<MessageRef> f = new CompletableFuture<>();
        MessageChannel c = channel(where);
        if (c == null) {
            log.warn("cannot post to Discord channel {}: not in the cache (is the bot in that guild?)",
                    where.threadId().orElse(where.channelId()));
            f.complete(new MessageRef(where, ""));
            return f;
        }
        try {
            c.sendMessage(message.toCreateData()).queue(
                    m -> f.complete(new MessageRef(where, m.getId())),
                    e -> {
                        log.warn("posting to Discord channel {} failed: {}", c.getId(), e.toString());
                        f.complete(new MessageRef(where, ""));
                    });
        } catch (RuntimeException e) {
            // JDA checks permissions and limits before queueing
            log.warn("posting to Discord channel {} refused: {}", c.getId(), e.toString());
            f.complete(new MessageRef(where, ""));
        }
        return f;
    }

    @Override
    public CompletableFuture<MessageRef> edit(MessageRef message, Reply reply) {
        return edit(message, renderer.render(reply));
    }

    /**
     * Replaces a message with an already rendered one (text, embeds, buttons and attachments).
     *
     * @param ref the message
     * @param message its new content
     * @return the reference, once Discord answered
     */
    CompletableFuture<MessageRef> edit(MessageRef ref, DiscordMessage message) {
        CompletableFuture<MessageRef> f = new CompletableFuture<>();
        MessageChannel c = channel(ref.conversation());
        if (ref.messageId().isEmpty() || c == null) {
            f.complete(ref);
            return f;
        }
        try {
            c.editMessageById(ref.messageId(), message.toEditData()).queue(
                    m -> f.complete(ref),
                    e -> {
                        log.warn("editing Discord message {} failed: {}", ref.messageId(), e.toString());
                        f.complete(ref);
                    });
        } catch (RuntimeException e) {
            log.warn("editing Discord message {} refused: {}", ref.messageId(), e.toString());
            f.complete(ref);
        }
        return f;
    }
}
