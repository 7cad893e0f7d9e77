package dev.stevedore.adapter.discord;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.stevedore.core.auth.Caller;
import dev.stevedore.core.bus.ConversationRef;
import dev.stevedore.core.port.MessageRef;
import dev.stevedore.core.port.MessageSink;
import dev.stevedore.core.reply.Reply;
import dev.stevedore.core.stream.EditBudget;
import dev.stevedore.core.stream.LiveStream;
import dev.stevedore.core.stream.StreamPump;
import dev.stevedore.core.stream.StreamRegistry;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Shows a {@link LiveStream} ({@code logs -f}, {@code attach}, {@code run} in the foreground) in Discord through the
 * core {@link StreamPump}: messages in the command's channel (or thread), each edited with the newest lines and
 * rolled over to a new message when full, within Discord's 5 edits per 5 seconds per channel
 * ({@link EditBudget#discord}), shared by all streams in that channel. JDA's requester also queues on Discord's
 * {@code 429} buckets. The Stop/Detach button ({@code stv:stop:<id>}) goes to the command bus, which lets only the
 * requester or an admin press it; the final edit says why the stream ended.
 *
 * <p>Listener callbacks run on engine threads and never block. Thread-safe.
 */
final class DiscordStreamPublisher implements AutoCloseable {
    /** Characters of output one message shows, leaving room for the header, fences and the end line (2000). */
    static final int WINDOW_CHARS = 1_700;
    /** Longest single line kept, so one huge line cannot fill the window alone. */
    static final int MAX_LINE_CHARS = 400;

    private final StreamPump pump;
    /** Interactive sessions (attach, run -i) by "channel/requester id": the requester's messages go to stdin. */
    private final java.util.Map<String, StreamPump.Session> inputs = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * Creates the publisher.
     *
     * @param sink posts and edits the stream's messages
     * @param scheduler runs the pump's ticks
     * @param registry the command bus's stream registry (Stop buttons)
     * @param ticker the time source of the per-channel budget
     */
    DiscordStreamPublisher(DiscordMessageSink sink, ScheduledExecutorService scheduler, StreamRegistry registry,
            Ticker ticker) {
        this.pump = new StreamPump(new Visible(sink), EditBudget.discord(ticker), registry, scheduler,
                Duration.ofMillis(100), new StreamPump.Limits(WINDOW_CHARS, MAX_LINE_CHARS, WINDOW_CHARS * 4, false,
                        l -> DiscordText.breakBackticks(l).length()));
    }

    /**
     * Starts the stream and posts its first message at the channel's next free call.
     *
     * @param stream the stream from the reply; not started yet
     * @param where the channel (and thread) of the command
     * @param requester who started it; with admins, the only one who may press Stop
     * @return the session
     */
    StreamPump.Session publish(LiveStream stream, ConversationRef where, Caller requester) {
        StreamPump.Session s = pump.start(stream, where, requester);
        if (stream.acceptsInput()) {
            String key = where.threadId().orElse(where.channelId()) + "/" + requester.userId();
            inputs.put(key, s);
            s.done().whenComplete((v, t) -> inputs.remove(key, s));
        }
        return s;
    }

    /**
     * A message in a channel or thread (gateway {@code MESSAGE_CREATE}, which needs the {@code GUILD_MESSAGES} and
     * privileged {@code MESSAGE_CONTENT} intents): when its author has an interactive session there, the text goes to
     * the container's stdin. Messages of other people are ignored.
     *
     * @param channelId the channel or thread id
     * @param userId the author
     * @param text the raw content
     * @param allowed whether the session's requester may still type into a container (the {@code attach}
     *     permission)
     * @return the session it went to, or empty
     */
    java.util.Optional<StreamPump.Session> input(String channelId, String userId, String text,
            java.util.function.Predicate<Caller> allowed) {
        StreamPump.Session s = inputs.get(channelId + "/" + userId);
        if (s == null || !allowed.test(s.requester())) {
            return java.util.Optional.empty();
        }
        try {
            s.stream().send(text);
            return java.util.Optional.of(s);
        } catch (IllegalStateException ended) {
            return java.util.Optional.empty();
        }
    }

    @Override
    public void close() {
        pump.close();
    }

    /** A post Discord refused (empty id) fails, so the pump stops a stream nobody can see. */
    private record Visible(DiscordMessageSink sink) implements MessageSink {
        @Override
        public CompletableFuture<MessageRef> post(ConversationRef where, Reply reply) {
            return sink.post(where, reply).thenApply(ref -> {
                if (ref.messageId().isEmpty()) {
                    throw new IllegalStateException("Discord refused the live message in " + where.channelId());
                }
                return ref;
            });
        }

        @Override
        public CompletableFuture<MessageRef> edit(MessageRef message, Reply reply) {
            return sink.edit(message, reply);
        }
    }
}
