package dev.stevedore.core.it;

import static dev.stevedore.core.it.EngineFixture.IMAGE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.stevedore.config.AccessConfig;
import dev.stevedore.config.CrashLoopConfig;
import dev.stevedore.config.NotificationsConfig;
import dev.stevedore.config.RouteConfig;
import dev.stevedore.core.auth.Caller;
import dev.stevedore.core.auth.Platform;
import dev.stevedore.core.auth.RoleBasedAccessPolicy;
import dev.stevedore.core.bus.CommandBus;
import dev.stevedore.core.bus.CommandBusBuilder;
import dev.stevedore.core.bus.ConversationRef;
import dev.stevedore.core.bus.Invocation;
import dev.stevedore.core.engine.ContainerGateway;
import dev.stevedore.core.port.MessageSinks;
import dev.stevedore.core.reply.Reply;
import dev.stevedore.core.testing.RecordingMessageSink;
import dev.stevedore.core.watch.ExitWatcher;
import dev.stevedore.core.watch.ExitWatcherBuilder;
import dev.stevedore.core.watch.Notifications;
import java.io.Closeable;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Exit notifications on the real engine (issue 6, "Must show"): the exit watcher follows the engine's events and
 * posts to a recording sink standing in for a channel. Only containers labelled with this class's run id are
 * routed, so other tests on the same engine never reach the sink.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExitNotificationsIT {
    private static final Duration ALERT_WAIT = Duration.ofSeconds(30);
    /** How long to keep watching for a duplicate after an alert arrived. */
    private static final Duration QUIET = Duration.ofSeconds(3);

    private EngineFixture env;
    private final RecordingMessageSink channel = new RecordingMessageSink();
    private final AtomicReference<Closeable> stream = new AtomicReference<>();
    private Notifications notifications;
    private ExitWatcher watcher;
    private CommandBus bus;

    @BeforeAll
    void open() {
        env = EngineFixture.open();
        notifications = new Notifications(new NotificationsConfig(
                List.of(new RouteConfig(List.of(), Map.of(EngineFixture.LABEL_KEY, env.runId), List.of(),
                        List.of("shell"), false)),
                CrashLoopConfig.defaults()));
        MessageSinks sinks = new MessageSinks();
        sinks.register(Platform.SHELL, channel);
        watcher = new ExitWatcherBuilder()
                .engine(cuttable(env.engine))
                .notifications(notifications)
                .sinks(sinks)
                .minEditInterval(Duration.ofMillis(500))
                .build();
        watcher.start();
        bus = new CommandBusBuilder()
                .engine(env.engine)
                .accessPolicy(new RoleBasedAccessPolicy(AccessConfig.empty()))
                .notifications(notifications)
                .build();
    }

    @AfterAll
    void close() {
        if (watcher != null) {
            watcher.close();
        }
        if (bus != null) {
            bus.close();
        }
        if (env != null) {
            env.close();
        }
    }

    /** The engine, with a hand on the event stream's connection, to cut it as a proxy would (P06). */
    private ContainerGateway cuttable(ContainerGateway engine) {
        return (ContainerGateway) Proxy.newProxyInstance(ContainerGateway.class.getClassLoader(),
                new Class<?>[] {ContainerGateway.class}, (proxy, method, args) -> {
                    try {
                        Object result = method.invoke(engine, args);
                        if (method.getName().equals("events") && args.length == 4) {
                            stream.set((Closeable) result);
                        }
                        return result;
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    private RecordingMessageSink.Message awaitAlert(String name) {
        await().atMost(ALERT_WAIT).until(() -> !channel.messagesAbout(name).isEmpty());
        return channel.messagesAbout(name).get(0);
    }

    private void assertStillOneAlert(String name) {
        await().pollDelay(QUIET).atMost(QUIET.plusSeconds(1)).until(() -> true);
        assertThat(channel.messagesAbout(name)).as("alerts about %s", name).hasSize(1);
    }

    private void dockerRunDetached(String... args) {
        List<String> cmd = new java.util.ArrayList<>(List.of("run", "-d", "--label",
                EngineFixture.LABEL_KEY + "=" + env.runId));
        cmd.addAll(List.of(args));
        EngineFixture.Cli r = EngineFixture.docker(cmd.toArray(String[]::new));
        assertThat(r.exitCode()).as("docker run: %s", r.err()).isZero();
    }

    @Test
    void exit3_isAlertedOnce_withItsCodeMeaningAndLastLines() {
        String name = env.name("exit3");

        env.runDetached(name, "sh -c 'echo starting; echo loading config; echo fatal: no config >&2; exit 3'");

        RecordingMessageSink.Message alert = awaitAlert(name);
        assertThat(alert.text()).startsWith(name + " exited with error 3")
                .contains("exit code 3", "image " + IMAGE, "Last 3 lines:", "starting", "loading config",
                        "fatal: no config", "ran ");
        assertThat(alert.conversation()).isEqualTo(ConversationRef.shell());
        assertThat(alert.text()).contains("Restart / Logs / Remove");
        assertStillOneAlert(name);
    }

    @Test
    void dockerStop_ofAContainerIgnoringSigterm_isReportedAsSigkill_notOom() {
        String name = env.name("sigkill");
        dockerRunDetached("--name", name, IMAGE, "sh", "-c", "trap '' TERM; echo up; while true; do sleep 1; done");
        await().atMost(ALERT_WAIT).until(() -> EngineFixture.inspect(name, "{{.State.Running}}").equals("true"));

        EngineFixture.Cli stop = EngineFixture.docker("stop", "-t", "1", name);
        assertThat(stop.exitCode()).as(stop.err()).isZero();

        RecordingMessageSink.Message alert = awaitAlert(name);
        assertThat(EngineFixture.inspect(name, "{{.State.ExitCode}} {{.State.OOMKilled}}")).isEqualTo("137 false");
        assertThat(alert.text()).startsWith(name + " exited: killed (SIGKILL)")
                .contains("exit code 137", "docker stop or kill: SIGTERM, then SIGKILL")
                .doesNotContain("out of memory", "OOM");
        assertStillOneAlert(name);
    }

    @Test
    void memoryLimitedContainer_isReportedAsOutOfMemory() {
        String name = env.name("oom");

        dockerRunDetached("--name", name, "--memory", "16m", "--memory-swap", "16m", IMAGE, "sh", "-c",
                "echo filling memory; head -c 200m /dev/zero | tail");

        RecordingMessageSink.Message alert = awaitAlert(name);
        assertThat(EngineFixture.inspect(name, "{{.State.OOMKilled}}")).as("the kernel really OOM-killed it")
                .isEqualTo("true");
        assertThat(alert.text()).startsWith(name + " exited: out of memory (OOM-killed)")
                .contains("exit code 137", "filling memory");
        assertStillOneAlert(name);
    }

    @Test
    void p30_crashLoopWithRestartAlways_isOneAlertUpdatedInPlace() {
        String name = env.name("flappy");

        dockerRunDetached("--name", name, "--restart", "always", IMAGE, "sh", "-c", "echo boom; exit 1");

        await().atMost(Duration.ofSeconds(60)).until(() -> channel.messagesAbout(name).stream()
                .anyMatch(m -> m.text().matches("(?s)" + java.util.regex.Pattern.quote(name)
                        + " is crash-looping: ([5-9]|\\d\\d+) exits in 10 min.*")));
        EngineFixture.docker("update", "--restart", "no", name);
        List<RecordingMessageSink.Message> alerts = channel.messagesAbout(name);
        assertThat(alerts).as("one alert for the whole loop").hasSize(1);
        RecordingMessageSink.Message alert = alerts.get(0);
        assertThat(alert.first().plainText()).startsWith(name + " exited with error 1");
        assertThat(alert.edits()).isGreaterThanOrEqualTo(1);
        assertThat(alert.text()).contains("last exit 1, last line 'boom'", "restart policy always, restarted");
        EngineFixture.docker("rm", "-f", name);
        assertStillOneAlert(name);
    }

    @Test
    void stopThroughTheBot_isAttributedToItsRequester() {
        String name = env.name("botstop");
        env.runDetached(name, ContainerLifecycleIT.SERVICE);

        Reply r = bus.dispatch(Invocation.of(Caller.shell("alice"), ConversationRef.shell(), "stop " + name))
                .join();
        assertThat(r.plainText()).isEqualTo(name + " stopped by alice");

        RecordingMessageSink.Message alert = awaitAlert(name);
        assertThat(alert.text()).startsWith(name + " stopped by alice in the shell: exited normally")
                .doesNotContain("Someone asked the engine");
        assertStillOneAlert(name);
    }

    @Test
    void p06_connectionCutMidStream_anExitDuringTheGapIsAlertedOnce_andNothingIsRepeated() throws IOException {
        String before = env.name("p06-before");
        String during = env.name("p06-during");
        env.runDetached(before, "sh -c 'exit 2'");
        awaitAlert(before);
        long subscriptions = watcher.status().subscriptions();

        stream.get().close(); // the TCP connection dies mid-stream
        await().atMost(Duration.ofSeconds(5)).until(() -> !watcher.status().subscribed());
        env.runDetached(during, "sh -c 'exit 4'"); // during the 1 s reconnect backoff
        await().atMost(Duration.ofSeconds(5))
                .until(() -> EngineFixture.inspect(during, "{{.State.Status}}").equals("exited"));

        RecordingMessageSink.Message alert = awaitAlert(during);
        assertThat(watcher.status().subscriptions()).isGreaterThan(subscriptions);
        assertThat(alert.text()).startsWith(during + " exited with error 4");
        assertStillOneAlert(during);
        assertThat(channel.messagesAbout(before)).as("the replayed exit is not alerted again").hasSize(1);
    }
}
