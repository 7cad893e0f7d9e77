package dev.stevedore.adapter.discord;

import dev.stevedore.core.auth.Caller;
import dev.stevedore.core.bus.ConversationRef;
import dev.stevedore.core.port.MessageRef;
import dev.stevedore.core.reply.Action;
import dev.stevedore.core.reply.Block;
import dev.stevedore.core.reply.Severity;
import dev.stevedore.core.stream.LiveStream;
import dev.stevedore.core.stream.StreamEnd;
import dev.stevedore.core.stream.StreamLine;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Shows a {@link LiveStream} ({@code logs -f}, {@code attach}, {@code run} in the foreground) as one channel message
 * that is edited with the newest lines, at most once per {@code interval} (about one edit a second, within Discord's
 * rate limits), with a Stop button for the person who started it. When the stream ends the message shows the last
 * lines and why it ended ("web exited with code 3"), and the button goes.
 *
 * <p>Memory is bounded whatever the container prints: only the lines that fit in one message are kept, and the
 * message says how many earlier lines scrolled off. At most one edit per stream is in flight; lines that arrive
 * meanwhile go into the next edit. Input to attach sessions from Discord is not supported yet (the Stop button
 * detaches). Listener callbacks run on engine threads and never block. Thread-safe.
 */
final class DiscordStreamPublisher implements AutoCloseable {
    /** Prefix of Stop button ids; handled here, never sent to the command bus. */
    static final String STOP_PREFIX = "stv:dc:stop:";
    /** Characters of output one message shows, leaving room for the header and the end line. */
    static final int WINDOW_CHARS = 1700;
    /** Longest single line kept, so one huge line cannot fill the window alone. */
    static final int MAX_LINE_CHARS = 400;
    private static final Logger log = LoggerFactory.getLogger(DiscordStreamPublisher.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final DiscordMessageSink sink;
    private final DiscordReplyRenderer renderer;
    private final ScheduledExecutorService scheduler;
    private final Duration interval;
    private final Map<String, Follow> follows = new ConcurrentHashMap<>();

    /**
     * Creates the publisher.
     *
     * @param sink posts and edits the stream's message
     * @param renderer renders the message
     * @param scheduler runs the periodic flush
     * @param interval the shortest time between two edits of one message, e.g. 1 second
     */
    DiscordStreamPublisher(DiscordMessageSink sink, DiscordReplyRenderer renderer, ScheduledExecutorService scheduler,
            Duration interval) {
        this.sink = sink;
        this.renderer = renderer;
        this.scheduler = scheduler;
        this.interval = interval;
    }

    /**
     * Posts the stream's message and starts the stream.
     *
     * @param stream the stream from the reply; not started yet
     * @param where the channel (and thread) of the command
     * @param requester who started it; the only one who may press Stop
     */
    void publish(LiveStream stream, ConversationRef where, Caller requester) {
        byte[] b = new byte[12];
        RANDOM.nextBytes(b);
        String key = Base64.getUrlEncoder().withoutPadding().encodeToString(b);
        Follow f = new Follow(key, stream, where, requester);
        follows.put(key, f);
        f.begin();
    }

    /**
     * Handles a Stop click.
     *
     * @param buttonId the button's custom id, starting with {@link #STOP_PREFIX}
     * @param clicker who clicked
     * @return empty if the stream was stopped (or had ended), else the refusal to show only to the clicker
     */
    Optional<String> stop(String buttonId, Caller clicker) {
        Follow f = follows.get(buttonId.substring(STOP_PREFIX.length()));
        if (f == null) {
            return Optional.empty();
        }
        if (!f.requester.sameUserAs(clicker)) {
            return Optional.of("only " + f.requester.displayName() + " can stop this (they started it)");
        }
        f.stream.stop();
        return Optional.empty();
    }

    @Override
    public void close() {
        for (Follow f : List.copyOf(follows.values())) {
            f.stream.stop();
        }
    }

    /** One published stream. */
    private final class Follow {
        private final String key;
        private final LiveStream stream;
        private final ConversationRef where;
        private final Caller requester;
        private final ArrayDeque<String> window = new ArrayDeque<>();
        private int windowChars;
        private long total;
        private long scrolledOff;
        private boolean dirty;
        private boolean inFlight;
        private @Nullable StreamEnd end;
        private boolean finished;
        private @Nullable MessageRef message;
        private @Nullable ScheduledFuture<?> ticker;
        private long lastEditNanos = System.nanoTime();

        Follow(String key, LiveStream stream, ConversationRef where, Caller requester) {
            this.key = key;
            this.stream = stream;
            this.where = where;
            this.requester = requester;
        }

        void begin() {
            synchronized (this) {
                inFlight = true;
            }
            sink.post(where, render()).whenComplete((ref, error) -> {
                synchronized (this) {
                    message = ref;
                    inFlight = false;
                    lastEditNanos = System.nanoTime();
                }
                if (ref == null || ref.messageId().isEmpty()) {
                    log.warn("cannot show {} in Discord; stopping it", stream.title());
                    stream.stop();
                }
                flush();
            });
            try {
                stream.start(this::onLine);
            } catch (RuntimeException e) {
                log.warn("starting {} failed", stream.title(), e);
            }
            stream.ended().whenComplete((e, error) -> {
                synchronized (this) {
                    end = e != null ? e : new StreamEnd(StreamEnd.Reason.ENGINE_ERROR, java.util.OptionalLong.empty(),
                            "");
                    dirty = true;
                }
                flush();
            });
            ticker = scheduler.scheduleWithFixedDelay(this::flush, interval.toMillis(), interval.toMillis(),
                    TimeUnit.MILLISECONDS);
        }

        private void onLine(StreamLine line) {
            String text = DiscordText.cut(line.text(), MAX_LINE_CHARS);
            int cost = DiscordText.breakBackticks(text).length() + 1;
            synchronized (this) {
                total++;
                window.addLast(text);
                windowChars += cost;
                while (windowChars > WINDOW_CHARS && window.size() > 1) {
                    String gone = window.removeFirst();
                    windowChars -= DiscordText.breakBackticks(gone).length() + 1;
                    scrolledOff++;
                }
                dirty = true;
            }
        }

        /** Sends one edit if something changed and none is in flight; the final one removes the Stop button. */
        private void flush() {
            DiscordMessage next;
            MessageRef ref;
            boolean last;
            synchronized (this) {
                if (!dirty || inFlight || message == null || finished) {
                    return;
                }
                long wait = interval.toNanos() - (System.nanoTime() - lastEditNanos);
                if (wait > 0) {
                    // too soon after the last edit: the ticker (or this one-off) sends it
                    if (end != null) {
                        scheduler.schedule(this::flush, wait, TimeUnit.NANOSECONDS);
                    }
                    return;
                }
                lastEditNanos = System.nanoTime();
                dirty = false;
                inFlight = true;
                last = end != null;
                finished = last;
                next = render();
                ref = message;
            }
            CompletableFuture<MessageRef> sent = sink.edit(ref, next);
            sent.whenComplete((r, error) -> {
                synchronized (this) {
                    inFlight = false;
                }
                if (last) {
                    done();
                }
            });
        }

        private void done() {
            follows.remove(key);
            ScheduledFuture<?> t = ticker;
            if (t != null) {
                t.cancel(false);
            }
        }

        private synchronized DiscordMessage render() {
            List<Block> blocks = new ArrayList<>();
            String header = stream.title();
            if (scrolledOff > 0) {
                header += String.format(Locale.ROOT, " — %,d earlier lines scrolled off (%,d lines in all)",
                        scrolledOff, total);
            }
            blocks.add(new Block.Text(header));
            blocks.add(new Block.Code(window.isEmpty() ? "(no output yet)" : String.join("\n", window), ""));
            StreamEnd e = end;
            if (e != null) {
                String subject = stream.title().replaceFirst("^(logs -f|attach|run) ", "");
                Severity s = e.reason() == StreamEnd.Reason.ENGINE_ERROR ? Severity.ERROR : Severity.INFO;
                blocks.add(new Block.Notice(s, e.describe(subject)));
            } else {
                if (stream.acceptsInput()) {
                    blocks.add(new Block.Text("(typing into the container from Discord is not supported yet)"));
                }
                blocks.add(new Block.Actions(List.of(new Action(STOP_PREFIX + key, "Stop", Action.Kind.STOP))));
            }
            return renderer.render(blocks, List.of());
        }
    }
}
