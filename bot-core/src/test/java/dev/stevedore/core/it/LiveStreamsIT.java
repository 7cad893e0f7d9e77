package dev.stevedore.core.it;

import static dev.stevedore.core.it.EngineFixture.IMAGE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.stevedore.core.reply.Reply;
import dev.stevedore.core.reply.Severity;
import dev.stevedore.core.stream.StreamEnd;
import dev.stevedore.core.stream.StreamLine;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Live output through the real bus and engine: {@code attach}, {@code run} in the foreground, {@code logs -f}
 * (CASES P04: a follow ends on the container's exit or on Stop, never only on end of file).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LiveStreamsIT {
    /** Prints "tick N" every 200 ms, forever; exits 0 on SIGTERM. */
    static final String TICKER = "sh -c 'trap \"exit 0\" TERM; i=0; while true; do i=$((i+1)); echo tick $i;"
            + " sleep 0.2; done'";
    private static final Duration WAIT = Duration.ofSeconds(10);

    private EngineFixture env;

    @BeforeAll
    void open() {
        env = EngineFixture.open();
    }

    @AfterAll
    void close() {
        if (env != null) {
            env.close();
        }
    }

    @Test
    void attach_streamsNewOutput_stopDetaches_containerKeepsRunning() {
        String name = env.name("attach");
        env.runDetached(name, TICKER);

        Reply r = env.send("attach " + name);

        assertThat(r.severity()).contains(Severity.INFO);
        assertThat(r.plainText()).startsWith("attached to " + name + " — output only");
        EngineFixture.Started s = EngineFixture.start(r);
        assertThat(s.stream().acceptsInput()).isFalse();
        await().atMost(WAIT).until(() -> s.collected().lines.size() >= 3);

        s.stream().stop();

        StreamEnd end = s.awaitEnd(Duration.ofSeconds(5));
        assertThat(end.reason()).isEqualTo(StreamEnd.Reason.STOPPED);
        assertThat(end.describe(name)).isEqualTo("stopped following " + name + " (it keeps running)");
        List<String> lines = s.collected().texts();
        assertThat(lines).allMatch(l -> l.matches("tick \\d+"));
        // consecutive ticks: nothing lost or doubled in between
        int first = Integer.parseInt(lines.get(0).substring(5));
        for (int i = 0; i < lines.size(); i++) {
            assertThat(lines.get(i)).isEqualTo("tick " + (first + i));
        }
        assertThat(s.collected().lines).extracting(StreamLine::source).containsOnly(StreamLine.Source.STDOUT);
        // detached: no more lines arrive, and the container keeps running
        int count = s.collected().lines.size();
        await().during(Duration.ofMillis(600)).atMost(Duration.ofSeconds(2))
                .until(() -> s.collected().lines.size() == count);
        assertThat(EngineFixture.inspect(name, "{{.State.Running}}")).isEqualTo("true");
        assertThat(env.psRow(false, name)).hasValueSatisfying(row -> assertThat(row.get(4)).startsWith("Up"));
    }

    @Test
    void attach_toAStoppedContainer_isAClearConflict() {
        String name = env.name("attach-stopped");
        env.send("create --name " + name + " " + env.label() + " " + IMAGE);

        Reply r = env.send("attach " + name);

        assertThat(r.severity()).contains(Severity.ERROR);
        assertThat(r.stream()).isEmpty();
        assertThat(r.plainText()).isEqualTo("cannot attach to " + name + ": it is not running (created) — start it first");
    }

    @Test
    void attach_endsWithTheExitCode_whenTheContainerStops() {
        String name = env.name("attach-exit");
        env.runDetached(name, TICKER);
        EngineFixture.Started s = EngineFixture.start(env.send("attach " + name));
        await().atMost(WAIT).until(() -> !s.collected().lines.isEmpty());

        assertThat(EngineFixture.docker("stop", "-t", "5", name).exitCode()).isZero();

        StreamEnd end = s.awaitEnd(Duration.ofSeconds(10));
        assertThat(end.reason()).isEqualTo(StreamEnd.Reason.CONTAINER_EXITED);
        assertThat(end.exitCode()).hasValue(0);
    }

    @Test
    void runInTheForeground_streamsOutput_andEndsWithTheExitCode() {
        String name = env.name("run-fg");

        Reply r = env.send("run --name " + name + " " + env.label() + " " + IMAGE
                + " sh -c 'echo one; echo two >&2; sleep 0.3; echo three; exit 4'");

        assertThat(r.severity()).contains(Severity.INFO);
        assertThat(r.plainText()).matches("running " + name + " \\([0-9a-f]{12}\\) from " + IMAGE
                + " — streaming its output until it exits");
        assertThat(EngineFixture.inspect(name, "{{.State.Status}}"))
                .as("created, but only started when the stream is").isEqualTo("created");
        EngineFixture.Started s = EngineFixture.start(r);

        StreamEnd end = s.awaitEnd(WAIT);

        assertThat(end.reason()).isEqualTo(StreamEnd.Reason.CONTAINER_EXITED);
        assertThat(end.exitCode()).hasValue(4);
        assertThat(end.describe(name)).isEqualTo(name + " exited with code 4");
        assertThat(s.collected().texts()).containsExactlyInAnyOrder("one", "two", "three");
        assertThat(s.collected().lines).contains(new StreamLine(StreamLine.Source.STDERR, "two"),
                new StreamLine(StreamLine.Source.STDOUT, "three"));
        assertThat(env.status(name)).hasValueSatisfying(st -> assertThat(st).startsWith("Exited (4)"));
    }

    @Test
    void runInTheForeground_withATty_streamsOutput() {
        String name = env.name("run-tty");

        Reply r = env.send("run -t --name " + name + " " + env.label() + " " + IMAGE
                + " sh -c 'echo tty-out; echo tty-err >&2; exit 2'");
        EngineFixture.Started s = EngineFixture.start(r);

        StreamEnd end = s.awaitEnd(WAIT);

        assertThat(end.reason()).isEqualTo(StreamEnd.Reason.CONTAINER_EXITED);
        assertThat(end.exitCode()).hasValue(2);
        assertThat(s.collected().texts()).containsExactly("tty-out", "tty-err");
    }

    @Test
    void runInTheForeground_withRm_endsWithTheExitCode_andRemovesTheContainer() {
        String name = env.name("run-rm");

        Reply r = env.send("run --rm --name " + name + " " + env.label() + " " + IMAGE + " sh -c 'echo bye; exit 6'");
        EngineFixture.Started s = EngineFixture.start(r);

        StreamEnd end = s.awaitEnd(WAIT);

        assertThat(end.reason()).isEqualTo(StreamEnd.Reason.CONTAINER_EXITED);
        assertThat(end.exitCode()).hasValue(6);
        assertThat(s.collected().texts()).containsExactly("bye");
        await().atMost(WAIT).until(() -> !EngineFixture.exists(name));
    }

    @Test
    void runInTheForeground_quickCommand_neverReportsAWrongExitCode() {
        for (int i = 0; i < 5; i++) {
            String name = env.name("run-quick");
            EngineFixture.Started s = EngineFixture.start(env.send("run --name " + name + " " + env.label() + " "
                    + IMAGE + " sh -c 'exit " + (10 + i) + "'"));
            StreamEnd end = s.awaitEnd(WAIT);
            assertThat(end.reason()).isEqualTo(StreamEnd.Reason.CONTAINER_EXITED);
            assertThat(end.exitCode()).hasValue(10 + i);
        }
    }

    @Test
    void runInteractive_linesGoToStdin_typingExitEndsTheSession() {
        String name = env.name("run-i");

        Reply r = env.send("run -i --name " + name + " " + env.label() + " " + IMAGE + " sh");

        assertThat(r.plainText()).endsWith("attached: your lines go to its input; type detach to leave it running");
        EngineFixture.Started s = EngineFixture.start(r);
        assertThat(s.stream().acceptsInput()).isTrue();
        s.stream().send("echo hello from stdin");
        await().atMost(WAIT).until(() -> s.collected().texts().contains("hello from stdin"));
        s.stream().send("exit 7");

        StreamEnd end = s.awaitEnd(WAIT);
        assertThat(end.reason()).isEqualTo(StreamEnd.Reason.CONTAINER_EXITED);
        assertThat(end.exitCode()).hasValue(7);
        assertThat(env.status(name)).hasValueSatisfying(st -> assertThat(st).startsWith("Exited (7)"));
    }

    @Test
    void runInteractiveWithTty_linesGoToStdin_typingExitEndsTheSession() {
        String name = env.name("run-it");

        EngineFixture.Started s = EngineFixture.start(env.send("run -it --name " + name + " " + env.label() + " "
                + IMAGE + " sh"));
        s.stream().send("echo $((6 * 7))");
        await().atMost(WAIT).until(() -> s.collected().texts().contains("42"));
        s.stream().send("exit");

        StreamEnd end = s.awaitEnd(WAIT);
        assertThat(end.reason()).isEqualTo(StreamEnd.Reason.CONTAINER_EXITED);
        assertThat(end.exitCode()).hasValue(0);
    }

    @Test
    void logsFollow_endsWhenTheContainerExits_withItsExitCode_P04() {
        String name = env.name("follow-exit");
        env.runDetached(name, "sh -c 'for i in 1 2 3 4 5; do echo $i; sleep 0.3; done; exit 3'");

        Reply r = env.send("logs -f " + name);

        assertThat(r.plainText()).startsWith("following logs of " + name);
        EngineFixture.Started s = EngineFixture.start(r);
        StreamEnd end = s.awaitEnd(WAIT);

        assertThat(end.reason()).isEqualTo(StreamEnd.Reason.CONTAINER_EXITED);
        assertThat(end.exitCode()).hasValue(3);
        assertThat(s.collected().texts()).containsExactly("1", "2", "3", "4", "5");
    }

    @Test
    void logsFollow_endsWhenSomeoneElseStopsTheContainer_P04() {
        String name = env.name("follow-stopped");
        env.runDetached(name, TICKER);
        EngineFixture.Started s = EngineFixture.start(env.send("logs -f --tail 1 " + name));
        await().atMost(WAIT).until(() -> s.collected().lines.size() >= 2);

        assertThat(EngineFixture.docker("kill", name).exitCode()).isZero();

        StreamEnd end = s.awaitEnd(WAIT);
        assertThat(end.reason()).isEqualTo(StreamEnd.Reason.CONTAINER_EXITED);
        assertThat(end.exitCode()).hasValue(137);
    }

    @Test
    void logsFollow_fastPrinterExits_theBacklogIsReadBeforeTheEnd_P02_P04() {
        String name = env.name("follow-fast");
        env.runDetached(name, "sh -c 'sleep 1; seq 1 300000; exit 4'");

        Reply r = env.send("logs -f " + name);

        java.util.concurrent.atomic.AtomicLong count = new java.util.concurrent.atomic.AtomicLong();
        java.util.concurrent.atomic.AtomicReference<String> last = new java.util.concurrent.atomic.AtomicReference<>();
        var stream = r.stream().orElseThrow();
        stream.start(line -> {
            count.incrementAndGet();
            last.set(line.text());
        });
        StreamEnd end = stream.ended().orTimeout(60, java.util.concurrent.TimeUnit.SECONDS).join();
        assertThat(end.reason()).isEqualTo(StreamEnd.Reason.CONTAINER_EXITED);
        assertThat(end.exitCode()).hasValue(4);
        assertThat(count.get()).isEqualTo(300_000);
        assertThat(last.get()).isEqualTo("300000");
    }

    @Test
    void logsFollow_ofAnExitedContainer_showsItsOutputAndEnds_P04() {
        String name = env.name("follow-done");
        env.runDetached(name, "sh -c 'echo done-1; echo done-2; exit 5'");
        await().atMost(WAIT).until(() -> env.status(name).orElse("").startsWith("Exited (5)"));

        Reply r = env.send("logs -f " + name);

        assertThat(r.plainText()).isEqualTo("following logs of " + name + " (exited: showing what it printed)");
        EngineFixture.Started s = EngineFixture.start(r);
        StreamEnd end = s.awaitEnd(WAIT);
        assertThat(end.reason()).isEqualTo(StreamEnd.Reason.CONTAINER_EXITED);
        assertThat(end.exitCode()).hasValue(5);
        assertThat(s.collected().texts()).containsExactly("done-1", "done-2");
    }

    @Test
    void logsFollow_ofANeverStartedContainer_saysSo_insteadOfAFakeExit() {
        String name = env.name("follow-created");
        env.send("create --name " + name + " " + env.label() + " " + IMAGE + " echo hi");

        Reply r = env.send("logs -f " + name);

        assertThat(r.stream()).isEmpty();
        assertThat(r.severity()).contains(Severity.INFO);
        assertThat(r.plainText()).isEqualTo(name + " has not been started yet: nothing to follow — start it first");
    }

    @Test
    void logsFollow_whenTheEngineCannotStream_endsWithAnEngineError_notAFakeExitCode_P04() {
        // no logging driver: the engine refuses to stream while the container keeps running (end of file, no exit)
        String name = env.name("follow-nolog");
        EngineFixture.Cli cli = EngineFixture.docker("run", "-d", "--name", name, "--label",
                EngineFixture.LABEL_KEY + "=" + env.runId, "--log-driver", "none", IMAGE, "sleep", "600");
        assertThat(cli.exitCode()).as(cli.err()).isZero();
        EngineFixture.Started s = EngineFixture.start(env.send("logs -f " + name));

        StreamEnd end = s.awaitEnd(WAIT);

        assertThat(end.reason()).isEqualTo(StreamEnd.Reason.ENGINE_ERROR);
        assertThat(end.exitCode()).isEmpty();
        assertThat(EngineFixture.inspect(name, "{{.State.Running}}")).isEqualTo("true");
    }

    @Test
    void logsFollow_stop_endsWithStopped_containerKeepsRunning() {
        String name = env.name("follow-stop");
        env.runDetached(name, TICKER);
        EngineFixture.Started s = EngineFixture.start(env.send("logs --follow " + name));
        await().atMost(WAIT).until(() -> s.collected().lines.size() >= 3);

        s.stream().stop();

        StreamEnd end = s.awaitEnd(Duration.ofSeconds(5));
        assertThat(end.reason()).isEqualTo(StreamEnd.Reason.STOPPED);
        assertThat(s.collected().texts().get(0)).isEqualTo("tick 1");
        assertThat(EngineFixture.inspect(name, "{{.State.Running}}")).isEqualTo("true");
        s.stream().stop(); // idempotent
        assertThat(s.stream().ended()).isCompletedWithValue(end);
    }

    @Test
    void logsFollow_quietContainer_stopEndsAtOnce_P05() {
        String name = env.name("follow-quiet");
        env.runDetached(name, "sleep 600");
        EngineFixture.Started s = EngineFixture.start(env.send("logs -f " + name));

        long start = System.nanoTime();
        s.stream().stop();
        StreamEnd end = s.awaitEnd(Duration.ofSeconds(5));

        assertThat(end.reason()).isEqualTo(StreamEnd.Reason.STOPPED);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
        assertThat(s.collected().lines).isEmpty();
        // the bus still answers afterwards
        assertThat(env.psRow(false, name)).isPresent();
    }
}
