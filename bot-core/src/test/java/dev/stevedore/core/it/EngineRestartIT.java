package dev.stevedore.core.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.stevedore.config.CrashLoopConfig;
import dev.stevedore.config.NotificationsConfig;
import dev.stevedore.config.RouteConfig;
import dev.stevedore.core.auth.Platform;
import dev.stevedore.core.port.MessageSinks;
import dev.stevedore.core.testing.RecordingMessageSink;
import dev.stevedore.core.watch.ExitWatcher;
import dev.stevedore.core.watch.ExitWatcherBuilder;
import dev.stevedore.core.watch.Notifications;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * CASES.md P06 on the real engine: {@code dockerd} is stopped and started again between two container exits, and
 * each exit is alerted exactly once. The engine is restarted with the project's own {@code scripts/test-env.sh}, in
 * a new session ({@code setsid}) so that the daemon outlives this JVM; it is restored at the end even when the test
 * fails.
 *
 * <p>A class of its own and kept short: stopping the engine stops every container on it, so other tests running on
 * the same engine at that moment are disturbed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EngineRestartIT {
    private static final Path PID_FILE = Path.of("/var/run/docker.pid");
    private static final Duration ALERT_WAIT = Duration.ofSeconds(60);

    private EngineFixture env;
    private final RecordingMessageSink channel = new RecordingMessageSink();
    private ExitWatcher watcher;

    @BeforeAll
    void open() {
        env = EngineFixture.open();
        Notifications notifications = new Notifications(new NotificationsConfig(
                List.of(new RouteConfig(List.of(), Map.of(EngineFixture.LABEL_KEY, env.runId), List.of(),
                        List.of("shell"), false)),
                CrashLoopConfig.defaults()));
        MessageSinks sinks = new MessageSinks();
        sinks.register(Platform.SHELL, channel);
        watcher = new ExitWatcherBuilder()
                .engine(env.engine)
                .notifications(notifications)
                .sinks(sinks)
                .reconnectBackoff(Duration.ofSeconds(1), Duration.ofSeconds(4))
                .build();
        watcher.start();
    }

    @AfterAll
    void close() throws Exception {
        try {
            if (watcher != null) {
                watcher.close();
            }
        } finally {
            try {
                ensureEngineRuns();
            } finally {
                if (env != null) {
                    env.close();
                }
            }
        }
    }

    @Test
    void p06_engineRestartedBetweenTwoExits_bothAlertedExactlyOnce() throws Exception {
        String first = env.name("restart-a");
        String second = env.name("restart-b");
        env.runDetached(first, "sh -c 'echo before the restart; exit 3'");
        await().atMost(ALERT_WAIT).until(() -> !channel.messagesAbout(first).isEmpty());
        long subscriptions = watcher.status().subscriptions();

        try {
            stopDockerd();
            await().atMost(Duration.ofSeconds(10)).until(() -> !watcher.status().subscribed());
        } finally {
            startDockerd();
        }
        env.runDetached(second, "sh -c 'echo after the restart; exit 4'");

        await().atMost(ALERT_WAIT).until(() -> !channel.messagesAbout(second).isEmpty());
        await().pollDelay(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(4)).until(() -> true);
        assertThat(watcher.status().subscriptions()).isGreaterThan(subscriptions);
        assertThat(channel.messagesAbout(first)).as("the exit before the restart").hasSize(1);
        assertThat(channel.messagesAbout(second)).as("the exit after the restart").hasSize(1);
        assertThat(channel.only(first).text()).startsWith(first + " exited with error 3").contains("before the restart");
        assertThat(channel.only(second).text()).startsWith(second + " exited with error 4")
                .contains("after the restart");
    }

    // ------------------------------------------------------------------------------------------ the engine

    private static void stopDockerd() throws IOException, InterruptedException {
        String pid = Files.readString(PID_FILE, StandardCharsets.UTF_8).strip();
        assertThat(pid).matches("\\d+");
        Process kill = new ProcessBuilder("kill", "-TERM", pid).inheritIO().start();
        assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> !Files.exists(Path.of("/proc", pid)) || isZombie(pid));
    }

    private static boolean isZombie(String pid) {
        try {
            String stat = Files.readString(Path.of("/proc", pid, "stat"), StandardCharsets.UTF_8);
            String state = stat.substring(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
            return state.equals("Z") || state.equals("X");
        } catch (IOException | RuntimeException e) {
            return true;
        }
    }

    /** Starts the engine with the project's script, detached so it outlives the test JVM; waits until it answers. */
    private static void startDockerd() throws IOException, InterruptedException {
        Path script = findScript();
        File log = File.createTempFile("stevedore-test-env", ".log");
        Process p = new ProcessBuilder("setsid", "bash", script.toString())
                .directory(script.getParent().getParent().toFile())
                .redirectErrorStream(true)
                .redirectOutput(log)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .start();
        boolean done = p.waitFor(5, TimeUnit.MINUTES);
        String output = Files.readString(log.toPath(), StandardCharsets.UTF_8);
        assertThat(done).as("scripts/test-env.sh finished: %s", output).isTrue();
        assertThat(p.exitValue()).as("scripts/test-env.sh: %s", output).isZero();
        await().atMost(Duration.ofSeconds(60)).until(() -> EngineFixture.docker("info").exitCode() == 0);
    }

    private static void ensureEngineRuns() throws IOException, InterruptedException {
        if (EngineFixture.docker("info").exitCode() != 0) {
            startDockerd();
        }
    }

    private static Path findScript() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path script = dir.resolve("scripts/test-env.sh");
            if (Files.isRegularFile(script)) {
                return script;
            }
        }
        throw new AssertionError("scripts/test-env.sh not found above " + Path.of("").toAbsolutePath());
    }
}
