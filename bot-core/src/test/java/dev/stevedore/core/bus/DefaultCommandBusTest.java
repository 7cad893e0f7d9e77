package dev.stevedore.core.bus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.stevedore.config.AccessConfig;
import dev.stevedore.config.BindingConfig;
import dev.stevedore.config.ChannelsConfig;
import dev.stevedore.config.PlatformIds;
import dev.stevedore.config.RoleConfig;
import dev.stevedore.core.audit.AuditEntry;
import dev.stevedore.core.auth.AccessDecision;
import dev.stevedore.core.auth.AccessPolicy;
import dev.stevedore.core.auth.Caller;
import dev.stevedore.core.auth.ContainerScope;
import dev.stevedore.core.auth.RoleBasedAccessPolicy;
import dev.stevedore.core.engine.EngineVersion;
import dev.stevedore.core.error.EngineUnavailableException;
import dev.stevedore.core.internal.bus.DefaultCommandBus;
import dev.stevedore.core.reply.Action;
import dev.stevedore.core.reply.Block;
import dev.stevedore.core.reply.Reply;
import dev.stevedore.core.reply.Severity;
import dev.stevedore.core.reply.Visibility;
import dev.stevedore.core.stream.LiveStream;
import dev.stevedore.core.stream.StreamEnd;
import dev.stevedore.core.stream.StreamLine;
import dev.stevedore.core.testing.DirectExecutorService;
import dev.stevedore.core.testing.FakeContainerGateway;
import dev.stevedore.core.testing.FakeContainerGateway.Container;
import dev.stevedore.core.testing.FakeTicker;
import dev.stevedore.core.testing.Invocations;
import dev.stevedore.core.testing.LogCapture;
import dev.stevedore.core.testing.MutableClock;
import dev.stevedore.core.testing.QuietLogs;
import dev.stevedore.core.testing.RecordingAuditLog;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The real bus (parser, policy, confirmations, handlers) over {@link FakeContainerGateway}, on a direct executor so
 * every dispatch has answered when it returns.
 */
class DefaultCommandBusTest {
    private final MutableClock clock = MutableClock.create();
    private final FakeTicker ticker = new FakeTicker();
    private final FakeContainerGateway engine = new FakeContainerGateway(clock);
    private final RecordingAuditLog audit = new RecordingAuditLog();
    private final List<CommandBus> buses = new ArrayList<>();
    private CommandBus bus = busWith(new RoleBasedAccessPolicy(AccessConfig.empty())); // shell user is admin

    @BeforeAll
    static void quiet() {
        QuietLogs.install();
    }

    @AfterEach
    void closeBuses() {
        engine.releaseCalls();
        buses.forEach(CommandBus::close);
    }

    private CommandBus busWith(AccessPolicy policy) {
        CommandBus b = new CommandBusBuilder()
                .engine(engine)
                .accessPolicy(policy)
                .executor(new DirectExecutorService())
                .time(clock, ticker)
                .auditLog(audit)
                .build();
        buses.add(b);
        return b;
    }

    private Reply dispatch(Invocation invocation) {
        CompletableFuture<Reply> f = bus.dispatch(invocation);
        assertThat(f).as("a direct-executor bus answers before dispatch returns").isDone();
        assertThat(f).isNotCompletedExceptionally();
        return f.join();
    }

    private Reply shell(String text) {
        return dispatch(Invocations.shell(text));
    }

    private Reply act(ActionInvocation click) {
        CompletableFuture<Reply> f = bus.act(click);
        assertThat(f).isDone().isNotCompletedExceptionally();
        return f.join();
    }

    private static void assertError(Reply reply, String message) {
        assertThat(reply.severity()).as(reply.plainText()).contains(Severity.ERROR);
        assertThat(reply.visibility()).isEqualTo(Visibility.ONLY_CALLER);
        assertThat(((Block.Notice) reply.blocks().get(0)).text()).isEqualTo(message);
        assertThat(reply.action(Action.Kind.CONFIRM)).isEmpty();
    }

    private static <T extends Block> List<T> blocks(Reply reply, Class<T> type) {
        return reply.blocks().stream().filter(type::isInstance).map(type::cast).toList();
    }

    private static AccessConfig access(List<RoleConfig> roles, List<BindingConfig> bindings, List<String> slack) {
        return new AccessConfig(roles.stream().collect(Collectors.toMap(RoleConfig::name, r -> r)), bindings,
                new ChannelsConfig(slack, List.of()), false);
    }

    private static RoleConfig role(String name, List<String> allow, List<String> containers) {
        return new RoleConfig(name, allow, containers, Map.of(), List.of());
    }

    private static BindingConfig slackBinding(String role, String... users) {
        return new BindingConfig(role, new PlatformIds(List.of(users), List.of()), PlatformIds.none(),
                PlatformIds.none());
    }

    // =====================================================================================================
    @Nested
    class Failures {
        @Test
        void dispatch_handlerThrowsRuntimeException_repliesIncidentIdOnlyToCallerAndLogsItOnce() {
            engine.failOn("listContainers", new IllegalStateException("boom: secret internals"));
            Invocation inv = Invocations.shell("ps");

            Reply reply;
            List<ILoggingEvent> errors;
            try (LogCapture log = LogCapture.of(DefaultCommandBus.class)) {
                reply = dispatch(inv);
                errors = log.errors();
            }

            assertThat(reply.visibility()).isEqualTo(Visibility.ONLY_CALLER);
            assertThat(reply.severity()).contains(Severity.ERROR);
            Matcher m = Pattern.compile("incident ([0-9a-f]{8})\\b").matcher(reply.plainText());
            assertThat(m.find()).as(reply.plainText()).isTrue();
            String incident = m.group(1);
            assertThat(reply.plainText()).doesNotContain("boom").doesNotContain("IllegalStateException");
            assertThat(errors).hasSize(1);
            assertThat(errors.get(0).getFormattedMessage()).contains(incident).contains(inv.id().value());
            assertThat(errors.get(0).getThrowableProxy().getClassName())
                    .isEqualTo(IllegalStateException.class.getName());
        }

        @Test
        void dispatch_engineUnavailable_repliesItsSafeMessageWithoutAnIncident() {
            engine.failOn("listContainers", new EngineUnavailableException(
                    "cannot reach the Docker Engine at fake://engine: connection refused"));

            try (LogCapture log = LogCapture.of(DefaultCommandBus.class)) {
                assertError(shell("ps"), "cannot reach the Docker Engine at fake://engine: connection refused");
                assertThat(log.errors()).isEmpty();
            }
        }

        @ParameterizedTest
        @ValueSource(strings = {"", "docker", "\"unclosed", "rm", "logs web --tail x", "stop nosuch", "logs wéb🐳",
                "help nosuch", "container", "image", "-", "--", "ps --all=maybe", "\u0000", "rm -f web",
                "run nosuchimage", "rename a b", "pull nosuch:1", "attach web", "commit nosuch repo"})
        void dispatch_badInput_repliesAnErrorOnlyToTheCaller(String text) {
            Reply reply = shell(text);

            assertThat(reply.severity()).as(reply.plainText()).contains(Severity.ERROR);
            assertThat(reply.visibility()).isEqualTo(Visibility.ONLY_CALLER);
        }

        @Test
        void dispatch_hugeInput_neverEchoesItBack() {
            Reply reply = shell("x".repeat(10_000) + " web");

            assertThat(reply.plainText()).hasSizeLessThan(200).contains("(10000 characters)");
        }

        @Test
        void dispatch_usageError_repliesTheErrorAndTheUsageLine() {
            Reply reply = shell("rm");

            assertError(reply, "\"rm\" requires at least 1 argument");
            assertThat(reply.blocks()).last().isEqualTo(new Block.Text("Usage: rm [-f] CONTAINER [CONTAINER...]"));
        }

        @Test
        void dispatch_unknownFlag_repliesLikeTheCliWithUsage() {
            Reply reply = shell("ps --foo");

            assertError(reply, "unknown flag: --foo");
            assertThat(reply.plainText()).contains("Usage: ps [-a]");
            assertThat(engine.calls()).isEmpty();
        }

        @Test
        void dispatch_unknownCommand_suggestsTheClosestAndCallsNothing() {
            assertError(shell("docker pss"), "unknown command: pss — did you mean ps?");
            assertThat(engine.calls()).isEmpty();
        }

        @Test
        void dispatch_afterClose_repliesBusyInsteadOfThrowing() {
            bus.close();

            assertError(shell("ps"), "busy: too many commands in flight, try again in a moment");
        }
    }

    // =====================================================================================================
    @Nested
    class Lists {
        @Test
        void ps_rendersTheClisSevenColumns() {
            engine.addRunning("web").image("nginx:1.25").command("sleep 3600").port("0.0.0.0:8080->80/tcp");
            clock.advance(Duration.ofMinutes(3));

            Reply reply = shell("ps");

            assertThat(reply.visibility()).isEqualTo(Visibility.PUBLIC);
            Block.Table table = blocks(reply, Block.Table.class).get(0);
            assertThat(table.header())
                    .containsExactly("CONTAINER ID", "IMAGE", "COMMAND", "CREATED", "STATUS", "PORTS", "NAMES");
            assertThat(table.rows()).containsExactly(List.of(engine.container("web").shortId(), "nginx:1.25",
                    "\"sleep 3600\"", "3 minutes ago", "Up 3 minutes", "0.0.0.0:8080->80/tcp", "web"));
        }

        @Test
        void ps_longCommand_isCutWithAnEllipsisLikeTheCli() {
            engine.addRunning("web").command("sh -c 'while true; do echo hi; done'");

            List<String> row = blocks(shell("ps"), Block.Table.class).get(0).rows().get(0);

            assertThat(row.get(2)).isEqualTo("\"sh -c 'while true; …\"");
        }

        @Test
        void ps_withoutAll_hidesStoppedContainers_andAllShowsThemNewestFirst() {
            engine.addExited("old", 3);
            clock.advance(Duration.ofSeconds(10));
            engine.addRunning("web");
            clock.advance(Duration.ofSeconds(10));
            engine.addCreated("new");

            List<List<String>> running = blocks(shell("ps"), Block.Table.class).get(0).rows();
            List<List<String>> all = blocks(shell("docker container ls -a"), Block.Table.class).get(0).rows();

            assertThat(running).extracting(r -> r.get(6)).containsExactly("web");
            assertThat(all).extracting(r -> r.get(6)).containsExactly("new", "web", "old");
            assertThat(all.get(2).get(4)).isEqualTo("Exited (3) 20 seconds ago");
            assertThat(engine.calls("listContainers")).containsExactly("listContainers all=false",
                    "listContainers all=true");
        }

        @Test
        void ps_noContainers_isAnEmptyTable() {
            Block.Table table = blocks(shell("ps -a"), Block.Table.class).get(0);

            assertThat(table.header()).hasSize(7);
            assertThat(table.rows()).isEmpty();
        }

        @Test
        void images_rendersRepositoryTagIdCreatedSize() {
            String id = engine.addImage("busybox:1.36", 4_261_000);
            engine.addDanglingImage(999);
            clock.advance(Duration.ofDays(2));

            Block.Table table = blocks(shell("images"), Block.Table.class).get(0);

            assertThat(table.header()).containsExactly("REPOSITORY", "TAG", "IMAGE ID", "CREATED", "SIZE");
            assertThat(table.rows()).contains(
                    List.of("busybox", "1.36", id.substring(7, 19), "2 days ago", "4.26MB"),
                    List.of("<none>", "<none>", engine.images().get(1).id().substring(7, 19), "2 days ago", "999B"));
        }

        @Test
        void version_showsBotEngineApiAndHost_onlyToCaller() {
            engine.setVersion(new EngineVersion("20.10.24", "1.41", "linux", "arm64"));

            Reply reply = shell("-v");

            assertThat(reply.visibility()).isEqualTo(Visibility.ONLY_CALLER);
            assertThat(blocks(reply, Block.Table.class).get(0).rows()).contains(
                    List.of("Docker Engine", "20.10.24 (linux/arm64)"),
                    List.of("Engine API", "1.41"),
                    List.of("Engine host", FakeContainerGateway.HOST));
        }
    }

    // =====================================================================================================
    @Nested
    class Handlers {
        @Test
        void logs_tail_showsTheLastLinesInACodeBlock() {
            engine.addExited("web", 0).logs("one", "two", "three");

            Reply reply = shell("logs --tail 2 web");

            assertThat(reply.blocks()).containsExactly(new Block.Code("two\nthree", ""));
            assertThat(engine.calls("logs")).containsExactly("logs " + engine.container("web").id() + " tail=2");
        }

        @Test
        void logs_grep_keepsMatchingLines() {
            engine.addExited("web", 0).logs("ERROR disk full", "INFO ok", "ERROR again");

            Reply reply = shell("logs --grep ^ERROR web");

            assertThat(reply.blocks()).containsExactly(new Block.Code("ERROR disk full\nERROR again", ""));
        }

        @Test
        void logs_invalidGrep_isAUsageError_beforeTheEngine() {
            engine.addExited("web", 0).logs("one");

            Reply reply = shell("logs --grep a(b web");

            assertThat(reply.plainText()).contains("invalid --grep pattern").contains("Unclosed group")
                    .doesNotContain("PatternSyntaxException").doesNotContain("\tat ");
            assertThat(engine.calls("logs")).isEmpty();
        }

        @Test
        void logs_sinceDuration_resolvedAgainstTheClock_andSentToTheEngine() {
            engine.addExited("web", 0).logs("one");

            shell("logs --since 10m web");

            assertThat(engine.calls("logs")).containsExactly("logs " + engine.container("web").id()
                    + " tail=all since=" + clock.instant().minus(Duration.ofMinutes(10)));
        }

        @Test
        void logs_sinceRfc3339_andNonsense() {
            engine.addExited("web", 0).logs("one");

            shell("logs --since 2026-11-30T01:02:03Z web");
            Reply bad = shell("logs --since yesterday web");

            assertThat(engine.calls("logs")).containsExactly("logs " + engine.container("web").id()
                    + " tail=all since=2026-11-30T01:02:03Z");
            assertThat(bad.plainText()).contains("invalid --since");
        }

        @Test
        void logs_bigSnapshot_lastLinesShown_fullLogAsFile_exactOmittedCount_P28() {
            String[] lines = new String[10_000];
            for (int i = 0; i < lines.length; i++) {
                lines[i] = "line " + (i + 1);
            }
            engine.addExited("web", 137).logs(lines);

            Reply reply = shell("logs --tail all web");

            assertThat(reply.blocks()).hasSize(3);
            Block.Code code = (Block.Code) reply.blocks().get(1);
            long shown = code.body().lines().count();
            assertThat(code.body()).endsWith("line 10000");
            assertThat(((Block.Text) reply.blocks().get(0)).text())
                    .isEqualTo(String.format(java.util.Locale.ROOT,
                            "… %,d earlier lines omitted; showing the last %,d of 10,000", 10_000 - shown, shown));
            Block.File file = (Block.File) reply.blocks().get(2);
            assertThat(file.name()).isEqualTo("web.log");
            assertThat(file.caption()).isEqualTo("full log: 10,000 lines");
            assertThat(file.text().lines().count()).isEqualTo(10_000);
            assertThat(file.text()).startsWith("line 1\n").endsWith("line 10000\n");
        }

        @Test
        void logs_nothingPrinted_saysSo() {
            engine.addRunning("web");

            assertThat(shell("logs web").plainText()).isEqualTo("web has printed nothing");
        }

        @Test
        void startAndStop_reportEachContainer_andAlreadyInThatState() {
            engine.addExited("a1", 0);
            engine.addRunning("b2");

            Reply start = shell("start a1 b2");
            Reply stop = shell("stop -t 3 a1");

            assertThat(start.plainText()).isEqualTo("a1 started by alice\nb2 is already running");
            assertThat(stop.plainText()).isEqualTo("a1 stopped by alice");
            assertThat(engine.calls("stop")).containsExactly("stop " + engine.container("a1").id() + " timeout=3");
            assertThat(engine.container("a1").running()).isFalse();
        }

        @Test
        void stop_byIdPrefix_resolvesLikeTheEngine() {
            Container web = engine.addRunning("web");

            shell("stop " + web.id().substring(0, 6));

            assertThat(web.running()).isFalse();
        }

        @Test
        void stop_missingContainer_repliesNoSuchContainerOnlyToCaller() {
            assertError(shell("stop nosuch"), "no such container: nosuch");
        }

        @Test
        void runDetached_createsAndStarts() {
            engine.addImage("busybox", 1);

            Reply reply = shell("run -d --name web -e A=1 -l team=web busybox sleep 60");

            Container web = engine.container("web");
            assertThat(web.running()).isTrue();
            assertThat(web.env()).containsExactly("A=1");
            assertThat(web.labels()).containsEntry("team", "web");
            assertThat(reply.plainText()).isEqualTo("started web (" + web.shortId() + ") from busybox by alice");
        }

        @Test
        void run_unknownImage_saysPullItFirst() {
            assertError(shell("run -d nosuch:1"), "no such image: nosuch:1 (pull it first)");
        }

        @Test
        void create_nameInUse_isAConflict() {
            engine.addImage("busybox", 1);
            engine.addRunning("web");

            assertThat(shell("create --name web busybox").plainText()).startsWith("the name web is already in use");
        }

        @Test
        void rename_renames_andSameNameIsInformation() {
            engine.addRunning("web");

            assertThat(shell("rename web web2").plainText()).isEqualTo("renamed web to web2 by alice");
            assertThat(engine.exists("web2")).isTrue();
            assertThat(shell("rename web2 web2").plainText()).isEqualTo("web2 already has that name");
        }

        @Test
        void pull_reportsPulledThenUpToDate() {
            engine.addToRegistry("127.0.0.1:5000/team/app:1.2");

            Reply first = shell("pull 127.0.0.1:5000/team/app:1.2");
            Reply second = shell("pull 127.0.0.1:5000/team/app:1.2");

            assertThat(first.severity()).contains(Severity.SUCCESS);
            assertThat(first.plainText()).startsWith("pulled 127.0.0.1:5000/team/app:1.2 (");
            assertThat(second.severity()).contains(Severity.INFO);
            assertThat(second.plainText()).startsWith("image is up to date: 127.0.0.1:5000/team/app:1.2");
        }

        @Test
        void commit_makesATaggedImage() {
            engine.addRunning("web");

            Reply reply = shell("commit web repo/web:v2");

            assertThat(reply.plainText()).startsWith("committed web as repo/web:v2 (").endsWith(") by alice");
            assertThat(engine.images()).anySatisfy(i -> assertThat(i.repoTags()).containsExactly("repo/web:v2"));
        }

        @Test
        void attach_stoppedContainer_isAConflict() {
            engine.addExited("web", 0);

            assertThat(shell("attach web").plainText()).startsWith("cannot attach to web: it is not running");
        }
    }

    // =====================================================================================================
    @Nested
    class Remove {
        @Test
        void rm_runningContainer_isRefusedAndNothingIsRemoved() {
            engine.addRunning("web");

            assertError(shell("rm web"), "web is running — stop it first or use rm -f");
            assertThat(engine.exists("web")).isTrue();
            assertThat(engine.calls("remove")).isEmpty();
        }

        @Test
        void rm_stoppedContainer_asksWithConfirmAndCancel_andRemovesNothingYet() {
            Container web = engine.addExited("web", 0);

            Reply prompt = shell("rm web");

            assertThat(prompt.visibility()).isEqualTo(Visibility.PUBLIC);
            assertThat(prompt.blocks().get(0)).isEqualTo(new Block.Notice(Severity.WARNING, "Remove container web?"));
            assertThat(blocks(prompt, Block.Code.class).get(0).body()).contains(web.shortId()).contains("web");
            assertThat(prompt.plainText()).contains("Only alice can confirm; this expires in 2 min.");
            assertThat(blocks(prompt, Block.Actions.class).get(0).actions()).extracting(Action::kind)
                    .containsExactly(Action.Kind.CONFIRM, Action.Kind.CANCEL);
            assertThat(prompt.action(Action.Kind.CONFIRM).orElseThrow().id())
                    .doesNotContain(web.id()).doesNotContain("web");
            assertThat(engine.exists("web")).isTrue();
            assertThat(engine.calls("remove")).isEmpty();
        }

        @Test
        void rm_confirmedByTheRequester_removesAndSaysByWhom() {
            Container web = engine.addExited("web", 0);
            Invocation rm = Invocations.shell("rm web");
            Reply prompt = dispatch(rm);

            Reply done = act(Invocations.confirm(prompt, rm));

            assertThat(done.visibility()).isEqualTo(Visibility.PUBLIC);
            assertThat(done.severity()).contains(Severity.SUCCESS);
            assertThat(done.plainText()).isEqualTo("web removed by alice");
            assertThat(engine.exists("web")).isFalse();
            assertThat(engine.calls("remove")).containsExactly("remove " + web.id() + " force=false");
        }

        @Test
        void rm_confirmedBySomeoneElse_isRefusedAndStaysPendingForTheRequester() {
            engine.addExited("web", 0);
            Invocation rm = Invocations.shell("rm web");
            Reply prompt = dispatch(rm);

            Reply bobConfirms = act(Invocations.confirm(prompt, rm, Invocations.shellUser("bob")));
            Reply bobCancels = act(Invocations.cancel(prompt, rm, Invocations.shellUser("bob")));

            assertError(bobConfirms, "only alice can confirm or cancel this (they asked for it)");
            assertError(bobCancels, "only alice can confirm or cancel this (they asked for it)");
            assertThat(engine.exists("web")).isTrue();

            Reply aliceConfirms = act(Invocations.confirm(prompt, rm));
            assertThat(aliceConfirms.plainText()).isEqualTo("web removed by alice");
            assertThat(engine.exists("web")).isFalse();
        }

        @Test
        void rm_sameDisplayNameOtherUser_cannotConfirm() {
            engine.addExited("web", 0);
            Invocation rm = Invocations.slack("U1", "C1", "rm web");
            bus = busWith(new RoleBasedAccessPolicy(access(List.of(role("admin", List.of("*"), List.of())),
                    List.of(slackBinding("admin", "U1", "U2")), List.of("C1"))));
            Reply prompt = dispatch(rm);
            Caller impostor = new Caller(rm.caller().platform(), "U2", rm.caller().displayName(), java.util.Set.of());

            assertThat(act(Invocations.confirm(prompt, rm, impostor)).severity()).contains(Severity.ERROR);
            assertThat(engine.exists("web")).isTrue();
        }

        @Test
        void rm_confirmedInAnotherChannel_isRefused() {
            engine.addExited("web", 0);
            bus = busWith(new RoleBasedAccessPolicy(access(List.of(role("admin", List.of("*"), List.of())),
                    List.of(slackBinding("admin", "U1")), List.of("C1", "C2"))));
            Invocation rm = Invocations.slack("U1", "C1", "rm web");
            Reply prompt = dispatch(rm);

            Reply elsewhere = act(Invocations.click(rm.caller(), Invocations.slackChannel("C2"),
                    prompt.action(Action.Kind.CONFIRM).orElseThrow().id()));

            assertError(elsewhere, "this confirmation belongs to another conversation");
            assertThat(engine.exists("web")).isTrue();
        }

        @Test
        void rm_confirmedTwice_removesOnce_andTheSecondClickSaysAlreadyHandled() {
            engine.addExited("web", 0);
            Invocation rm = Invocations.shell("rm web");
            Reply prompt = dispatch(rm);

            act(Invocations.confirm(prompt, rm));
            Reply again = act(Invocations.confirm(prompt, rm));

            assertError(again, "already handled: confirmed by alice");
            assertThat(engine.calls("remove")).hasSize(1);
        }

        @Test
        void rm_tenConcurrentConfirms_removeExactlyOnce() throws Exception {
            // CASES.md P20: a confirm button clicked many times at once runs the action once
            engine.addExited("web", 0);
            Invocation rm = Invocations.shell("rm web");
            Reply prompt = dispatch(rm);
            ExecutorService clickers = Executors.newFixedThreadPool(10);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Reply>> replies = new ArrayList<>();
            try {
                for (int i = 0; i < 10; i++) {
                    replies.add(clickers.submit(() -> {
                        go.await();
                        return bus.act(Invocations.confirm(prompt, rm)).get(10, TimeUnit.SECONDS);
                    }));
                }
                go.countDown();
                List<Reply> outcomes = new ArrayList<>();
                for (Future<Reply> f : replies) {
                    outcomes.add(f.get(10, TimeUnit.SECONDS));
                }

                assertThat(outcomes).filteredOn(r -> r.severity().equals(Optional.of(Severity.SUCCESS))).hasSize(1);
                assertThat(outcomes).filteredOn(r -> r.severity().equals(Optional.of(Severity.ERROR))).hasSize(9)
                        .allSatisfy(r -> assertThat(r.visibility()).isEqualTo(Visibility.ONLY_CALLER));
                assertThat(engine.calls("remove")).hasSize(1);
                assertThat(engine.exists("web")).isFalse();
            } finally {
                clickers.shutdownNow();
            }
        }

        @Test
        void rm_cancelled_removesNothing_andALaterConfirmSaysCancelled() {
            engine.addExited("web", 0);
            Invocation rm = Invocations.shell("rm web");
            Reply prompt = dispatch(rm);

            Reply cancelled = act(Invocations.cancel(prompt, rm, rm.caller()));
            Reply confirm = act(Invocations.confirm(prompt, rm));

            assertThat(cancelled.severity()).contains(Severity.INFO);
            assertThat(cancelled.plainText()).isEqualTo("cancelled by alice: rm web");
            assertError(confirm, "already handled: cancelled by alice");
            assertThat(engine.exists("web")).isTrue();
            assertThat(engine.calls("remove")).isEmpty();
        }

        @Test
        void rm_confirmAfterTwoMinutes_saysExpiredAndRemovesNothing() {
            engine.addExited("web", 0);
            Invocation rm = Invocations.shell("rm web");
            Reply prompt = dispatch(rm);

            ticker.advance(Duration.ofMinutes(2).plusSeconds(1));
            Reply late = act(Invocations.confirm(prompt, rm));

            assertError(late, "this confirmation expired — run the command again");
            assertThat(engine.exists("web")).isTrue();
        }

        @Test
        void rm_confirmJustBeforeExpiry_stillWorks() {
            engine.addExited("web", 0);
            Invocation rm = Invocations.shell("rm web");
            Reply prompt = dispatch(rm);

            ticker.advance(Duration.ofSeconds(119));

            assertThat(act(Invocations.confirm(prompt, rm)).plainText()).isEqualTo("web removed by alice");
        }

        @Test
        void rm_containerRecreatedUnderTheSameNameBeforeConfirm_newOneIsNotRemoved() {
            Container old = engine.addExited("web", 0);
            Invocation rm = Invocations.shell("rm web");
            Reply prompt = dispatch(rm);
            engine.removeContainer("web");
            Container recreated = engine.addExited("web", 0);
            assertThat(recreated.id()).isNotEqualTo(old.id());

            Reply confirm = act(Invocations.confirm(prompt, rm));

            assertError(confirm, "confirmation expired: the container it was for (" + old.shortId()
                    + ") no longer exists — run the command again");
            assertThat(engine.exists(recreated.id())).isTrue();
            assertThat(engine.calls("remove")).isEmpty();
        }

        @Test
        void rmForce_runningContainer_asksToForceRemove_andKillsItOnConfirm() {
            Container web = engine.addRunning("web");
            Invocation rm = Invocations.shell("rm -f web");

            Reply prompt = dispatch(rm);
            assertThat(prompt.blocks().get(0))
                    .isEqualTo(new Block.Notice(Severity.WARNING, "Force-remove container web?"));
            assertThat(prompt.plainText()).contains("(will be killed)");
            assertThat(web.running()).isTrue();

            act(Invocations.confirm(prompt, rm));
            assertThat(engine.calls("remove")).containsExactly("remove " + web.id() + " force=true");
            assertThat(engine.exists("web")).isFalse();
        }

        @Test
        void rm_severalContainers_asksOnceAndRemovesEach() {
            engine.addExited("a1", 0);
            engine.addCreated("b2");
            Invocation rm = Invocations.shell("rm a1 b2");

            Reply prompt = dispatch(rm);
            Reply done = act(Invocations.confirm(prompt, rm));

            assertThat(prompt.blocks().get(0)).isEqualTo(new Block.Notice(Severity.WARNING, "Remove 2 containers?"));
            assertThat(done.plainText()).isEqualTo("a1 removed by alice\nb2 removed by alice");
            assertThat(engine.containers()).isEmpty();
        }

        @Test
        void confirm_rechecksPermissions_whenTheRoleWasRevokedMeanwhile() {
            engine.addExited("web", 0);
            SwitchablePolicy policy = new SwitchablePolicy();
            bus = busWith(policy);
            Invocation rm = Invocations.shell("rm web");
            Reply prompt = dispatch(rm);

            policy.allowRm = false;
            Reply confirm = act(Invocations.confirm(prompt, rm));

            assertError(confirm, "rm revoked");
            assertThat(engine.exists("web")).isTrue();
        }

        @Test
        void click_onAForeignActionId_isRefused() {
            Reply reply = act(Invocations.click(Invocations.shellUser("alice"),
                    ConversationRef.shell(), "something-else"));

            assertError(reply, "this button is no longer active");
        }
    }

    /** Allows everything, except rm once {@link #allowRm} is cleared. */
    private static final class SwitchablePolicy implements AccessPolicy {
        volatile boolean allowRm = true;

        @Override
        public AccessDecision checkVerb(Caller caller, String verb, ConversationRef conversation) {
            return verb.equals("rm") && !allowRm ? new AccessDecision.Denied("rm revoked") : AccessDecision.allow();
        }

        @Override
        public AccessDecision checkContainer(Caller caller, String verb, ConversationRef conversation,
                ContainerScope container) {
            return checkVerb(caller, verb, conversation);
        }
    }

    // =====================================================================================================
    @Nested
    class Prune {
        @Test
        void containerPrune_previewsExactlyTheStoppedContainersAndTheirSize_andRemovesExactlyThose() {
            Container a = engine.addExited("a1", 0).sizeRw(1_000);
            Container b = engine.addExited("b2", 137).sizeRw(2_000_000);
            Container c = engine.addCreated("c3");
            Container d = engine.addRunning("d4").sizeRw(5_000_000);
            Invocation prune = Invocations.shell("container prune");

            Reply prompt = dispatch(prune);

            assertThat(prompt.blocks().get(0)).isEqualTo(
                    new Block.Notice(Severity.WARNING, "Remove 3 stopped containers, reclaiming 2MB?"));
            String details = blocks(prompt, Block.Code.class).get(0).body();
            assertThat(details.lines()).hasSize(3);
            assertThat(details).contains(a.shortId(), b.shortId(), c.shortId()).doesNotContain(d.shortId());
            assertThat(engine.containers()).hasSize(4);

            Reply done = act(Invocations.confirm(prompt, prune));

            assertThat(done.blocks().get(0)).isEqualTo(
                    new Block.Notice(Severity.SUCCESS, "deleted 3 containers (2MB reclaimed) by alice"));
            assertThat(engine.containers()).containsExactly(d);
            assertThat(engine.calls("remove")).containsExactlyInAnyOrder(
                    "remove " + a.id() + " force=false", "remove " + b.id() + " force=false",
                    "remove " + c.id() + " force=false");
        }

        @Test
        void containerPrune_containerStoppedAfterThePreview_isLeftAlone() {
            engine.addExited("a1", 0);
            Container d = engine.addRunning("d4");
            Invocation prune = Invocations.shell("container prune");
            Reply prompt = dispatch(prune);

            engine.setExited("d4", 0);
            act(Invocations.confirm(prompt, prune));

            assertThat(engine.containers()).containsExactly(d);
        }

        @Test
        void containerPrune_containerStartedAfterThePreview_isSkippedAndCounted() {
            engine.addExited("a1", 0);
            Container b = engine.addExited("b2", 0);
            Invocation prune = Invocations.shell("container prune");
            Reply prompt = dispatch(prune);

            engine.setRunning("b2");
            Reply done = act(Invocations.confirm(prompt, prune));

            assertThat(engine.containers()).containsExactly(b);
            assertThat(done.plainText()).startsWith("deleted 1 container (0B reclaimed) by alice; 1 skipped");
        }

        @Test
        void containerPrune_containerRemovedByOthersMeanwhile_isNotAnError() {
            engine.addExited("a1", 0);
            engine.addExited("b2", 0);
            Invocation prune = Invocations.shell("container prune");
            Reply prompt = dispatch(prune);

            engine.removeContainer("b2");
            Reply done = act(Invocations.confirm(prompt, prune));

            assertThat(done.severity()).contains(Severity.SUCCESS);
            assertThat(done.plainText()).startsWith("deleted 1 container (0B reclaimed) by alice");
            assertThat(engine.containers()).isEmpty();
        }

        @Test
        void containerPrune_cleanEngine_saysNothingToPruneWithoutButtons() {
            // CASES.md P13
            engine.addRunning("web");

            Reply reply = shell("container prune");

            assertThat(reply.severity()).contains(Severity.INFO);
            assertThat(reply.plainText()).startsWith("nothing to prune").contains("0B");
            assertThat(reply.action(Action.Kind.CONFIRM)).isEmpty();
            assertThat(reply.action(Action.Kind.CANCEL)).isEmpty();
            assertThat(engine.calls("remove")).isEmpty();
        }

        @Test
        void containerPrune_noContainersAtAll_saysNothingToPrune() {
            assertThat(shell("docker container prune").plainText()).startsWith("nothing to prune");
        }
    }

    // =====================================================================================================
    @Nested
    class Busy {
        private CommandBus pooled(int workers, int queue) {
            CommandBus b = new CommandBusBuilder()
                    .engine(engine)
                    .accessPolicy(new RoleBasedAccessPolicy(AccessConfig.empty()))
                    .workers(workers, queue)
                    .time(clock, ticker)
                    .auditLog(audit)
                    .build();
            buses.add(b);
            return b;
        }

        @Test
        void dispatch_oneWorkerNoQueueAndAStalledEngine_repliesBusyAtOnce() throws Exception {
            CommandBus small = pooled(1, 0);
            engine.blockCalls();
            CompletableFuture<Reply> first = small.dispatch(Invocations.shell("ps"));
            assertThat(engine.awaitHeldCall(Duration.ofSeconds(5))).isTrue();

            CompletableFuture<Reply> second = small.dispatch(Invocations.shell("ps"));

            assertThat(second).as("rejected without waiting for the engine").isDone();
            assertError(second.join(), "busy: too many commands in flight, try again in a moment");
            assertThat(first).isNotDone();
            engine.releaseCalls();
            assertThat(first.get(5, TimeUnit.SECONDS).blocks().get(0)).isInstanceOf(Block.Table.class);
            assertThat(audit.entries()).extracting(AuditEntry::outcome).contains("busy");
        }

        @Test
        void dispatch_oneWorkerQueueOfOne_queuesOneThenRepliesBusy() throws Exception {
            CommandBus small = pooled(1, 1);
            engine.blockCalls();
            CompletableFuture<Reply> first = small.dispatch(Invocations.shell("ps"));
            assertThat(engine.awaitHeldCall(Duration.ofSeconds(5))).isTrue();

            CompletableFuture<Reply> queued = small.dispatch(Invocations.shell("ps -a"));
            CompletableFuture<Reply> third = small.dispatch(Invocations.shell("ps"));

            assertThat(queued).isNotDone();
            assertThat(third).isDone();
            assertThat(third.join().plainText()).startsWith("busy");
            engine.releaseCalls();
            assertThat(first.get(5, TimeUnit.SECONDS).severity()).isEmpty();
            assertThat(queued.get(5, TimeUnit.SECONDS).severity()).isEmpty();
        }

        @Test
        void dispatch_returnsBeforeTheEngineAnswers() throws Exception {
            CommandBus pool = pooled(2, 4);
            engine.blockCalls();

            CompletableFuture<Reply> f = pool.dispatch(Invocations.shell("ps"));

            assertThat(f).isNotDone();
            engine.releaseCalls();
            assertThat(f.get(5, TimeUnit.SECONDS).blocks().get(0)).isInstanceOf(Block.Table.class);
        }
    }

    // =====================================================================================================
    @Nested
    class Access {
        private final AccessConfig config = access(
                List.of(role("admin", List.of("*"), List.of()),
                        role("operator", List.of("stop", "start", "ps"), List.of("app-*"))),
                List.of(slackBinding("admin", "UADMIN"), slackBinding("operator", "U2")),
                List.of("C1"));

        @Test
        void slackCallerWithoutBinding_isDeniedOnlyToThemAndNothingRuns() {
            bus = busWith(new RoleBasedAccessPolicy(config));
            engine.addRunning("web");

            Reply reply = dispatch(Invocations.slack("U1", "C1", "rm -f web"));

            assertError(reply, "you are not allowed to run rm (you have no role here; ask an admin)");
            assertThat(engine.calls()).isEmpty();
            assertThat(engine.exists("web")).isTrue();
        }

        @Test
        void stopButton_requesterOrAdminOnly_namesWhoStopped() {
            bus = busWith(new RoleBasedAccessPolicy(config));
            List<String> stoppedBy = new ArrayList<>();
            var entry = bus.streamRegistry().register(Invocations.slackUser("U2"), new StreamStub(),
                    c -> stoppedBy.add(c.displayName()));
            String id = dev.stevedore.core.stream.StreamRegistry.STOP_PREFIX + entry.id();

            Reply other = act(Invocations.click(Invocations.slackUser("U9"), Invocations.slackChannel("C1"), id));
            Reply admin = act(Invocations.click(Invocations.slackUser("UADMIN"), Invocations.slackChannel("C1"), id));
            Reply requester = act(Invocations.click(Invocations.slackUser("U2"), Invocations.slackChannel("C1"), id));
            bus.streamRegistry().remove(entry.id());
            Reply ended = act(Invocations.click(Invocations.slackUser("U2"), Invocations.slackChannel("C1"), id));

            assertThat(other.plainText()).contains("only").contains("or an admin can stop this stream");
            assertThat(admin.plainText()).startsWith("stopped by ");
            assertThat(requester.plainText()).startsWith("stopped by ");
            assertThat(stoppedBy).hasSize(2);
            assertThat(ended.plainText()).isEqualTo("this stream has already ended");
        }

        @Test
        void slackChannelNotListed_isDeniedAndNothingRuns() {
            bus = busWith(new RoleBasedAccessPolicy(config));

            assertError(dispatch(Invocations.slack("UADMIN", "C9", "ps")),
                    "the bot does not take commands in this channel");
            assertThat(engine.calls()).isEmpty();
        }

        @Test
        void roleLimitedToAppContainers_canStopAppButNotDb_evenByIdPrefix() {
            bus = busWith(new RoleBasedAccessPolicy(config));
            Container app = engine.addRunning("app-1");
            Container db = engine.addRunning("db");

            Reply stopApp = dispatch(Invocations.slack("U2", "C1", "stop app-1"));
            Reply stopDb = dispatch(Invocations.slack("U2", "C1", "stop db"));
            Reply stopDbById = dispatch(Invocations.slack("U2", "C1", "stop " + db.id().substring(0, 8)));

            assertThat(stopApp.plainText()).isEqualTo("app-1 stopped by U2");
            assertThat(app.running()).isFalse();
            assertError(stopDb, "you are not allowed to run stop on db");
            assertError(stopDbById, "you are not allowed to run stop on db");
            assertThat(db.running()).isTrue();
            assertThat(engine.calls("stop")).containsExactly("stop " + app.id() + " timeout=10");
        }

        @Test
        void roleLimitedToAppContainers_mixedTargets_refusesTheWholeCommand() {
            bus = busWith(new RoleBasedAccessPolicy(config));
            Container app = engine.addRunning("app-2");
            engine.addRunning("db");

            assertError(dispatch(Invocations.slack("U2", "C1", "stop app-2 db")),
                    "you are not allowed to run stop on db");
            assertThat(app.running()).isTrue();
        }

        @Test
        void roleWithoutTheVerb_isDeniedBeforeAnyEngineCall() {
            bus = busWith(new RoleBasedAccessPolicy(config));
            engine.addExited("app-1", 0);

            assertError(dispatch(Invocations.slack("U2", "C1", "rm app-1")), "you are not allowed to run rm");
            assertThat(engine.calls()).isEmpty();
        }

        @Test
        void refusals_areWrittenToTheAuditLog() {
            bus = busWith(new RoleBasedAccessPolicy(config));

            dispatch(Invocations.slack("U1", "C1", "rm -f web"));

            assertThat(audit.entries()).singleElement().satisfies(e -> {
                assertThat(e.platform()).isEqualTo("slack");
                assertThat(e.userId()).isEqualTo("U1");
                assertThat(e.conversation()).isEqualTo("C1");
                assertThat(e.input()).isEqualTo("rm -f web");
                assertThat(e.outcome()).isEqualTo("error");
                assertThat(e.summary()).startsWith("you are not allowed to run rm");
            });
        }
    }

    // =====================================================================================================
    @Nested
    class Streams {
        private final List<StreamLine> received = new CopyOnWriteArrayList<>();

        @Test
        void logsFollow_sendsTheTailThenLiveLines_andEndsWhenTheContainerExits() {
            engine.addRunning("web").logs("old-1", "old-2", "old-3");
            Reply reply = shell("logs -f --tail 2 web");
            LiveStream stream = reply.stream().orElseThrow();
            assertThat(reply.plainText()).isEqualTo("following logs of web");

            stream.start(received::add);
            engine.print("web", "live-1");
            engine.printError("web", "oops");
            engine.setExited("web", 3);

            StreamEnd end = stream.ended().orTimeout(5, TimeUnit.SECONDS).join();
            assertThat(end.reason()).isEqualTo(StreamEnd.Reason.CONTAINER_EXITED);
            assertThat(end.exitCode()).hasValue(3);
            assertThat(received).containsExactly(
                    new StreamLine(StreamLine.Source.STDOUT, "old-2"),
                    new StreamLine(StreamLine.Source.STDOUT, "old-3"),
                    new StreamLine(StreamLine.Source.STDOUT, "live-1"),
                    new StreamLine(StreamLine.Source.STDERR, "oops"));
            assertThat(engine.openStreams()).isZero();
        }

        @Test
        void logsFollow_stop_endsTheStreamAndReleasesTheConnection() {
            engine.addRunning("web");
            LiveStream stream = shell("logs -f web").stream().orElseThrow();
            stream.start(received::add);
            assertThat(engine.openStreams()).isOne();

            stream.stop();

            assertThat(stream.ended().join().reason()).isEqualTo(StreamEnd.Reason.STOPPED);
            assertThat(engine.openStreams()).isZero();
            assertThat(engine.container("web").running()).isTrue();
        }

        @Test
        void close_stopsTheLiveStreamsTheBusStarted() {
            engine.addRunning("web");
            LiveStream stream = shell("logs -f web").stream().orElseThrow();
            stream.start(received::add);

            bus.close();

            assertThat(stream.ended().join().reason()).isEqualTo(StreamEnd.Reason.STOPPED);
            assertThat(engine.openStreams()).isZero();
        }

        @Test
        void attach_interactiveContainer_sendsTheRequestersLinesToStdin() {
            engine.addRunning("web").openStdin(true).echoStdin(true);
            LiveStream stream = shell("attach web").stream().orElseThrow();
            assertThat(stream.acceptsInput()).isTrue();
            stream.start(received::add);

            stream.send("echo hello");

            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
                assertThat(engine.container("web").stdinLines()).containsExactly("echo hello");
                assertThat(received).extracting(StreamLine::text).containsExactly("echo hello");
            });
            stream.stop();
            assertThat(engine.container("web").running()).as("detach leaves it running").isTrue();
        }

        @Test
        // regression: a plain wait (condition not-running) on the created container answered at once with 0, so a
        // foreground run ended after the drain while the container still ran
        void runForeground_streamStaysOpenUntilTheContainerExits() {
            engine.addImage("busybox", 1);
            Reply reply = shell("run --name job busybox sh -c 'sleep 1; echo done'");
            LiveStream stream = reply.stream().orElseThrow();

            stream.start(received::add);
            String id = engine.container("job").id();
            assertThat(engine.container("job").running()).isTrue();
            assertThat(engine.calls()).containsSubsequence(
                    "create busybox name=job", "awaitNextExit " + id, "attach " + id + " stdin=false", "start " + id);

            await().during(Duration.ofMillis(800)).atMost(Duration.ofSeconds(2))
                    .until(() -> !stream.ended().isDone());
            engine.print("job", "done");
            engine.setExited("job", 0);
            assertThat(stream.ended().orTimeout(5, TimeUnit.SECONDS).join().reason())
                    .isEqualTo(StreamEnd.Reason.CONTAINER_EXITED);
            assertThat(received).extracting(StreamLine::text).containsExactly("done");
        }
    }

    /** A stream that does nothing, for registry tests. */
    private static final class StreamStub implements LiveStream {
        @Override
        public String title() {
            return "logs -f web";
        }

        @Override
        public void start(dev.stevedore.core.stream.StreamListener listener) {}

        @Override
        public boolean acceptsInput() {
            return false;
        }

        @Override
        public void send(String line) {}

        @Override
        public void stop() {}

        @Override
        public CompletableFuture<StreamEnd> ended() {
            return new CompletableFuture<>();
        }
    }
}
