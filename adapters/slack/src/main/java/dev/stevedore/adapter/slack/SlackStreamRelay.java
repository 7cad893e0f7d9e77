package dev.stevedore.adapter.slack;

import dev.stevedore.core.bus.ConversationRef;
import dev.stevedore.core.port.MessageRef;
import dev.stevedore.core.reply.Action;
import dev.stevedore.core.reply.Block;
import dev.stevedore.core.reply.Reply;
import dev.stevedore.core.reply.Severity;
import dev.stevedore.core.reply.Visibility;
import dev.stevedore.core.stream.LiveStream;
import dev.stevedore.core.stream.StreamEnd;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Shows a {@link LiveStream} ({@code logs -f}, {@code attach}, {@code run} in the foreground) as one Slack message
 * that is edited as lines arrive, then ends with the reason the stream ended.
 *
 * <p>Bounded whatever the container prints: only the last {@code maxLines} lines are kept (each cut to
 * {@value #MAX_LINE} characters) and the message shows the newest lines that fit one code block, with the exact
 * count of the lines left out. Edits happen at most once per {@code editInterval} (Slack's {@code chat.update} is a
 * Tier 3 method, about 50 calls a minute), never two at a time. A Stop button, which only the requester may use,
 * ends the stream; the container keeps running. Streaming into a thread with rollover and thread replies as stdin
 * is later work.
 *
 * <p>Thread-safe: lines arrive on an engine I/O thread and never block it.
 */
final class SlackStreamRelay implements AutoCloseable {
    /** Prefix of the Stop button's action id; the rest is the session key. */
    static final String STOP_PREFIX = "stv-slack:stop:";
    /** Longest line kept, in characters. */
    static final int MAX_LINE = 1_000;
    /** Most characters of output shown in the message (one section, with room for the fences). */
    static final int SHOWN_CHARS = 2_800;
    private static final Logger log = LoggerFactory.getLogger(SlackStreamRelay.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SlackMessageSink sink;
    private final ScheduledExecutorService scheduler;
    private final Duration editInterval;
    private final int maxLines;
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();

    /**
     * Creates the relay.
     *
     * @param sink posts and edits the messages
     * @param scheduler runs the periodic edits
     * @param editInterval the shortest time between two edits of one message, e.g. 1 second
     * @param maxLines the most lines kept per stream, e.g. 200
     */
    SlackStreamRelay(SlackMessageSink sink, ScheduledExecutorService scheduler, Duration editInterval, int maxLines) {
        this.sink = sink;
        this.scheduler = scheduler;
        this.editInterval = editInterval;
        this.maxLines = maxLines;
    }

    /**
     * Posts the live message, then starts the stream.
     *
     * @param stream the stream, not yet started
     * @param where the channel (and thread) to post in
     * @param requesterId the Slack user id allowed to press Stop
     * @param onPostFailure told Slack's error code when the message cannot be posted (the stream is then stopped)
     * @return completes when the message is posted and the stream started, or the post failed
     */
    CompletableFuture<Void> start(LiveStream stream, ConversationRef where, String requesterId,
            Consumer<String> onPostFailure) {
        Session s = new Session(key(), stream, requesterId);
        sessions.put(s.key, s);
        return sink.postOrFail(where, s.render()).handle((ref, t) -> {
            if (t != null) {
                sessions.remove(s.key);
                stream.stop();
                onPostFailure.accept(SlackMessageSink.reason(t));
                return null;
            }
            s.begin(ref);
            return null;
        });
    }

    /**
     * Handles a Stop click.
     *
     * @param actionId the button's action id
     * @param clickerId who clicked
     * @return empty if stopped (or already over), else why not, for an ephemeral answer
     */
    Optional<String> stop(String actionId, String clickerId) {
        Session s = sessions.get(actionId.substring(STOP_PREFIX.length()));
        if (s == null) {
            return Optional.empty();
        }
        if (!s.requesterId.equals(clickerId)) {
            return Optional.of("Only <@" + s.requesterId + "> can stop this.");
        }
        s.stream.stop();
        return Optional.empty();
    }

    /**
     * The streams being shown.
     *
     * @return how many
     */
    int active() {
        return sessions.size();
    }

    /** Stops every stream; their final edits may still go out. */
    @Override
    public void close() {
        for (Session s : List.copyOf(sessions.values())) {
            s.stream.stop();
        }
    }

    private static String key() {
        byte[] b = new byte[12];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    /** One stream shown in one message. */
    private final class Session {
        final String key;
        final LiveStream stream;
        final String requesterId;
        private final ArrayDeque<String> lines = new ArrayDeque<>();
        private long total;
        private boolean dirty;
        private @Nullable MessageRef ref;
        private @Nullable ScheduledFuture<?> ticker;
        private CompletableFuture<?> inFlight = CompletableFuture.completedFuture(null);
        private long lastEditNanos;
        private @Nullable StreamEnd end;

        Session(String key, LiveStream stream, String requesterId) {
            this.key = key;
            this.stream = stream;
            this.requesterId = requesterId;
        }

        void begin(MessageRef posted) {
            synchronized (this) {
                ref = posted;
                lastEditNanos = System.nanoTime();
            }
            try {
                stream.start(line -> onLine(line.text()));
            } catch (RuntimeException e) {
                log.warn("live stream {} did not start: {}", stream.title(), e.getClass().getSimpleName());
            }
            long ms = Math.max(1, editInterval.toMillis());
            synchronized (this) {
                ticker = scheduler.scheduleAtFixedRate(this::flush, ms, ms, TimeUnit.MILLISECONDS);
            }
            stream.ended().whenComplete((e, t) -> onEnd(e != null ? e
                    : new StreamEnd(StreamEnd.Reason.ENGINE_ERROR, java.util.OptionalLong.empty(), "")));
        }

        synchronized void onLine(String text) {
            lines.addLast(text.length() > MAX_LINE ? SlackText.cut(text, MAX_LINE) : text);
            if (lines.size() > maxLines) {
                lines.removeFirst();
            }
            total++;
            dirty = true;
        }

        private synchronized void flush() {
            if (!dirty || !inFlight.isDone() || end != null || ref == null) {
                return;
            }
            dirty = false;
            edit(render());
        }

        private synchronized void onEnd(StreamEnd e) {
            end = e;
            if (ticker != null) {
                ticker.cancel(false);
            }
            long sinceLast = System.nanoTime() - lastEditNanos;
            long wait = Math.max(0, editInterval.toNanos() - sinceLast);
            Reply last = render();
            scheduler.schedule(() -> {
                synchronized (Session.this) {
                    inFlight = inFlight.handle((x, t) -> null).thenCompose(x -> {
                        synchronized (Session.this) {
                            lastEditNanos = System.nanoTime();
                        }
                        return ref == null ? CompletableFuture.completedFuture(null) : sink.edit(ref, last);
                    }).whenComplete((x, t) -> sessions.remove(key));
                }
            }, wait, TimeUnit.NANOSECONDS);
        }

        private void edit(Reply content) {
            MessageRef r = ref;
            if (r == null) {
                return;
            }
            lastEditNanos = System.nanoTime();
            inFlight = sink.edit(r, content);
        }

        /** The message: title, the newest lines that fit, how many are left out, and Stop or the end. */
        synchronized Reply render() {
            List<Block> blocks = new ArrayList<>();
            String title = stream.title();
            blocks.add(new Block.Text(title));
            List<String> shown = new ArrayList<>();
            int used = 0;
            for (var it = lines.descendingIterator(); it.hasNext(); ) {
                String l = it.next();
                int cost = SlackText.escapeCode(l).length() + 1;
                if (used + cost > SHOWN_CHARS) {
                    break;
                }
                used += cost;
                shown.add(l);
            }
            Collections.reverse(shown);
            long omitted = total - shown.size();
            if (omitted > 0) {
                blocks.add(new Block.Text("… " + omitted + (omitted == 1 ? " earlier line" : " earlier lines")
                        + " not shown"));
            }
            blocks.add(new Block.Code(shown.isEmpty() ? (end == null ? "(waiting for output)" : "(no output)")
                    : String.join("\n", shown), ""));
            if (end == null) {
                if (stream.acceptsInput()) {
                    blocks.add(new Block.Text("Typing into the container from Slack is not supported yet;"
                            + " use Stop to detach (it keeps running)."));
                }
                blocks.add(new Block.Actions(List.of(new Action(STOP_PREFIX + key, "Stop", Action.Kind.STOP))));
            } else {
                blocks.add(new Block.Notice(severity(end), end.describe(subject(title))));
            }
            return new Reply(Visibility.PUBLIC, blocks, Optional.empty());
        }
    }

    private static Severity severity(StreamEnd end) {
        switch (end.reason()) {
            case CONTAINER_EXITED:
                return end.exitCode().orElse(0) == 0 ? Severity.SUCCESS : Severity.WARNING;
            case ENGINE_ERROR:
                return Severity.ERROR;
            default:
                return Severity.INFO;
        }
    }

    /** The container named by a stream title such as {@code logs -f web}. */
    static String subject(String title) {
        return title.substring(title.lastIndexOf(' ') + 1);
    }
}
