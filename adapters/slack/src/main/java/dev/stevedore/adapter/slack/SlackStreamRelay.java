package dev.stevedore.adapter.slack;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.stevedore.core.auth.Caller;
import dev.stevedore.core.auth.Platform;
import dev.stevedore.core.bus.ConversationRef;
import dev.stevedore.core.port.MessageRef;
import dev.stevedore.core.port.MessageSink;
import dev.stevedore.core.port.RateLimitedException;
import dev.stevedore.core.reply.Reply;
import dev.stevedore.core.stream.EditBudget;
import dev.stevedore.core.stream.LiveStream;
import dev.stevedore.core.stream.StreamPump;
import dev.stevedore.core.stream.StreamRegistry;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Shows a {@link LiveStream} ({@code logs -f}, {@code attach}, {@code run} in the foreground) in Slack through the
 * core {@link StreamPump}: the first message in the channel, later ones as replies in its thread ({@code thread_ts})
 * when a message is full, edited no faster than one call per {@code editInterval} per channel (Slack: about one
 * message per second per channel, "Rate limits" in the Slack API docs), shared by all streams in that channel; a
 * {@code 429 Retry-After} pauses the channel. The Stop/Detach button ({@code stv:stop:<id>}) is handled by the
 * command bus: only the requester or an admin may press it.
 *
 * <p>Thread-safe: lines arrive on an engine I/O thread and never block it.
 */
final class SlackStreamRelay implements AutoCloseable {
    /** Most characters of output in one message, escaped (a section holds 3000; fences and notes take the rest). */
    static final int SHOWN_CHARS = 2_800;
    /** Longest line kept, in characters. */
    static final int MAX_LINE = 1_000;
    private static final Logger log = LoggerFactory.getLogger(SlackStreamRelay.class);

    private final StreamPump pump;
    /** Interactive sessions by "channel/thread ts" of their first message: thread replies go to their stdin. */
    private final java.util.Map<String, StreamPump.Session> inputs = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * Creates the relay.
     *
     * @param sink posts and edits the messages
     * @param scheduler runs the pump's ticks
     * @param editInterval the shortest time between two calls in one channel, e.g. 1 second
     * @param registry the command bus's stream registry (Stop buttons)
     */
    SlackStreamRelay(SlackMessageSink sink, ScheduledExecutorService scheduler, Duration editInterval,
            StreamRegistry registry) {
        this.pump = new StreamPump(new Failing(sink), new EditBudget(1, editInterval, Ticker.systemTicker()), registry,
                scheduler, Duration.ofMillis(Math.max(20, Math.min(100, editInterval.toMillis() / 2))),
                new StreamPump.Limits(SHOWN_CHARS, MAX_LINE, SHOWN_CHARS * 4, true,
                        l -> SlackText.escapeCode(l).length()));
    }

    /**
     * Starts showing a stream.
     *
     * @param stream the stream, not yet started
     * @param where the channel (and thread) to post the first message in
     * @param requester who asked: may press Stop and type into an interactive stream
     * @param onPostFailure told Slack's error code when the first message cannot be posted (the stream is stopped)
     * @return the session
     */
    StreamPump.Session start(LiveStream stream, ConversationRef where, Caller requester,
            Consumer<String> onPostFailure) {
        StreamPump.Session s = pump.start(stream, where, requester);
        s.firstMessage().whenComplete((ref, t) -> {
            if (t != null) {
                onPostFailure.accept(SlackMessageSink.reason(t));
            } else if (stream.acceptsInput()) {
                String key = ref.conversation().channelId() + "/" + ref.messageId();
                inputs.put(key, s);
                s.done().whenComplete((v, e) -> inputs.remove(key));
            }
        });
        return s;
    }

    /**
     * Starts showing a stream for a Slack user known only by id.
     *
     * @param stream the stream
     * @param where the channel
     * @param requesterId the Slack user id
     * @param onPostFailure told Slack's error code when the first message cannot be posted
     * @return the session
     */
    StreamPump.Session start(LiveStream stream, ConversationRef where, String requesterId,
            Consumer<String> onPostFailure) {
        return start(stream, where, new Caller(Platform.SLACK, requesterId, requesterId, Set.of()), onPostFailure);
    }

    /**
     * A message posted in a live message's thread (Events API {@code message} event): for an interactive session
     * (attach, {@code run -i}) and from its requester, the text goes to the container's stdin, with Slack's
     * {@code &amp; &lt; &gt;} undone. Other people's replies and other threads are ignored.
     *
     * @param channelId the channel
     * @param threadTs the thread's parent {@code ts}
     * @param userId who wrote it
     * @param text the message text as Slack sends it
     * @return true if it went to a container
     */
    boolean input(String channelId, String threadTs, String userId, String text) {
        StreamPump.Session s = inputs.get(channelId + "/" + threadTs);
        if (s == null || s.requester().platform() != Platform.SLACK || !s.requester().userId().equals(userId)) {
            return false;
        }
        try {
            s.stream().send(text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&"));
            return true;
        } catch (IllegalStateException ended) {
            return false;
        }
    }

    /** Stops every stream; their final edits may still go out. */
    @Override
    public void close() {
        pump.close();
    }

    /** Posts that fail visibly (the pump stops a stream it cannot show) and 429s as {@link RateLimitedException}. */
    private record Failing(SlackMessageSink sink) implements MessageSink {
        @Override
        public CompletableFuture<MessageRef> post(ConversationRef where, Reply reply) {
            return sink.postOrFail(where, reply).handle((ref, t) -> {
                if (t != null) {
                    throw new CompletionException(rateLimited(t));
                }
                return ref;
            });
        }

        @Override
        public CompletableFuture<MessageRef> edit(MessageRef message, Reply reply) {
            return sink.editOrFail(message, reply).handle((ref, t) -> {
                if (t == null) {
                    return ref;
                }
                Throwable r = rateLimited(t);
                if (r instanceof RateLimitedException) {
                    throw new CompletionException(r);
                }
                log.warn("chat.update of a live message in {} failed: {}", message.conversation().channelId(),
                        SlackMessageSink.reason(t));
                return message;
            });
        }

        private static Throwable rateLimited(Throwable t) {
            Throwable c = t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
            if (c instanceof SlackWeb.CallException e && e.retryAfter().isPresent()) {
                return new RateLimitedException(e.retryAfter().get());
            }
            return c;
        }
    }
}
