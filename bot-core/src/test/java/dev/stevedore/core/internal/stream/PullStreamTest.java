package dev.stevedore.core.internal.stream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stevedore.core.auth.Caller;
import dev.stevedore.core.bus.ConversationRef;
import dev.stevedore.core.bus.HandlerContext;
import dev.stevedore.core.bus.InvocationId;
import dev.stevedore.core.command.Command;
import dev.stevedore.core.internal.handler.PullImageHandler;
import dev.stevedore.core.internal.handler.Streams;
import dev.stevedore.core.reply.Reply;
import dev.stevedore.core.stream.StreamEnd;
import dev.stevedore.core.stream.StreamLine;
import dev.stevedore.core.testing.FakeContainerGateway;
import dev.stevedore.core.testing.QuietLogs;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A pull that takes longer than a quick answer is shown live: progress lines, then how it ended. */
class PullStreamTest {
    private static final String REF = "127.0.0.1:5000/team/app:1.2";
    private final FakeContainerGateway engine = new FakeContainerGateway();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final HandlerContext context = new HandlerContext(InvocationId.random(), Caller.shell("alice"),
            ConversationRef.shell(), List.of(), Optional.empty());

    @BeforeAll
    static void quiet() {
        QuietLogs.install();
    }

    @AfterEach
    void tearDown() {
        engine.releaseCalls();
        scheduler.shutdownNow();
    }

    private PullImageHandler handler(Duration maxDuration) {
        return new PullImageHandler(engine, new Streams(scheduler, maxDuration), Duration.ofMillis(100));
    }

    @Test
    void quickPull_isOnePlainReply_noStream() {
        engine.addToRegistry(REF);

        Reply r = handler(Duration.ofMinutes(1)).handle(new Command.PullImage(REF), context);

        assertThat(r.stream()).isEmpty();
        assertThat(r.plainText()).startsWith("pulled " + REF + " (").endsWith(" by alice");
    }

    @Test
    void slowPull_showsProgressLive_thenSaysItWasPulled() throws Exception {
        engine.addToRegistry(REF);
        engine.blockCalls();

        Reply r = handler(Duration.ofMinutes(1)).handle(new Command.PullImage(REF), context);
        List<StreamLine> lines = new CopyOnWriteArrayList<>();
        r.stream().orElseThrow().start(lines::add);
        engine.releaseCalls();
        StreamEnd end = r.stream().get().ended().get(5, TimeUnit.SECONDS);

        assertThat(r.plainText()).isEqualTo("pulling " + REF + " — progress follows");
        assertThat(end.reason()).isEqualTo(StreamEnd.Reason.COMPLETED);
        assertThat(end.describe(REF)).startsWith("pulled " + REF + " (").endsWith(" by alice");
        assertThat(lines).extracting(StreamLine::text).contains("Pulling from " + REF, "Download complete");
    }

    @Test
    void slowPullThatFails_endsWithTheEnginesReason_neverAFalseSuccess() throws Exception {
        engine.blockCalls();

        Reply r = handler(Duration.ofMinutes(1)).handle(new Command.PullImage("nosuch/app:1"), context);
        r.stream().orElseThrow().start(line -> { });
        engine.releaseCalls();
        StreamEnd end = r.stream().get().ended().get(5, TimeUnit.SECONDS);

        assertThat(end.reason()).isEqualTo(StreamEnd.Reason.FAILED);
        assertThat(end.describe("nosuch/app:1")).startsWith("cannot pull nosuch/app:1");
    }

    @Test
    void pullLongerThanTheTimeLimit_saysItGoesOnInTheBackground_neverFailed() throws Exception {
        engine.addToRegistry(REF);
        engine.blockCalls();

        Reply r = handler(Duration.ofMillis(300)).handle(new Command.PullImage(REF), context);
        r.stream().orElseThrow().start(line -> { });
        StreamEnd end = r.stream().get().ended().get(5, TimeUnit.SECONDS);

        assertThat(end.reason()).isEqualTo(StreamEnd.Reason.MAX_DURATION);
        assertThat(end.describe(REF)).contains("still pulling " + REF).contains("goes on in the background")
                .doesNotContain("fail");
        engine.releaseCalls();
        // and the engine does finish it
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5))
                .until(() -> engine.images().stream().anyMatch(i -> i.repoTags().contains(REF)));
    }

    @Test
    void progress_manyEngineMessages_fewLinesWithBarsAndSizes() {
        PullProgress p = new PullProgress();
        List<String> out = new CopyOnWriteArrayList<>();
        p.subscribe(line -> out.add(line.text()));

        p.accept("a1b2c3d4e5f6a7b8: Pulling fs layer");
        for (long b = 0; b <= 24_600_000; b += 100_000) {
            p.accept("a1b2c3d4e5f6a7b8: Downloading " + b + "/24600000");
        }
        p.accept("a1b2c3d4e5f6a7b8: Download complete");
        p.accept("a1b2c3d4e5f6a7b8: Pull complete");

        assertThat(out).hasSizeLessThanOrEqualTo(9);
        assertThat(out).first().isEqualTo("a1b2c3d4e5f6 Pulling fs layer");
        assertThat(out).contains("a1b2c3d4e5f6 Downloading [#####-----] 50% 12.3MB/24.6MB");
        assertThat(out).last().isEqualTo("a1b2c3d4e5f6 Pull complete");
    }
}
