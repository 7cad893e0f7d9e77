package dev.stevedore.core.stream;

import dev.stevedore.core.auth.Caller;
import dev.stevedore.core.bus.ConversationRef;
import dev.stevedore.core.port.MessageRef;
import dev.stevedore.core.port.MessageSink;
import dev.stevedore.core.port.RateLimitedException;
import dev.stevedore.core.reply.Action;
import dev.stevedore.core.reply.Block;
import dev.stevedore.core.reply.Reply;
import dev.stevedore.core.reply.Severity;
import dev.stevedore.core.reply.Visibility;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.ToIntFunction;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Shows {@link LiveStream}s ({@code logs -f}, {@code attach}, {@code run}) in chat as a sequence of messages posted
 * and edited through a {@link MessageSink}, within the platform's rate limit and with bounded memory.
 *
 * <ul>
 *   <li>Lines are batched: a message is posted or edited only when the channel's {@link EditBudget} allows it
 *       (one budget per channel, shared by every stream there), and never while the previous call of the same
 *       stream is in flight. An edit always shows the newest state: nothing is queued, so older states are
 *       replaced, not sent late.</li>
 *   <li>A message holds at most {@link Limits#maxChars()} characters of output (as the adapter measures them, after
 *       its escaping); when the next lines do not fit, the stream rolls over to a new message (in the first
 *       message's thread when {@link Limits#rolloverInThread()}).</li>
 *   <li>Lines not shown yet wait in a ring of at most {@link Limits#ringChars()} characters; older ones are dropped
 *       and counted, and the messages say exactly how many: "… N lines omitted" (CASES.md P28).</li>
 *   <li>A {@link RateLimitedException} from the sink (HTTP 429 {@code Retry-After}) pauses the whole channel's
 *       budget for that long; the state is sent again afterwards.</li>
 *   <li>While the stream runs, the last message has a Stop button (Detach for attach sessions) whose id is
 *       {@link StreamRegistry#STOP_PREFIX} plus the stream id: the command bus checks who pressed it. The final edit
 *       says why it ended: "web exited with code 3", "stopped by alice", "maximum duration reached".</li>
 * </ul>
 *
 * <p>Thread-safe. Lines arrive on engine I/O threads and are only appended under a short lock; all platform calls
 * start from the {@code scheduler}'s tick (every {@code tick}) and never block it.
 */
public final class StreamPump implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(StreamPump.class);

    /**
     * What one message may hold and how much may wait.
     *
     * @param maxChars the most characters of output lines in one message, as {@code measure} counts them (Slack:
     *     under a section's 3000; Discord: under the 2000 content limit minus fences and notes)
     * @param maxLineChars the longest line kept, in characters; longer ones are cut and marked with "…"
     * @param ringChars the most characters of lines waiting to be shown; older ones are dropped and counted
     * @param rolloverInThread whether messages after the first are posted in the first one's thread (Slack
     *     {@code thread_ts}); otherwise in the same conversation
     * @param measure the length of a line once the platform has escaped it (e.g. Slack {@code &amp;})
     */
    public record Limits(int maxChars, int maxLineChars, int ringChars, boolean rolloverInThread,
            ToIntFunction<String> measure) {
        /** Validates. */
        public Limits {
            Objects.requireNonNull(measure, "measure");
            if (maxChars < 100 || maxLineChars < 10 || maxLineChars > maxChars || ringChars < maxChars) {
                throw new IllegalArgumentException("need maxChars >= 100, 10 <= maxLineChars <= maxChars, "
                        + "ringChars >= maxChars: " + maxChars + "/" + maxLineChars + "/" + ringChars);
            }
        }
    }

    private final MessageSink sink;
    private final EditBudget budget;
    private final StreamRegistry registry;
    private final ScheduledExecutorService scheduler;
    private final Duration tick;
    private final Limits limits;
    private final java.util.Set<Session> live = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /**
     * Creates a pump for one platform.
     *
     * @param sink posts and edits the messages
     * @param budget the platform's per-channel call budget, shared by all streams of this pump
     * @param registry where streams are registered for their Stop button and stdin
     * @param scheduler runs the ticks; not shut down by {@link #close()}
     * @param tick how often each stream checks whether it can send (e.g. 100 ms); sending itself is limited by the
     *     budget
     * @param limits message size and memory limits
     */
    public StreamPump(MessageSink sink, EditBudget budget, StreamRegistry registry, ScheduledExecutorService scheduler,
            Duration tick, Limits limits) {
        this.sink = Objects.requireNonNull(sink, "sink");
        this.budget = Objects.requireNonNull(budget, "budget");
        this.registry = Objects.requireNonNull(registry, "registry");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.tick = Objects.requireNonNull(tick, "tick");
        this.limits = Objects.requireNonNull(limits, "limits");
    }

    /**
     * Starts showing a stream: registers it, starts it, and posts its first message at the channel's next free
     * call.
     *
     * @param stream the stream, not yet started
     * @param where the conversation of the first message
     * @param requester who asked; may press Stop and, for an interactive stream, type into it
     * @return the session
     */
    public Session start(LiveStream stream, ConversationRef where, Caller requester) {
        Session s = new Session(this, stream, where, requester);
        s.begin();
        return s;
    }

    /** Stops every stream still shown; their final edits still go out on later ticks. */
    @Override
    public void close() {
        for (Session s : List.copyOf(live)) {
            s.stream.stop();
        }
    }

    /**
     * One stream shown in chat.
     *
     * <p>Thread-safe.
     */
    public static final class Session {
        private final StreamPump pump;
        private final LiveStream stream;
        private final ConversationRef where;
        private final Caller requester;
        private final StreamRegistry.Entry entry;
        private final CompletableFuture<Void> done = new CompletableFuture<>();
        // guarded by this
        private final ArrayDeque<String> waiting = new ArrayDeque<>();
        private long waitingChars;
        private long droppedBeforeHead;
        private long totalLines;
        private long totalOmitted;
        private final List<String> shown = new ArrayList<>();
        private int shownChars;
        private @Nullable MessageRef current;
        private @Nullable ConversationRef thread;
        private boolean needsPost = true;
        private boolean dirty;
        private boolean inFlight;
        private int messages;
        private long calls;
        private @Nullable StreamEnd end;
        private @Nullable Caller stoppedBy;
        private boolean finalSent;
        private @Nullable ScheduledFuture<?> ticker;

        private Session(StreamPump pump, LiveStream stream, ConversationRef where, Caller requester) {
            this.pump = pump;
            this.stream = stream;
            this.where = where;
            this.requester = requester;
            this.entry = pump.registry.register(requester, stream, this::stopBy);
        }

        private void begin() {
            pump.live.add(this);
            long ms = Math.max(1, pump.tick.toMillis());
            synchronized (this) {
                ticker = pump.scheduler.scheduleWithFixedDelay(this::tick, ms, ms, TimeUnit.MILLISECONDS);
            }
            stream.ended().whenComplete((e, t) -> onEnd(e != null ? e
                    : new StreamEnd(StreamEnd.Reason.ENGINE_ERROR, OptionalLong.empty(), "")));
            try {
                stream.start(line -> onLine(line.text()));
            } catch (RuntimeException e) {
                log.warn("live stream {} did not start: {}", stream.title(), e.getClass().getSimpleName());
            }
        }

        /**
         * The stream's id, as in its Stop button.
         *
         * @return the id
         */
        public String id() {
            return entry.id();
        }

        /**
         * The stream.
         *
         * @return it
         */
        public LiveStream stream() {
            return stream;
        }

        /**
         * Who started it.
         *
         * @return the requester
         */
        public Caller requester() {
            return requester;
        }

        /**
         * The first message, once posted: its id is the thread for replies (stdin) on Slack.
         *
         * @return completes with the first message; exceptionally if it could not be posted
         */
        public CompletableFuture<MessageRef> firstMessage() {
            return first;
        }

        private final CompletableFuture<MessageRef> first = new CompletableFuture<>();

        /**
         * Completes when the final message has been sent (or could not be) and the session is over.
         *
         * @return the future
         */
        public CompletableFuture<Void> done() {
            return done;
        }

        /**
         * How many lines were dropped without being shown (exact).
         *
         * @return the count so far
         */
        public synchronized long omitted() {
            return totalOmitted;
        }

        /**
         * How many lines the stream delivered.
         *
         * @return the count so far
         */
        public synchronized long lines() {
            return totalLines;
        }

        /**
         * How many posts and edits were made.
         *
         * @return the count so far
         */
        public synchronized long calls() {
            return calls;
        }

        /**
         * Ends the stream on someone's request (Stop, Detach).
         *
         * @param by who; named in the final message
         */
        public void stopBy(Caller by) {
            synchronized (this) {
                if (stoppedBy == null && end == null) {
                    stoppedBy = by;
                }
            }
            stream.stop();
        }

        /**
         * Takes one line; called on the engine I/O thread, never blocks on the platform.
         *
         * @param text the cleaned line
         */
        synchronized void onLine(String text) {
            totalLines++;
            String line = text.length() > pump.limits.maxLineChars() ? cut(text, pump.limits.maxLineChars()) : text;
            waiting.addLast(line);
            waitingChars += line.length() + 1;
            while (waitingChars > pump.limits.ringChars() && waiting.size() > 1) {
                waitingChars -= waiting.removeFirst().length() + 1;
                droppedBeforeHead++;
                totalOmitted++;
            }
        }

        private void onEnd(StreamEnd e) {
            synchronized (this) {
                end = e;
            }
            pump.registry.remove(entry.id());
        }

        /** One step: at most one platform call, when there is something to send and the budget allows it. */
        void tick() {
            try {
                step();
            } catch (RuntimeException e) {
                log.warn("live stream {} tick failed: {}", stream.title(), e.toString());
            }
        }

        private void step() {
            Reply content;
            boolean post;
            ConversationRef to;
            MessageRef target;
            synchronized (this) {
                if (inFlight || finalSent) {
                    return;
                }
                boolean pending = !waiting.isEmpty() || droppedBeforeHead > 0;
                boolean finishing = end != null && !pending;
                if (!needsPost && !pending && !dirty && !finishing) {
                    return;
                }
                if (!pump.budget.tryAcquire(where.channelId())) {
                    return;
                }
                calls++;
                if (needsPost) {
                    fill();
                    post = true;
                } else if (pending && fill() > 0) {
                    post = false;
                } else if (pending) {
                    // the current message is full: it keeps what it shows, the rest goes to a new one
                    shown.clear();
                    shownChars = 0;
                    fill();
                    post = true;
                } else {
                    post = false;
                }
                dirty = false;
                boolean last = end != null && waiting.isEmpty() && droppedBeforeHead == 0;
                if (last) {
                    finalSent = true;
                }
                content = render(last, post || current == null ? messages + 1 : messages);
                to = thread != null ? thread : where;
                target = current;
                inFlight = true;
            }
            CompletableFuture<MessageRef> call = post || target == null ? pump.sink.post(to, content)
                    : pump.sink.edit(target, content);
            call.whenComplete((ref, error) -> landed(post || target == null, ref, error));
        }

        private void landed(boolean post, @Nullable MessageRef ref, @Nullable Throwable error) {
            boolean over;
            synchronized (this) {
                inFlight = false;
                if (error != null) {
                    Throwable cause = error instanceof CompletionException && error.getCause() != null
                            ? error.getCause() : error;
                    if (cause instanceof RateLimitedException r) {
                        pump.budget.pause(where.channelId(), r.retryAfter());
                        needsPost |= post;
                        dirty = true;
                        finalSent = false;
                        return;
                    }
                    log.warn("live stream {}: the platform refused a message: {}", stream.title(), cause.toString());
                    if (current == null) {
                        // nothing is shown: stop reading rather than read into the void
                        finalSent = true;
                    }
                } else if (post && ref != null) {
                    current = ref;
                    messages++;
                    needsPost = false;
                    if (messages == 1) {
                        first.complete(ref);
                        if (pump.limits.rolloverInThread()) {
                            thread = new ConversationRef(where.platform(), where.workspace(), where.channelId(),
                                    Optional.of(ref.messageId()));
                        }
                    }
                }
                over = finalSent;
            }
            if (over) {
                if (!first.isDone()) {
                    first.completeExceptionally(error != null ? error : new IllegalStateException("not posted"));
                    stream.stop();
                }
                finish();
            }
        }

        private void finish() {
            synchronized (this) {
                if (ticker != null) {
                    ticker.cancel(false);
                }
            }
            pump.live.remove(this);
            pump.registry.remove(entry.id());
            done.complete(null);
        }

        /** Moves waiting lines into the current message while they fit; returns how many lines moved. */
        private int fill() {
            int moved = 0;
            int budgetChars = pump.limits.maxChars();
            if (droppedBeforeHead > 0) {
                String marker = omittedLine(droppedBeforeHead);
                int cost = pump.limits.measure().applyAsInt(marker) + 1;
                if (shownChars + cost > budgetChars && !shown.isEmpty()) {
                    return 0;
                }
                shown.add(marker);
                shownChars += cost;
                droppedBeforeHead = 0;
                moved++;
            }
            while (!waiting.isEmpty()) {
                String l = waiting.peekFirst();
                int cost = pump.limits.measure().applyAsInt(l) + 1;
                if (shownChars + cost > budgetChars && !shown.isEmpty()) {
                    break;
                }
                waiting.removeFirst();
                waitingChars -= l.length() + 1;
                shown.add(l);
                shownChars += cost;
                moved++;
            }
            return moved;
        }

        // guarded by this
        private Reply render(boolean last, int part) {
            List<Block> blocks = new ArrayList<>();
            blocks.add(new Block.Text(stream.title() + (part > 1 ? " (part " + part + ")" : "")));
            blocks.add(new Block.Code(shown.isEmpty() ? (last ? "(no output)" : "(waiting for output)")
                    : String.join("\n", shown), ""));
            if (!last) {
                String label = stream.acceptsInput() || stream.title().startsWith("attach") ? "Detach" : "Stop";
                blocks.add(new Block.Actions(List.of(
                        new Action(StreamRegistry.STOP_PREFIX + entry.id(), label, Action.Kind.STOP))));
            } else {
                StreamEnd e = Objects.requireNonNull(end);
                blocks.add(new Block.Notice(severity(e), describe(e, subject(stream.title()), stoppedBy)
                        + (totalOmitted > 0 ? String.format(Locale.ROOT, " · %,d of %,d lines omitted",
                                totalOmitted, totalLines) : "")));
            }
            return new Reply(Visibility.PUBLIC, blocks, Optional.empty());
        }
    }

    /**
     * The final sentence of a stream.
     *
     * @param end why it ended
     * @param subject the container name
     * @param stoppedBy who pressed Stop/Detach, if anyone
     * @return e.g. "web exited with code 3", "stopped by alice (web keeps running)", "maximum duration reached"
     */
    static String describe(StreamEnd end, String subject, @Nullable Caller stoppedBy) {
        switch (end.reason()) {
            case STOPPED:
                return stoppedBy == null ? end.describe(subject)
                        : "stopped by " + stoppedBy.displayName() + " (" + subject + " keeps running)";
            case MAX_DURATION:
                return !end.detail().isEmpty() ? end.detail()
                        : "maximum duration reached: stopped following " + subject + " (it keeps running)";
            default:
                return end.describe(subject);
        }
    }

    static String omittedLine(long n) {
        return String.format(Locale.ROOT, "… %,d %s omitted", n, n == 1 ? "line" : "lines");
    }

    private static Severity severity(StreamEnd end) {
        switch (end.reason()) {
            case CONTAINER_EXITED:
                return end.exitCode().orElse(0) == 0 ? Severity.SUCCESS : Severity.WARNING;
            case ENGINE_ERROR:
            case FAILED:
                return Severity.ERROR;
            case COMPLETED:
                return Severity.SUCCESS;
            default:
                return Severity.INFO;
        }
    }

    /** The container named by a stream title such as {@code logs -f web}. */
    static String subject(String title) {
        return title.substring(title.lastIndexOf(' ') + 1);
    }

    private static String cut(String line, int max) {
        int end = max - 1;
        if (end > 0 && Character.isLowSurrogate(line.charAt(end))) {
            end--;
        }
        return line.substring(0, end) + "…";
    }
}
