package dev.stevedore.core.watch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stevedore.config.AccessConfig;
import dev.stevedore.config.BindingConfig;
import dev.stevedore.config.ChannelsConfig;
import dev.stevedore.config.CrashLoopConfig;
import dev.stevedore.config.IgnoreConfig;
import dev.stevedore.config.NotificationsConfig;
import dev.stevedore.config.PlatformIds;
import dev.stevedore.config.RoleConfig;
import dev.stevedore.config.RouteConfig;
import dev.stevedore.core.auth.Caller;
import dev.stevedore.core.auth.Platform;
import dev.stevedore.core.auth.RoleBasedAccessPolicy;
import dev.stevedore.core.bus.CommandBus;
import dev.stevedore.core.bus.CommandBusBuilder;
import dev.stevedore.core.bus.ConversationRef;
import dev.stevedore.core.engine.EngineEvent;
import dev.stevedore.core.error.EngineUnavailableException;
import dev.stevedore.core.internal.watch.DefaultExitWatcher;
import dev.stevedore.core.port.MessageRef;
import dev.stevedore.core.port.MessageSink;
import dev.stevedore.core.port.MessageSinks;
import dev.stevedore.core.reply.Action;
import dev.stevedore.core.reply.Block;
import dev.stevedore.core.reply.Reply;
import dev.stevedore.core.reply.Severity;
import dev.stevedore.core.testing.DirectExecutorService;
import dev.stevedore.core.testing.FakeContainerGateway;
import dev.stevedore.core.testing.FakeTicker;
import dev.stevedore.core.testing.Invocations;
import dev.stevedore.core.testing.LogCapture;
import dev.stevedore.core.testing.ManualTimer;
import dev.stevedore.core.testing.MutableClock;
import dev.stevedore.core.testing.QuietLogs;
import dev.stevedore.core.testing.RecordingMessageSink;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The exit watcher on the fake engine: routing, what an alert says, who caused an exit, the buttons, de-duplication
 * and reconnects (CASES.md P06), and crash-loop coalescing (P30). Single-threaded and deterministic: a direct
 * executor, a manual timer that moves the clock, no sleeping.
 */
class ExitWatcherTest {
    private static final String ALERTS = "C0ALERT";
    private static final Duration BACKOFF = Duration.ofSeconds(1);
    private static final Duration IDLE = Duration.ofMinutes(5);
    private static final Duration EDIT_INTERVAL = Duration.ofSeconds(2);
    private static final Duration BUDGET = Duration.ofMillis(300);

    private final MutableClock clock = MutableClock.create();
    private final FakeTicker ticker = new FakeTicker();
    private final FakeContainerGateway engine = new FakeContainerGateway(clock);
    private final ManualTimer timer = new ManualTimer(clock, ticker);
    private final RecordingMessageSink shell = new RecordingMessageSink();
    private final RecordingMessageSink slack = new RecordingMessageSink();
    private final MessageSinks sinks = new MessageSinks();
    private Notifications notifications;
    private DefaultExitWatcher watcher;
    private CommandBus bus;

    @BeforeAll
    static void quiet() {
        QuietLogs.install();
    }

    @AfterEach
    void close() {
        if (watcher != null) {
            watcher.close();
        }
        if (bus != null) {
            bus.close();
        }
    }

    // ------------------------------------------------------------------------------------------ set-up

    private static RouteConfig everything(String... to) {
        return new RouteConfig(List.of(), Map.of(), List.of(), List.of(to), false);
    }

    private static NotificationsConfig config(RouteConfig... routes) {
        return new NotificationsConfig(List.of(routes), CrashLoopConfig.defaults());
    }

    private void start(NotificationsConfig config) {
        start(config, Runnable::run);
    }

    private void start(NotificationsConfig config, java.util.concurrent.Executor inspector) {
        notifications = new Notifications(config, clock, ticker);
        if (sinks.get(Platform.SHELL).isEmpty()) {
            sinks.register(Platform.SHELL, shell);
        }
        sinks.register(Platform.SLACK, slack);
        watcher = new DefaultExitWatcher(engine, notifications, sinks, Runnable::run, inspector, timer, ticker,
                new DefaultExitWatcher.Settings(BACKOFF, Duration.ofSeconds(30), IDLE, EDIT_INTERVAL, BUDGET), () -> { });
        watcher.start();
    }

    private void startWatchingEverything() {
        start(config(everything("slack:" + ALERTS)));
    }

    /** A bus over the same engine and notifications; shell users are admins, Slack users per role. */
    private CommandBus bus(AccessConfig access) {
        bus = new CommandBusBuilder()
                .engine(engine)
                .accessPolicy(new RoleBasedAccessPolicy(access))
                .executor(new DirectExecutorService())
                .time(clock, ticker)
                .notifications(notifications)
                .build();
        return bus;
    }

    private static AccessConfig slackRoles() {
        return new AccessConfig(
                Map.of("viewer", new RoleConfig("viewer", List.of("logs"), List.of(), Map.of(), List.of()),
                        "operator", new RoleConfig("operator", List.of("restart", "rm", "logs"), List.of(), Map.of(),
                                List.of())),
                List.of(new BindingConfig("viewer", new PlatformIds(List.of("U0VIEW"), List.of()), PlatformIds.none(),
                                PlatformIds.none()),
                        new BindingConfig("operator", new PlatformIds(List.of("U0OPER"), List.of()),
                                PlatformIds.none(), PlatformIds.none())),
                new ChannelsConfig(List.of(ALERTS), List.of()), false);
    }

    private static String actionId(Reply r, String label) {
        return r.blocks().stream().filter(Block.Actions.class::isInstance)
                .flatMap(b -> ((Block.Actions) b).actions().stream())
                .filter(a -> a.label().equals(label)).map(Action::id).findFirst()
                .orElseThrow(() -> new AssertionError("no " + label + " button in " + r.plainText()));
    }

    private static Severity severity(Reply r) {
        return r.severity().orElseThrow();
    }

    // ========================================================================================= routing

    @Nested
    class Routing {
        @Test
        void die_everyContainerRoute_postsOneAlertToTheSlackChannel() {
            startWatchingEverything();
            engine.addRunning("web").logs("starting", "listening on :8080", "fatal: config missing");

            engine.setExited("web", 3);

            RecordingMessageSink.Message m = slack.only("web");
            assertThat(m.conversation()).isEqualTo(new ConversationRef(Platform.SLACK, "", ALERTS,
                    java.util.Optional.empty()));
            assertThat(m.text()).startsWith("web exited with error 3")
                    .contains("exit code 3", "image busybox:latest", "fatal: config missing", "Last 3 lines:");
            assertThat(shell.messages()).isEmpty();
            assertThat(watcher.status().alertsPosted()).isEqualTo(1);
        }

        @Test
        void die_noRoutes_postsNothingAnywhere() {
            start(NotificationsConfig.defaults());
            engine.addRunning("web");

            engine.setExited("web", 1);

            assertThat(slack.messages()).isEmpty();
            assertThat(shell.messages()).isEmpty();
            assertThat(engine.calls("inspect")).as("unrouted exits cost no engine calls").isEmpty();
        }

        @Test
        void die_routeCriteria_allMustMatch_namesGlobLabelAndImageGlob() {
            start(config(new RouteConfig(List.of("web-*"), Map.of("env", "prod"), List.of("nginx*"),
                    List.of("shell"), false)));
            engine.addRunning("web-1").label("env", "prod").image("nginx:1.25");
            engine.addRunning("web-2").label("env", "dev").image("nginx:1.25");
            engine.addRunning("web-3").label("env", "prod").image("busybox");
            engine.addRunning("api-1").label("env", "prod").image("nginx:1.25");

            for (String n : List.of("web-1", "web-2", "web-3", "api-1")) {
                engine.setExited(n, 1);
            }

            assertThat(shell.messages()).extracting(m -> m.text().split(" ")[0]).containsExactly("web-1");
        }

        @Test
        void die_onlyFailuresRoute_skipsExitZero_butNotOtherRoutes() {
            start(config(new RouteConfig(List.of(), Map.of(), List.of(), List.of("slack:" + ALERTS), true),
                    everything("shell")));
            engine.addRunning("job");
            engine.addRunning("svc");

            engine.setExited("job", 0);
            engine.setExited("svc", 2);

            assertThat(slack.messages()).extracting(RecordingMessageSink.Message::text)
                    .singleElement().asString().startsWith("svc exited with error 2");
            assertThat(shell.messages()).hasSize(2);
            assertThat(shell.only("job").text()).startsWith("job exited normally");
        }

        @Test
        void die_ignoredByLabel_postsNothing_evenWhenARouteMatches() {
            start(new NotificationsConfig(List.of(everything("shell")), CrashLoopConfig.defaults(),
                    new IgnoreConfig(List.of(), Map.of("ci", "true"), List.of()), 10));
            engine.addRunning("ci-build-42").label("ci", "true");
            engine.addRunning("web");

            engine.setExited("ci-build-42", 1);
            engine.setExited("web", 1);

            assertThat(shell.messages()).extracting(m -> m.text().split(" ")[0]).containsExactly("web");
        }

        @Test
        void die_sameTargetInTwoRoutes_isPostedOnce() {
            start(config(everything("shell"), new RouteConfig(List.of("web"), Map.of(), List.of(), List.of("shell"),
                    false)));
            engine.addRunning("web");

            engine.setExited("web", 1);

            assertThat(shell.messages()).hasSize(1);
        }

        @Test
        void die_targetWhoseAdapterIsNotRunning_isDropped_andOtherTargetsStillGetIt() {
            start(config(everything("discord:123456789012345678", "shell")));
            engine.addRunning("web");

            try (LogCapture log = LogCapture.of(DefaultExitWatcher.class)) {
                engine.setExited("web", 1);
                engine.addRunning("api");
                engine.setExited("api", 1);

                assertThat(log.events()).filteredOn(e -> e.getFormattedMessage().contains("no DISCORD adapter"))
                        .as("logged once per target, not per alert").hasSize(1);
            }
            assertThat(shell.messages()).hasSize(2);
        }

        @Test
        void die_mutedContainer_isSilentUntilTheMuteEnds_andOthersAreNot() {
            startWatchingEverything();
            engine.addRunning("web");
            engine.addRunning("api");
            notifications.mute("web", Duration.ofMinutes(30), Caller.shell("alice"));

            engine.setExited("web", 1);
            engine.setExited("api", 1);
            assertThat(slack.messages()).extracting(m -> m.text().split(" ")[0]).containsExactly("api");

            timer.advance(Duration.ofMinutes(31));
            engine.setRunning("web");
            engine.setExited("web", 1);
            assertThat(slack.messagesAbout("web")).hasSize(1);
        }
    }

    // ================================================================================ what it says

    @Nested
    class Meaning {
        @ParameterizedTest(name = "exit {0}, OOMKilled {1}, oom event {2} → {3}")
        @CsvSource(delimiter = '|', value = {
            "0   | false | false | web exited normally",
            "3   | false | false | web exited with error 3",
            "137 | false | false | web exited: killed (SIGKILL)",
            "137 | true  | false | web exited: out of memory (OOM-killed)",
            "137 | false | true  | web exited: out of memory (OOM-killed)",
            "143 | false | false | web exited: terminated (SIGTERM)",
            "139 | false | false | web exited: killed by signal 11 (SIGSEGV)",
            "255 | false | false | web exited with error 255"})
        void die_exitCode_isExplained(long code, boolean oomKilled, boolean oomEvent, String headline) {
            startWatchingEverything();
            engine.addRunning("web").oomKilled(oomKilled);
            if (oomEvent) {
                engine.emitEvent("web", "oom", Map.of());
            }

            engine.setExited("web", code);

            Reply alert = slack.only("web").current();
            assertThat(alert.blocks().get(0)).isInstanceOf(Block.Notice.class);
            assertThat(((Block.Notice) alert.blocks().get(0)).text()).isEqualTo(headline);
            assertThat(alert.plainText()).contains("exit code " + code);
            assertThat(severity(alert)).isEqualTo(code == 0 ? Severity.INFO : Severity.ERROR);
        }

        @Test
        void die_showsHowLongItRan_andTheLastTenCleanLines() {
            startWatchingEverything();
            var web = engine.addRunning("web");
            for (int i = 1; i <= 15; i++) {
                web.logs("line " + i);
            }
            clock.advance(Duration.ofMinutes(2).plusSeconds(3));

            engine.setExited("web", 1);

            String text = slack.only("web").text();
            assertThat(text).contains("ran 2 min 3 s", "Last 10 lines:", "line 6", "line 15")
                    .doesNotContain("line 5\n");
        }

        @Test
        void die_buttons_restartLogsRemove_runCommandsOnTheFullId() {
            startWatchingEverything();
            String id = engine.addRunning("web").id();

            engine.setExited("web", 1);

            Reply alert = slack.only("web").current();
            assertThat(actionId(alert, "Restart")).isEqualTo("stv:cmd:restart " + id);
            assertThat(actionId(alert, "Logs")).isEqualTo("stv:cmd:logs --tail 50 " + id);
            assertThat(actionId(alert, "Remove")).isEqualTo("stv:cmd:rm " + id);
            assertThat(actionId(alert, "Restart")).hasSizeLessThanOrEqualTo(Action.MAX_ID_LENGTH);
        }

        @Test
        void die_afterAStartSeenByTheWatcher_usesWhatWasLearnedAtTheStart_withoutInspectingAtTheExit() {
            startWatchingEverything();
            engine.addCreated("web").tty(true).logs("tty output");
            engine.setRunning("web");
            clock.advance(Duration.ofSeconds(42));
            engine.clearCalls();

            engine.setExited("web", 1);

            assertThat(engine.calls("inspect")).as("the engine holds the container's lock while it cleans up after "
                    + "the die: no inspect on the alert's path").isEmpty();
            assertThat(engine.calls("logs")).hasSize(1);
            assertThat(slack.only("web").text()).contains("ran 42 s", "tty output");
        }

        @Test
        void start_runningContainersAtWatcherStart_areLearnedOnce_soTheirExitNeedsNoInspect() {
            engine.addRunning("web");
            engine.addRunning("other").label("team", "x");
            start(config(new RouteConfig(List.of("web"), Map.of(), List.of(), List.of("slack:" + ALERTS), false)));
            assertThat(engine.calls("inspect")).hasSize(1);
            engine.clearCalls();

            engine.setExited("web", 1);

            assertThat(engine.calls("inspect")).isEmpty();
            assertThat(slack.only("web").text()).startsWith("web exited with error 1");
        }

        @Test
        void die_slowLookup_alertGoesOutAtTheBudgetWithoutLines_thenIsEditedWithThem() {
            java.util.Queue<Runnable> lookups = new java.util.ArrayDeque<>();
            start(config(everything("slack:" + ALERTS)), lookups::add);
            lookups.poll().run(); // learning the containers running at start: none
            engine.addRunning("web").logs("fatal: disk full");
            engine.addRunning("api");

            engine.setExited("web", 1);
            assertThat(slack.messages()).as("waiting for the last lines").isEmpty();
            timer.advance(BUDGET);

            RecordingMessageSink.Message alert = slack.only("web");
            assertThat(alert.text()).startsWith("web exited with error 1").doesNotContain("fatal");
            engine.setExited("api", 2); // another container is not held up by web's slow look-up
            assertThat(alert.current().blocks()).as("not known to exist yet").noneMatch(Block.Actions.class::isInstance);
            lookups.poll().run(); // web's look-up ends late
            assertThat(alert.text()).contains("Last line:", "fatal: disk full", "Restart / Logs / Remove");
            assertThat(alert.edits()).isEqualTo(1);
            lookups.poll().run();
            assertThat(slack.only("api").text()).startsWith("api exited with error 2");
        }

        @Test
        void die_eventsOfAContainerWhoseExitIsBeingLookedUp_waitInOrder() {
            java.util.Queue<Runnable> lookups = new java.util.ArrayDeque<>();
            start(config(everything("slack:" + ALERTS)), lookups::add);
            lookups.poll().run(); // learning the containers running at start: none
            engine.addRunning("web");

            engine.setExited("web", 1);
            engine.setRunning("web");
            engine.setExited("web", 2);
            assertThat(lookups).hasSize(1);
            lookups.poll().run(); // first exit alerted, then its start and second exit are handled
            lookups.poll().run(); // the start's own look-up
            lookups.poll().run(); // the second exit's

            assertThat(slack.messagesAbout("web")).extracting(m -> m.first().plainText().split(":")[0])
                    .containsExactly("web exited with error 1\nexit code 1 · image busybox", "web exited with error 2\n"
                            + "exit code 2 · image busybox");
        }

        @Test
        void die_containerAlreadyRemoved_alertFromTheEventAlone_withoutButtons() {
            startWatchingEverything();
            var gone = engine.addRunning("gone").image("alpine:3");
            EngineEvent die = new EngineEvent("container", "die", gone.id(),
                    Map.of("name", "gone", "image", "alpine:3", "exitCode", "2"), clock.instant());
            engine.removeContainer("gone");
            slack.clear();

            engine.emitEvent(die);

            Reply alert = slack.only("gone").current();
            assertThat(alert.plainText()).startsWith("gone exited with error 2").contains("image alpine:3");
            assertThat(alert.blocks()).noneMatch(Block.Actions.class::isInstance);
        }

        @Test
        void die_inspectFails_alertIsStillPosted_andTheWatcherGoesOn() {
            startWatchingEverything();
            engine.addRunning("web");
            engine.addRunning("api");
            engine.failOn("inspect", new IllegalStateException("bug in the engine client (test)"));

            try (LogCapture log = LogCapture.of(DefaultExitWatcher.class)) {
                engine.setExited("web", 1);
                assertThat(log.events()).anyMatch(e -> e.getFormattedMessage().startsWith("cannot inspect"));
            }
            engine.clearFailures();
            engine.setExited("api", 4);

            assertThat(slack.only("web").text()).startsWith("web exited with error 1");
            assertThat(slack.only("api").text()).startsWith("api exited with error 4");
        }

        @Test
        void die_sinkThrows_isLoggedAndSwallowed_nextAlertStillGoesOut() {
            AtomicInteger calls = new AtomicInteger();
            MessageSink broken = new MessageSink() {
                @Override
                public CompletableFuture<MessageRef> post(ConversationRef where, Reply reply) {
                    if (calls.incrementAndGet() == 1) {
                        throw new IllegalStateException("renderer bug (test)");
                    }
                    return shell.post(where, reply);
                }

                @Override
                public CompletableFuture<MessageRef> edit(MessageRef message, Reply reply) {
                    return shell.edit(message, reply);
                }
            };
            sinks.register(Platform.SHELL, broken);
            start(config(everything("shell")));
            engine.addRunning("web");
            engine.addRunning("api");

            try (LogCapture log = LogCapture.of(DefaultExitWatcher.class)) {
                engine.setExited("web", 1);
                engine.setExited("api", 1);
                assertThat(log.events()).anyMatch(e -> e.getFormattedMessage().contains("posting a notice to shell"));
            }

            assertThat(shell.messages()).extracting(m -> m.text().split(" ")[0]).containsExactly("api");
        }
    }

    // ============================================================================== who caused it

    @Nested
    class Attribution {
        @Test
        void stopThroughTheBot_alertNamesTheRequester_insteadOfLookingLikeACrash() {
            startWatchingEverything();
            engine.addRunning("web").stopExitCode(143);
            bus(AccessConfig.empty());

            bus.dispatch(Invocations.shell("alice", "stop web")).join();

            Reply alert = slack.only("web").current();
            assertThat(alert.plainText()).startsWith("web stopped by alice in the shell: terminated (SIGTERM)");
            assertThat(severity(alert)).isEqualTo(Severity.INFO);
        }

        @Test
        void restartThroughTheBot_fromSlack_saysRestartedByTheUserViaSlack() {
            startWatchingEverything();
            engine.addRunning("web").stopExitCode(143);
            bus(slackRoles());

            bus.dispatch(Invocations.of(Invocations.slackUser("U0OPER"), Invocations.slackChannel(ALERTS),
                    "restart web")).join();

            assertThat(slack.only("web").text()).startsWith("web restarted by U0OPER via Slack: terminated (SIGTERM)");
        }

        @Test
        void stopOutsideTheBot_saysSomeoneAskedTheEngine_notACrash() {
            startWatchingEverything();
            String id = engine.addRunning("web").stopExitCode(137).id();

            engine.stop(id, Duration.ofSeconds(10)); // as `docker stop` would, without the bot

            Reply alert = slack.only("web").current();
            assertThat(alert.plainText()).startsWith("web exited: killed (SIGKILL)")
                    .contains("Someone asked the engine to stop it outside the bot (docker stop or kill: SIGTERM)");
            assertThat(severity(alert)).isEqualTo(Severity.WARNING);
        }

        @Test
        void stopOfAnAlreadyStoppedContainer_leavesNoCause_soALaterCrashIsNotBlamedOnAnyone() {
            startWatchingEverything();
            engine.addExited("web", 0);
            bus(AccessConfig.empty());
            bus.dispatch(Invocations.shell("alice", "stop web")).join();

            engine.setRunning("web");
            engine.setExited("web", 1);

            assertThat(slack.only("web").text()).startsWith("web exited with error 1").doesNotContain("alice");
        }
    }

    // ==================================================================================== buttons

    @Nested
    class Buttons {
        @Test
        void restartButton_runsAsTheClicker_withTheClickersPermissions() {
            startWatchingEverything();
            engine.addRunning("web");
            bus(slackRoles());
            engine.setExited("web", 1);
            String restart = actionId(slack.only("web").current(), "Restart");

            Reply refused = bus.act(Invocations.click(Invocations.slackUser("U0VIEW"),
                    Invocations.slackChannel(ALERTS), restart)).join();
            assertThat(refused.severity()).contains(Severity.ERROR);
            assertThat(refused.plainText()).contains("not allowed to run restart");
            assertThat(engine.calls("restart")).isEmpty();

            Reply done = bus.act(Invocations.click(Invocations.slackUser("U0OPER"),
                    Invocations.slackChannel(ALERTS), restart)).join();
            assertThat(done.plainText()).isEqualTo("web restarted by U0OPER");
            assertThat(engine.calls("restart")).hasSize(1);
        }

        @Test
        void removeButton_asksTheClickerToConfirm_andOnlyTheClickerCan() {
            startWatchingEverything();
            engine.addRunning("web");
            bus(slackRoles());
            engine.setExited("web", 1);
            String remove = actionId(slack.only("web").current(), "Remove");

            Reply prompt = bus.act(Invocations.click(Invocations.slackUser("U0OPER"),
                    Invocations.slackChannel(ALERTS), remove)).join();
            assertThat(prompt.action(Action.Kind.CONFIRM)).isPresent();
            assertThat(prompt.plainText()).contains("Remove container web?", "Only U0OPER can confirm");
            assertThat(engine.exists("web")).isTrue();

            String confirm = prompt.action(Action.Kind.CONFIRM).orElseThrow().id();
            Reply stranger = bus.act(Invocations.click(Invocations.slackUser("U0VIEW"),
                    Invocations.slackChannel(ALERTS), confirm)).join();
            assertThat(stranger.severity()).contains(Severity.ERROR);
            assertThat(engine.exists("web")).isTrue();

            Reply removed = bus.act(Invocations.click(Invocations.slackUser("U0OPER"),
                    Invocations.slackChannel(ALERTS), confirm)).join();
            assertThat(removed.plainText()).isEqualTo("web removed by U0OPER");
            assertThat(engine.exists("web")).isFalse();
        }

        @Test
        void logsButton_showsTheLogsToAViewer() {
            startWatchingEverything();
            engine.addRunning("web").logs("boom");
            bus(slackRoles());
            engine.setExited("web", 1);

            Reply logs = bus.act(Invocations.click(Invocations.slackUser("U0VIEW"), Invocations.slackChannel(ALERTS),
                    actionId(slack.only("web").current(), "Logs"))).join();

            assertThat(logs.plainText()).isEqualTo("boom");
        }
    }

    // ==================================================================== P06: reconnect and replay

    @Nested
    class P06 {
        @Test
        void p06_streamEnds_resubscribesAfterOneSecondFromTheLastEvent_andTheReplayIsNotAlertedAgain() {
            startWatchingEverything();
            engine.addRunning("t1");
            engine.setExited("t1", 2);
            Instant last = engine.events().get(engine.events().size() - 1).time();

            engine.endEventStreams(); // a proxy cut the idle connection
            assertThat(watcher.status().subscribed()).isFalse();
            timer.advance(BACKOFF);

            assertThat(engine.calls("events")).hasSize(2);
            assertThat(engine.calls("events").get(1)).contains("since=" + last);
            assertThat(watcher.status().subscribed()).isTrue();
            assertThat(watcher.status().subscriptions()).isEqualTo(2);
            assertThat(slack.messagesAbout("t1")).as("the replayed die is a duplicate").hasSize(1);
        }

        @Test
        void p06_exitWhileDisconnected_isAlertedOnceAfterTheReconnect() {
            startWatchingEverything();
            engine.addRunning("t1");
            engine.addRunning("t2");
            engine.setExited("t1", 2);

            engine.failEventStreams(new EngineUnavailableException("connection reset (test)", null));
            engine.setExited("t2", 3); // nobody is listening: only the engine's buffer has it
            assertThat(slack.messagesAbout("t2")).isEmpty();
            timer.advance(BACKOFF);

            assertThat(slack.messagesAbout("t1")).hasSize(1);
            assertThat(slack.only("t2").text()).startsWith("t2 exited with error 3");
            timer.advance(Duration.ofMinutes(1));
            assertThat(slack.messages()).hasSize(2);
        }

        @Test
        void p06_engineDown_backoffDoublesFromOneSecondToThirtySeconds_thenResumes() {
            startWatchingEverything();
            engine.failOn("events", new EngineUnavailableException("socket not found (test)", null));
            engine.endEventStreams();
            engine.clearCalls();

            List<Long> delays = new java.util.ArrayList<>();
            Instant before = clock.instant();
            for (int i = 0; i < 8; i++) {
                int calls = engine.calls("events").size();
                Instant t0 = clock.instant();
                while (engine.calls("events").size() == calls) {
                    timer.advance(Duration.ofMillis(500));
                }
                delays.add(Duration.between(t0, clock.instant()).toMillis());
            }
            assertThat(delays).containsExactly(1000L, 2000L, 4000L, 8000L, 16000L, 30000L, 30000L, 30000L);
            assertThat(Duration.between(before, clock.instant())).isEqualTo(Duration.ofSeconds(121));

            engine.clearFailures();
            timer.advance(Duration.ofSeconds(30));
            assertThat(watcher.status().subscribed()).isTrue();
            engine.addRunning("web");
            engine.setExited("web", 1);
            assertThat(slack.messagesAbout("web")).hasSize(1);
        }

        @Test
        void p06_silentStream_isResubscribedAfterTheIdlePeriod_fromWhenTheWatcherStarted() {
            Instant started = clock.instant();
            startWatchingEverything();

            timer.advance(IDLE.minusSeconds(1));
            assertThat(watcher.status().subscriptions()).isEqualTo(1);
            timer.advance(Duration.ofSeconds(1));

            assertThat(watcher.status().subscriptions()).isEqualTo(2);
            assertThat(engine.calls("events").get(1)).contains("since=" + started);
            assertThat(engine.openEventStreams()).as("the old stream was closed").isEqualTo(1);
        }

        @Test
        void p06_busyStream_isNotResubscribed() {
            startWatchingEverything();
            engine.addRunning("web");
            for (int i = 0; i < 4; i++) {
                timer.advance(Duration.ofMinutes(2));
                engine.emitEvent("web", "start", Map.of());
            }
            assertThat(watcher.status().subscriptions()).isEqualTo(1);
        }

        @Test
        void p06_theSameEventTwice_isAlertedOnce() {
            startWatchingEverything();
            String id = engine.addRunning("web").id();
            EngineEvent die = new EngineEvent("container", "die", id,
                    Map.of("name", "web", "image", "busybox:latest", "exitCode", "1"), clock.instant());

            engine.emitEvent(die);
            engine.emitEvent(die);
            engine.emitEvent(new EngineEvent("container", "die", id, die.attributes(), die.time().plusNanos(1)));

            assertThat(slack.messagesAbout("web")).as("same (id, action, timeNano) once; 1 ns later is another exit")
                    .hasSize(2);
        }

        @Test
        void p06_eachReplayRefreshesTheDedupEntry_soAQuietEngineNeverRealertsItsLastExit() {
            startWatchingEverything();
            engine.addRunning("t1");
            engine.setExited("t1", 2);

            timer.advance(Duration.ofHours(3)); // 36 idle resubscriptions, each replaying that die

            assertThat(watcher.status().subscriptions()).isGreaterThan(30);
            assertThat(slack.messagesAbout("t1")).hasSize(1);
        }

        @Test
        void resubscribe_byHand_replaysFromTheLastEvent() {
            startWatchingEverything();
            engine.addRunning("t1");
            engine.setExited("t1", 2);

            watcher.resubscribe();

            assertThat(watcher.status().subscriptions()).isEqualTo(2);
            assertThat(engine.openEventStreams()).isEqualTo(1);
            assertThat(slack.messagesAbout("t1")).hasSize(1);
        }

        @Test
        void close_endsTheSubscription_andNoMoreAlerts() {
            startWatchingEverything();
            engine.addRunning("web");

            watcher.close();
            engine.setExited("web", 1);
            timer.advance(Duration.ofMinutes(10));

            assertThat(engine.openEventStreams()).isZero();
            assertThat(slack.messages()).isEmpty();
            assertThat(engine.calls("events")).hasSize(1);
        }
    }

    // ======================================================================= P30: crash loops

    @Nested
    class P30 {
        /** A restart-policy loop as the engine reports it: RestartCount goes up before each die. */
        private void loop(String name, int exits, Duration between) {
            var c = engine.container(name);
            for (int i = 1; i <= exits; i++) {
                if (!c.running()) {
                    engine.setRunning(name);
                }
                timer.advance(between);
                c.restartCount(c.restartCount() + 1);
                engine.setExited(name, 1);
            }
        }

        @Test
        void p30_restartAlways_oneAlertEditedInPlace_withExitsLastExitAndLastLine() {
            startWatchingEverything();
            engine.addRunning("flappy").restartPolicy("always", 0).logs("booting", "boom");

            loop("flappy", 37, Duration.ofMillis(500));
            timer.advance(EDIT_INTERVAL);

            RecordingMessageSink.Message alert = slack.only("flappy");
            assertThat(alert.text()).startsWith(
                    "flappy is crash-looping: 37 exits in 10 min, last exit 1, last line 'boom'");
            assertThat(alert.text()).as("the count learned at its last start").contains(
                    "restart policy always, restarted 36 times");
            assertThat(alert.first().plainText()).as("the first exit was a single alert, edited into the loop")
                    .startsWith("flappy exited with error 1");
            assertThat(alert.edits()).as("throttled: at most one edit per 2 s").isBetween(2, 11);
            assertThat(actionId(alert.current(), "Remove")).isEqualTo("stv:cmd:rm -f " + engine.container("flappy")
                    .id());
        }

        @Test
        void p30_restartPolicy_secondExitInTheWindow_isALoop_evenWhileTheRestartCountIsNotKnownYet() {
            startWatchingEverything();
            engine.addRunning("flappy").restartPolicy("always", 0).logs("boom"); // RestartCount learned as 0

            engine.setExited("flappy", 1);
            engine.setRunning("flappy");
            engine.setExited("flappy", 1);

            assertThat(slack.messagesAbout("flappy")).hasSize(1);
            assertThat(slack.only("flappy").text()).startsWith("flappy is crash-looping: 2 exits in 10 min");
        }

        @Test
        void p30_withoutRestartPolicy_theThirdExitWithinTheWindowTurnsTheLastAlertIntoTheLoopAlert() {
            startWatchingEverything();
            engine.addRunning("worker").logs("panic: nil map");

            engine.setExited("worker", 2);
            timer.advance(Duration.ofMinutes(1));
            engine.setRunning("worker");
            engine.setExited("worker", 2);
            assertThat(slack.messagesAbout("worker")).hasSize(2);

            timer.advance(Duration.ofMinutes(1));
            engine.setRunning("worker");
            engine.setExited("worker", 2);

            List<RecordingMessageSink.Message> ms = slack.messagesAbout("worker");
            assertThat(ms).hasSize(2);
            assertThat(ms.get(0).text()).startsWith("worker exited with error 2");
            assertThat(ms.get(1).text()).startsWith(
                    "worker is crash-looping: 3 exits in 10 min, last exit 2, last line 'panic: nil map'");
        }

        @Test
        void p30_exitsSpreadBeyondTheWindow_areSingleAlerts() {
            startWatchingEverything();
            engine.addRunning("batch");
            for (int i = 0; i < 4; i++) {
                engine.setExited("batch", 1);
                timer.advance(Duration.ofMinutes(6));
                engine.setRunning("batch");
            }
            assertThat(slack.messagesAbout("batch")).hasSize(4)
                    .allSatisfy(m -> assertThat(m.text()).startsWith("batch exited with error 1"));
        }

        @Test
        void p30_staysUp_postsARecoveryNotice_andMarksTheLoopAlertRecovered() {
            startWatchingEverything();
            engine.addRunning("flappy").restartPolicy("always", 0).logs("boom");
            loop("flappy", 5, Duration.ofSeconds(1));
            engine.setRunning("flappy");

            timer.advance(Duration.ofSeconds(59));
            assertThat(slack.messages()).hasSize(1);
            timer.advance(Duration.ofSeconds(1));

            List<RecordingMessageSink.Message> ms = slack.messagesAbout("flappy");
            assertThat(ms).hasSize(2);
            assertThat(ms.get(0).text()).startsWith("flappy was crash-looping (5 exits in 10 min, last exit 1")
                    .contains("recovered: up again since");
            assertThat(ms.get(0).current().blocks()).noneMatch(Block.Actions.class::isInstance);
            assertThat(ms.get(1).text()).isEqualTo("flappy recovered: up for 1 min after 5 exits");
            assertThat(severity(ms.get(1).current())).isEqualTo(Severity.SUCCESS);
        }

        @Test
        void p30_dyingAgainBeforeRecovery_cancelsTheRecovery() {
            startWatchingEverything();
            engine.addRunning("flappy").restartPolicy("always", 0);
            loop("flappy", 3, Duration.ofSeconds(1));
            engine.setRunning("flappy");
            timer.advance(Duration.ofSeconds(30));
            loop("flappy", 1, Duration.ofSeconds(1));
            timer.advance(Duration.ofMinutes(2));

            assertThat(slack.messagesAbout("flappy")).hasSize(1);
            assertThat(slack.only("flappy").text()).startsWith("flappy is crash-looping: 4 exits");
        }

        @Test
        void p30_stoppedThroughTheBotDuringTheLoop_alertSaysWho_andTheWatcherNeverActsItself() {
            startWatchingEverything();
            engine.addRunning("flappy").restartPolicy("always", 0);
            loop("flappy", 4, Duration.ofSeconds(1));
            engine.setRunning("flappy");
            bus(AccessConfig.empty());
            engine.clearCalls();

            bus.dispatch(Invocations.shell("alice", "stop flappy")).join();
            timer.advance(Duration.ofMinutes(20));

            assertThat(slack.messagesAbout("flappy")).hasSize(1);
            assertThat(slack.only("flappy").text()).startsWith("flappy was crash-looping (4 exits in 10 min")
                    .contains("stopped by alice in the shell");
            assertThat(engine.calls()).filteredOn(c -> c.matches("(start|stop|restart|remove|kill) .*"))
                    .as("only the bus's own stop: the watcher never acts on its alerts")
                    .containsExactly("stop " + engine.container("flappy").id() + " timeout=10");
        }

        @Test
        void p30_loopGoingOnPastTheWindow_getsOneFreshAlertPerWindow() {
            startWatchingEverything();
            engine.addRunning("flappy").restartPolicy("always", 0);

            loop("flappy", 40, Duration.ofSeconds(30)); // 20 minutes of exits

            assertThat(slack.messagesAbout("flappy")).hasSize(2);
        }

        @Test
        void p30_mutedLoop_isSilent_andUnmutingDoesNotReplayIt() {
            startWatchingEverything();
            engine.addRunning("flappy").restartPolicy("always", 0);
            notifications.mute("flappy", Duration.ofMinutes(5), Caller.shell("alice"));

            loop("flappy", 10, Duration.ofSeconds(1));

            assertThat(slack.messages()).isEmpty();
        }

        @Test
        void p30_firstPostFailed_andTheSinkPostsAnewOnEdit_laterEditsGoToThatNewMessage() {
            RecordingMessageSink platform = new RecordingMessageSink();
            AtomicInteger posts = new AtomicInteger();
            MessageSink slackLike = new MessageSink() { // Slack's sink: a failed post is an empty id, posted anew
                @Override
                public CompletableFuture<MessageRef> post(ConversationRef where, Reply reply) {
                    if (posts.incrementAndGet() == 1) {
                        return CompletableFuture.completedFuture(new MessageRef(where, ""));
                    }
                    return platform.post(where, reply);
                }

                @Override
                public CompletableFuture<MessageRef> edit(MessageRef message, Reply reply) {
                    return message.messageId().isEmpty() ? post(message.conversation(), reply)
                            : platform.edit(message, reply);
                }
            };
            sinks.register(Platform.DISCORD, slackLike);
            start(config(everything("discord:123456789012345678")));
            engine.addRunning("flappy").restartPolicy("always", 0);

            loop("flappy", 10, Duration.ofSeconds(3));

            assertThat(platform.messages()).as("one message once the platform works again").hasSize(1);
            assertThat(platform.only("flappy").text()).startsWith("flappy is crash-looping: 10 exits");
        }

        @Test
        void p30_removedDuringTheLoop_alertSaysRemoved() {
            startWatchingEverything();
            engine.addRunning("flappy").restartPolicy("always", 0);
            loop("flappy", 3, Duration.ofSeconds(1));

            engine.removeContainer("flappy");
            timer.advance(EDIT_INTERVAL);

            assertThat(slack.only("flappy").text()).startsWith("flappy was crash-looping (3 exits")
                    .contains("); removed");
        }
    }

    // ==================================================================================== commands

    @Nested
    class Commands {
        @Test
        void mute_thenExit_isSilent_unmute_thenExit_isAlerted() {
            startWatchingEverything();
            engine.addRunning("web");
            bus(AccessConfig.empty());

            Reply muted = bus.dispatch(Invocations.shell("alice", "mute web 2h")).join();
            assertThat(muted.plainText()).isEqualTo("web muted for 2 h by alice: no exit alerts until "
                    + "2025-01-01 14:00 UTC (unmute web to end it)");
            engine.setExited("web", 1);
            assertThat(slack.messages()).isEmpty();

            Reply unmuted = bus.dispatch(Invocations.shell("alice", "unmute web")).join();
            assertThat(unmuted.plainText()).isEqualTo("web unmuted by alice: its exit alerts go out again");
            engine.setRunning("web");
            engine.setExited("web", 1);
            assertThat(slack.messagesAbout("web")).hasSize(1);
            assertThat(bus.dispatch(Invocations.shell("unmute web")).join().plainText()).isEqualTo("web is not muted");
        }

        @Test
        void mute_unknownContainer_isNoSuchContainer() {
            startWatchingEverything();
            bus(AccessConfig.empty());

            Reply r = bus.dispatch(Invocations.shell("mute nope 1h")).join();

            assertThat(r.severity()).contains(Severity.ERROR);
            assertThat(r.plainText()).contains("nope");
        }

        @Test
        void notifications_listsRoutesIgnoreCrashLoopAndMutes() {
            start(new NotificationsConfig(List.of(
                    new RouteConfig(List.of("web-*"), Map.of("env", "prod"), List.of(), List.of("slack:" + ALERTS,
                            "shell"), true)),
                    new CrashLoopConfig(3, Duration.ofMinutes(10)),
                    new IgnoreConfig(List.of(), Map.of("ci", "true"), List.of()), 10));
            engine.addRunning("web-1");
            bus(AccessConfig.empty());
            bus.dispatch(Invocations.shell("alice", "mute web-1 30m")).join();

            Reply r = bus.dispatch(Invocations.shell("notifications")).join();

            String text = r.plainText();
            assertThat(text).contains("name web-* and label env=prod\tslack:" + ALERTS + ", shell\tnon-zero only",
                    "Never alerted: label ci=true", "3 exits within 10 min", "web-1\t2025-01-01 12:30 UTC\talice");
        }

        @Test
        void commands_withoutNotifications_sayNotConfigured() {
            engine.addRunning("web");
            bus = new CommandBusBuilder().engine(engine).accessPolicy(new RoleBasedAccessPolicy(AccessConfig.empty()))
                    .executor(new DirectExecutorService()).time(clock, ticker).build();

            assertThat(bus.dispatch(Invocations.shell("mute web 1h")).join().plainText())
                    .contains("notifications are not configured");
            assertThat(bus.dispatch(Invocations.shell("unmute web")).join().plainText())
                    .contains("notifications are not configured");
            assertThat(bus.dispatch(Invocations.shell("notifications")).join().plainText())
                    .contains("notifications are not configured");
        }
    }
}
