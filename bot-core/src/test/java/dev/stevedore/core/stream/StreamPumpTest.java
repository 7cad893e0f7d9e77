package dev.stevedore.core.stream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stevedore.core.bus.ConversationRef;
import dev.stevedore.core.port.MessageRef;
import dev.stevedore.core.port.MessageSink;
import dev.stevedore.core.port.RateLimitedException;
import dev.stevedore.core.reply.Block;
import dev.stevedore.core.reply.Reply;
import dev.stevedore.core.testing.FakeTicker;
import dev.stevedore.core.testing.Invocations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link StreamPump} with a fake ticker: ticks are driven by the test (the scheduler's period is an hour), time is
 * advanced instead of slept.
 */
class StreamPumpTest {
    private static final ConversationRef CHANNEL = Invocations.slackChannel("C1");
    private final FakeTicker ticker = new FakeTicker();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final Sink sink = new Sink();
    private final StreamRegistry registry = new StreamRegistry();

    @AfterEach
    void shutdown() {
        scheduler.shutdownNow();
    }

    private StreamPump pump(EditBudget budget, int maxChars, int ringChars) {
        return new StreamPump(sink, budget, registry, scheduler, Duration.ofHours(1),
                new StreamPump.Limits(maxChars, Math.min(maxChars, 200), ringChars, true, String::length));
    }

    private StreamPump slackLike() {
        return pump(new EditBudget(1, Duration.ofSeconds(1), ticker), 1_000, 4_000);
    }

    @Test
    void firstTick_postsTheMessage_withAStopButton() {
        TestStream s = new TestStream("logs -f web");
        StreamPump.Session session = slackLike().start(s, CHANNEL, Invocations.slackUser("U1"));

        session.tick();

        assertThat(sink.calls).hasSize(1);
        assertThat(sink.calls.get(0).post).isTrue();
        assertThat(sink.calls.get(0).reply.plainText()).contains("logs -f web").contains("(waiting for output)")
                .contains("Stop");
        assertThat(registry.find(session.id())).isPresent();
    }

    @Test
    void edits_noFasterThanTheChannelBudget_sharedByAllStreamsThere() {
        StreamPump pump = slackLike();
        TestStream a = new TestStream("logs -f a");
        TestStream b = new TestStream("logs -f b");
        StreamPump.Session sa = pump.start(a, CHANNEL, Invocations.slackUser("U1"));
        StreamPump.Session sb = pump.start(b, CHANNEL, Invocations.slackUser("U1"));

        for (int i = 0; i < 10; i++) {
            a.line("a" + i);
            b.line("b" + i);
            sa.tick();
            sb.tick();
        }
        assertThat(sink.calls).hasSize(1);
        ticker.advance(Duration.ofMillis(999));
        sa.tick();
        sb.tick();
        assertThat(sink.calls).hasSize(1);
        ticker.advance(Duration.ofMillis(1));
        sa.tick();
        sb.tick();
        assertThat(sink.calls).hasSize(2);
    }

    @Test
    void discordBudget_fivePerFiveSeconds() {
        EditBudget budget = new EditBudget(5, Duration.ofSeconds(5), ticker);
        int granted = 0;
        for (int i = 0; i < 20; i++) {
            granted += budget.tryAcquire("C") ? 1 : 0;
        }
        assertThat(granted).isEqualTo(5);
        ticker.advance(Duration.ofSeconds(5));
        assertThat(budget.tryAcquire("C")).isTrue();
        assertThat(budget.tryAcquire("other")).isTrue();
    }

    @Test
    void anEdit_showsTheNewestState_notQueuedOlderOnes() {
        TestStream s = new TestStream("logs -f web");
        StreamPump.Session session = slackLike().start(s, CHANNEL, Invocations.slackUser("U1"));
        session.tick();
        for (int i = 1; i <= 5; i++) {
            s.line("line " + i);
            session.tick(); // budget spent: nothing is sent, nothing is queued
        }
        ticker.advance(Duration.ofSeconds(1));
        session.tick();

        assertThat(sink.calls).hasSize(2);
        assertThat(sink.calls.get(1).post).isFalse();
        assertThat(code(sink.calls.get(1).reply)).isEqualTo("line 1\nline 2\nline 3\nline 4\nline 5");
    }

    @Test
    void aFullMessage_rollsOverToANewOneInItsThread() {
        TestStream s = new TestStream("logs -f web");
        StreamPump.Session session = pump(new EditBudget(1, Duration.ofSeconds(1), ticker), 100, 1_000)
                .start(s, CHANNEL, Invocations.slackUser("U1"));
        for (int i = 0; i < 20; i++) {
            s.line(String.format("line %02d", i)); // 7 chars + newline: 12 lines fit in 100
        }
        for (int i = 0; i < 4; i++) {
            session.tick();
            ticker.advance(Duration.ofSeconds(1));
        }

        List<Call> posts = sink.calls.stream().filter(c -> c.post).toList();
        assertThat(posts).hasSize(2);
        assertThat(posts.get(1).where.threadId()).contains("m1");
        assertThat(code(posts.get(0).reply)).startsWith("line 00").endsWith("line 11");
        assertThat(code(posts.get(1).reply)).startsWith("line 12").endsWith("line 19");
        assertThat(posts.get(1).reply.plainText()).contains("(part 2)");
    }

    @Test
    void memoryBounded_andTheOmittedCountExact_P28() {
        TestStream s = new TestStream("logs -f web");
        StreamPump.Session session = pump(new EditBudget(1, Duration.ofSeconds(1), ticker), 500, 2_000)
                .start(s, CHANNEL, Invocations.slackUser("U1"));
        long printed = 0;
        for (int round = 0; round < 30; round++) {
            for (int i = 0; i < 10_000; i++) {
                s.line("line " + (printed++));
            }
            session.tick();
            ticker.advance(Duration.ofSeconds(1));
        }
        s.end(new StreamEnd(StreamEnd.Reason.CONTAINER_EXITED, OptionalLong.of(0), ""));
        for (int i = 0; i < 10; i++) {
            session.tick();
            ticker.advance(Duration.ofSeconds(1));
        }

        assertThat(session.done()).isDone();
        // every line is either shown in some message's final state or counted in an omitted marker
        long shownLines = 0;
        long omittedInMarkers = 0;
        Pattern marker = Pattern.compile("… ([\\d,]+) lines? omitted");
        for (Call c : lastVersions()) {
            for (String l : code(c.reply).split("\n")) {
                Matcher m = marker.matcher(l);
                if (m.matches()) {
                    omittedInMarkers += Long.parseLong(m.group(1).replace(",", ""));
                } else if (l.startsWith("line ")) {
                    shownLines++;
                }
            }
        }
        assertThat(session.lines()).isEqualTo(printed);
        assertThat(shownLines + omittedInMarkers).isEqualTo(printed);
        assertThat(session.omitted()).isEqualTo(omittedInMarkers);
        assertThat(sink.calls.get(sink.calls.size() - 1).reply.plainText())
                .contains("web exited with code 0")
                .contains(String.format(java.util.Locale.ROOT, "%,d of %,d lines omitted", omittedInMarkers, printed));
    }

    @Test
    void rateLimited_pausesTheChannel_forRetryAfter_thenSendsTheNewestState() {
        TestStream s = new TestStream("logs -f web");
        StreamPump.Session session = slackLike().start(s, CHANNEL, Invocations.slackUser("U1"));
        session.tick();
        s.line("one");
        sink.rateLimitNext = Duration.ofSeconds(5);
        ticker.advance(Duration.ofSeconds(1));
        session.tick(); // refused with 429
        s.line("two");
        for (int i = 0; i < 4; i++) {
            ticker.advance(Duration.ofSeconds(1));
            session.tick();
        }
        assertThat(sink.calls).hasSize(2);
        ticker.advance(Duration.ofSeconds(1));
        session.tick();

        assertThat(sink.calls).hasSize(3);
        assertThat(code(sink.calls.get(2).reply)).isEqualTo("one\ntwo");
    }

    @Test
    void finalEdit_saysWhyItEnded_exitCode_stoppedBy_maxDuration() {
        assertThat(finalText(new StreamEnd(StreamEnd.Reason.CONTAINER_EXITED, OptionalLong.of(3), ""), false))
                .contains("web exited with code 3").doesNotContain("Stop");
        assertThat(finalText(new StreamEnd(StreamEnd.Reason.STOPPED, OptionalLong.empty(), ""), true))
                .contains("stopped by U9 (web keeps running)");
        assertThat(finalText(new StreamEnd(StreamEnd.Reason.MAX_DURATION, OptionalLong.empty(), ""), false))
                .contains("maximum duration reached");
    }

    private String finalText(StreamEnd end, boolean stopByOther) {
        sink.calls.clear();
        TestStream s = new TestStream("logs -f web");
        StreamPump.Session session = slackLike().start(s, CHANNEL, Invocations.slackUser("U1"));
        session.tick();
        if (stopByOther) {
            session.stopBy(Invocations.slackUser("U9"));
        }
        s.end(end);
        ticker.advance(Duration.ofSeconds(1));
        session.tick();
        assertThat(session.done()).isDone();
        assertThat(registry.find(session.id())).isEmpty();
        return sink.calls.get(sink.calls.size() - 1).reply.plainText();
    }

    private List<Call> lastVersions() {
        java.util.Map<String, Call> last = new java.util.LinkedHashMap<>();
        for (Call c : sink.calls) {
            last.put(c.ref.messageId(), c);
        }
        return List.copyOf(last.values());
    }

    private static String code(Reply r) {
        return r.blocks().stream().filter(Block.Code.class::isInstance).map(b -> ((Block.Code) b).body())
                .findFirst().orElse("");
    }

    record Call(boolean post, ConversationRef where, MessageRef ref, Reply reply) {}

    /** Answers at once; numbers messages m1, m2, …; can refuse the next call with 429. */
    static final class Sink implements MessageSink {
        final List<Call> calls = new ArrayList<>();
        Duration rateLimitNext;
        int next;

        @Override
        public synchronized CompletableFuture<MessageRef> post(ConversationRef where, Reply reply) {
            if (rateLimitNext != null) {
                Duration d = rateLimitNext;
                rateLimitNext = null;
                calls.add(new Call(true, where, new MessageRef(where, "refused"), reply));
                return CompletableFuture.failedFuture(new RateLimitedException(d));
            }
            MessageRef ref = new MessageRef(where, "m" + (++next));
            calls.add(new Call(true, where, ref, reply));
            return CompletableFuture.completedFuture(ref);
        }

        @Override
        public synchronized CompletableFuture<MessageRef> edit(MessageRef message, Reply reply) {
            calls.add(new Call(false, message.conversation(), message, reply));
            if (rateLimitNext != null) {
                Duration d = rateLimitNext;
                rateLimitNext = null;
                return CompletableFuture.failedFuture(new RateLimitedException(d));
            }
            return CompletableFuture.completedFuture(message);
        }
    }

    /** A stream the test feeds. */
    static final class TestStream implements LiveStream {
        private final String title;
        private final CompletableFuture<StreamEnd> ended = new CompletableFuture<>();
        private StreamListener listener;

        TestStream(String title) {
            this.title = title;
        }

        void line(String text) {
            listener.onLine(new StreamLine(StreamLine.Source.STDOUT, text));
        }

        void end(StreamEnd end) {
            ended.complete(end);
        }

        @Override
        public String title() {
            return title;
        }

        @Override
        public void start(StreamListener l) {
            listener = l;
        }

        @Override
        public boolean acceptsInput() {
            return false;
        }

        @Override
        public void send(String line) {}

        @Override
        public void stop() {
            ended.complete(new StreamEnd(StreamEnd.Reason.STOPPED, OptionalLong.empty(), ""));
        }

        @Override
        public CompletableFuture<StreamEnd> ended() {
            return ended;
        }
    }
}
