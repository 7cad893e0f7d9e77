package dev.stevedore.core.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stevedore.core.command.ContainerRef;
import dev.stevedore.core.command.ContainerSpec;
import dev.stevedore.core.engine.ContainerSummary;
import dev.stevedore.core.error.ConflictException;
import dev.stevedore.core.error.EngineUnavailableException;
import dev.stevedore.core.error.NoSuchContainerException;
import dev.stevedore.core.error.NoSuchImageException;
import dev.stevedore.core.error.UsageException;
import dev.stevedore.core.stream.StreamLine;
import dev.stevedore.core.testing.FakeContainerGateway.Container;
import java.io.Closeable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The fake engine behaves like the engine where the bot depends on it, so tests built on it mean something. */
class FakeContainerGatewayTest {
    private final MutableClock clock = MutableClock.create();
    private final FakeContainerGateway engine = new FakeContainerGateway(clock);

    private static ContainerSpec spec(String image, String name, boolean autoRemove) {
        return new ContainerSpec(image, Optional.ofNullable(name), List.of(), List.of(), List.of(), false, false,
                autoRemove, List.of());
    }

    @Test
    void ids_are64HexAndUnique() {
        Container a = engine.addRunning("a1");
        Container b = engine.addRunning("b2");

        assertThat(a.id()).matches("[0-9a-f]{64}");
        assertThat(b.id()).matches("[0-9a-f]{64}").isNotEqualTo(a.id());
        assertThat(a.shortId()).isEqualTo(a.id().substring(0, 12));
    }

    @Test
    void inspect_resolvesFullIdThenNameThenUniquePrefix() {
        Container web = engine.addRunning("web");

        assertThat(engine.inspect(new ContainerRef("web")).id()).isEqualTo(web.id());
        assertThat(engine.inspect(new ContainerRef(web.id())).name()).isEqualTo("web");
        assertThat(engine.inspect(new ContainerRef(web.id().substring(0, 4))).name()).isEqualTo("web");
        assertThatThrownBy(() -> engine.inspect(new ContainerRef("nosuch")))
                .isInstanceOf(NoSuchContainerException.class).hasMessage("no such container: nosuch");
    }

    @Test
    void inspect_nameWinsOverAnIdPrefix() {
        Container hex = engine.addRunning("hex");
        Container named = engine.addRunning(hex.id().substring(0, 6));

        assertThat(engine.inspect(new ContainerRef(hex.id().substring(0, 6))).id()).isEqualTo(named.id());
    }

    @Test
    void inspect_ambiguousPrefix_isAUsageError() {
        for (int i = 0; i < 40; i++) {
            engine.addCreated("c" + i);
        }
        String ambiguous = engine.containers().stream().map(c -> c.id().substring(0, 1))
                .filter(p -> engine.containers().stream().filter(c -> c.id().startsWith(p)).count() > 1)
                .findFirst().orElseThrow();

        assertThatThrownBy(() -> engine.inspect(new ContainerRef(ambiguous))).isInstanceOf(UsageException.class);
    }

    @Test
    void startAndStop_reportWhetherTheStateChanged_andStopSetsTheExitCode() {
        Container web = engine.addCreated("web").stopExitCode(143);

        assertThat(engine.start(web.id())).isTrue();
        assertThat(engine.start(web.id())).isFalse();
        assertThat(engine.stop(web.id(), Duration.ofSeconds(1))).isTrue();
        assertThat(engine.stop(web.id(), Duration.ofSeconds(1))).isFalse();
        assertThat(web.state()).isEqualTo("exited");
        assertThat(web.exitCode()).isEqualTo(143);
    }

    @Test
    void remove_runningWithoutForce_isAConflict_withForceRemoves() {
        Container web = engine.addRunning("web");

        assertThatThrownBy(() -> engine.remove(web.id(), false)).isInstanceOf(ConflictException.class)
                .hasMessage(web.shortId() + " is running — stop it first or use rm -f");
        engine.remove(web.id(), true);
        assertThat(engine.exists("web")).isFalse();
        assertThatThrownBy(() -> engine.remove(web.id(), true)).isInstanceOf(NoSuchContainerException.class);
    }

    @Test
    void create_needsALocalImageAndAFreeName() {
        assertThatThrownBy(() -> engine.create(spec("busybox", "web", false))).isInstanceOf(NoSuchImageException.class);
        engine.addImage("busybox:latest", 1);

        String id = engine.create(spec("busybox", "web", false));

        assertThat(engine.container("web").id()).isEqualTo(id);
        assertThat(engine.container("web").state()).isEqualTo("created");
        assertThatThrownBy(() -> engine.create(spec("busybox:latest", "web", false)))
                .isInstanceOf(ConflictException.class);
    }

    @Test
    void exit_ofAnAutoRemoveContainer_removesIt() {
        engine.addImage("busybox", 1);
        String id = engine.create(spec("busybox", "once", true));
        engine.start(id);

        engine.setExited(id, 0);

        assertThat(engine.exists(id)).isFalse();
    }

    @Test
    void listContainers_runningOnlyUnlessAll_newestFirst_andListStoppedHasSizes() {
        engine.addExited("old", 1).sizeRw(10);
        clock.advance(Duration.ofMinutes(1));
        engine.addRunning("web");
        clock.advance(Duration.ofMinutes(1));
        engine.addCreated("new").sizeRw(20);

        assertThat(engine.listContainers(false)).extracting(ContainerSummary::name).containsExactly("web");
        assertThat(engine.listContainers(true)).extracting(ContainerSummary::name)
                .containsExactly("new", "web", "old");
        assertThat(engine.listStopped()).extracting(ContainerSummary::name, ContainerSummary::sizeRw)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("new", 20L),
                        org.assertj.core.groups.Tuple.tuple("old", 10L));
        assertThat(engine.listContainers(true).get(1).status()).isEqualTo("Up About a minute");
        assertThat(engine.listContainers(true).get(2).status()).isEqualTo("Exited (1) 2 minutes ago");
    }

    @Test
    void awaitExit_ofAContainerThatIsNotRunning_completesAtOnce_likeTheEnginesDefaultCondition() {
        Container created = engine.addCreated("c1");
        Container exited = engine.addExited("e1", 7);

        assertThat(engine.awaitExit(created.id())).isCompletedWithValue(0L);
        assertThat(engine.awaitExit(exited.id())).isCompletedWithValue(7L);
    }

    @Test
    void awaitExit_ofARunningContainer_completesWhenItExits() {
        Container web = engine.addRunning("web");
        CompletableFuture<Long> exit = engine.awaitExit(web.id());
        assertThat(exit).isNotDone();

        engine.setExited("web", 3);

        assertThat(exit).isCompletedWithValue(3L);
    }

    @Test
    void awaitNextExit_ofACreatedContainer_waitsForItToRunAndExit() {
        Container job = engine.addCreated("job");
        CompletableFuture<Long> exit = engine.awaitNextExit(job.id());

        engine.start(job.id());
        assertThat(exit).isNotDone();
        engine.setExited("job", 5);

        assertThat(exit).isCompletedWithValue(5L);
    }

    @Test
    void followLogs_sendsTheTailThenLiveLines_andEndsOnExit() {
        Container web = engine.addRunning("web").logs("a", "b", "c");
        List<StreamLine> lines = new ArrayList<>();
        CompletableFuture<Void> done = new CompletableFuture<>();

        engine.followLogs(web.id(), OptionalInt.of(1), false, false, lines::add, done);
        engine.print("web", "d");
        engine.setExited("web", 0);

        assertThat(lines).extracting(StreamLine::text).containsExactly("c", "d");
        assertThat(done).isDone();
        assertThat(engine.openStreams()).isZero();
    }

    @Test
    void followLogs_ofAStoppedContainer_sendsItsOutputAndEnds() {
        Container web = engine.addExited("web", 0).logs("x").errorLogs("y");
        List<StreamLine> lines = new ArrayList<>();
        CompletableFuture<Void> done = new CompletableFuture<>();

        engine.followLogs(web.id(), OptionalInt.empty(), false, false, lines::add, done);

        assertThat(lines).containsExactly(new StreamLine(StreamLine.Source.STDOUT, "x"),
                new StreamLine(StreamLine.Source.STDERR, "y"));
        assertThat(done).isDone();
    }

    @Test
    void closingAFollow_stopsDeliveryAndReleasesIt() throws Exception {
        Container web = engine.addRunning("web");
        List<StreamLine> lines = new ArrayList<>();
        Closeable follow = engine.followLogs(web.id(), OptionalInt.empty(), false, false, lines::add,
                new CompletableFuture<>());

        follow.close();
        engine.print("web", "after");

        assertThat(lines).isEmpty();
        assertThat(engine.openStreams()).isZero();
    }

    @Test
    void logs_withTimestamps_prefixTheClock() {
        Container web = engine.addRunning("web").logs("hi");

        assertThat(engine.logs(web.id(), OptionalInt.empty(), true, false))
                .extracting(StreamLine::text).containsExactly("2025-01-01T12:00:00Z hi");
    }

    @Test
    void pull_knownReference_addsTheImageOnce_unknownIsNoSuchImage() {
        engine.addToRegistry("127.0.0.1:5000/team/app");
        List<String> progress = new ArrayList<>();

        assertThat(engine.pull("127.0.0.1:5000/team/app", progress::add).upToDate()).isFalse();
        assertThat(engine.pull("127.0.0.1:5000/team/app:latest", progress::add).upToDate()).isTrue();
        assertThat(engine.images()).hasSize(1);
        assertThat(progress).isNotEmpty();
        assertThatThrownBy(() -> engine.pull("nosuch", line -> { })).isInstanceOf(NoSuchImageException.class);
    }

    @Test
    void calls_recordEveryPortCallInOrder() {
        Container web = engine.addRunning("web");

        engine.listContainers(true);
        engine.inspect(new ContainerRef("web"));
        engine.stop(web.id(), Duration.ofSeconds(10));

        assertThat(engine.calls()).containsExactly("listContainers all=true", "inspect web",
                "stop " + web.id() + " timeout=10");
        assertThat(engine.calls("stop")).hasSize(1);
        engine.clearCalls();
        assertThat(engine.calls()).isEmpty();
    }

    @Test
    void failOn_makesThatMethodThrowAfterRecordingTheCall() {
        engine.failOn("version", new EngineUnavailableException("down"));

        assertThatThrownBy(engine::version).isInstanceOf(EngineUnavailableException.class).hasMessage("down");
        assertThat(engine.calls()).containsExactly("version");
        engine.clearFailures();
        assertThat(engine.version().apiVersion()).isEqualTo("1.43");
    }

    @Test
    void blockCalls_holdsCallsUntilReleased() throws Exception {
        engine.blockCalls();
        CompletableFuture<String> call = CompletableFuture.supplyAsync(() -> engine.version().version());

        assertThat(engine.awaitHeldCall(Duration.ofSeconds(5))).isTrue();
        assertThat(call).isNotDone();
        engine.releaseCalls();
        assertThat(call.get(5, TimeUnit.SECONDS)).isEqualTo("24.0.7");
    }

    @Test
    void close_makesLaterCallsFailLikeAClosedClient() {
        engine.close();

        assertThat(engine.isClosed()).isTrue();
        assertThatThrownBy(engine::ping).isInstanceOf(EngineUnavailableException.class);
    }
}
