package dev.stevedore.adapter.slack;

import static dev.stevedore.adapter.slack.SlackHarness.ALICE;
import static dev.stevedore.adapter.slack.SlackHarness.BOB;
import static dev.stevedore.adapter.slack.SlackHarness.STRANGER;
import static dev.stevedore.adapter.slack.SlackHarness.VIEWER;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.stevedore.adapter.slack.testing.FakeSlackApi;
import dev.stevedore.adapter.slack.testing.SlackTestClient;
import dev.stevedore.core.testing.FakeContainerGateway;
import dev.stevedore.core.testing.QuietLogs;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The real Bolt app over HTTP on loopback, a real command bus over a {@link FakeContainerGateway}, and a fake Slack
 * Web API: acknowledgement timing (CASES.md P14), signature checks, permissions, failures, live output, fallbacks.
 * The same flows against the real Docker Engine are in {@link SlackEngineIT}.
 */
class SlackAdapterHttpIT {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private final FakeContainerGateway engine = new FakeContainerGateway();
    private SlackHarness h;

    @BeforeAll
    static void quiet() {
        QuietLogs.install();
    }

    @AfterEach
    void stop() {
        engine.releaseCalls();
        if (h != null) {
            h.close();
        }
    }

    // ------------------------------------------------------------------------------------------ P14: ack at once

    @Test
    void slashCommand_engineStalled_acksWithin500ms_P14() throws Exception {
        h = SlackHarness.start(engine);
        engine.addRunning("web");
        engine.blockCalls();
        String url = h.api.newResponseUrl();
        SlackTestClient.Result ack = h.client.slash(ALICE, "ps", url);
        assertThat(ack.status()).isEqualTo(200);
        assertThat(ack.elapsed()).isLessThan(Duration.ofMillis(500));
        assertThat(ack.body()).contains("Working on `/docker ps`").contains("\"response_type\":\"ephemeral\"");
        assertThat(engine.awaitHeldCall(WAIT)).as("the engine call happens after the ack").isTrue();
        assertThat(h.api.responses(url)).isEmpty();
        engine.releaseCalls();
        FakeSlackApi.Call reply = h.api.awaitResponses(url, 1, WAIT).get(0);
        assertThat(reply.field("response_type")).isEqualTo("in_channel");
        assertThat(reply.text()).contains("web").contains("<@U0ALICE> ran `/docker ps`");
    }

    @Test
    void slashCommand_tenInParallelWhileStalled_allAckFast_theOverflowSaysBusy_P14() throws Exception {
        h = SlackHarness.start(engine, "2m", b -> b.workers(1, 1), a -> a);
        engine.addRunning("web");
        engine.blockCalls();
        ExecutorService pool = Executors.newFixedThreadPool(10);
        try {
            List<CompletableFuture<SlackTestClient.Result>> acks = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                acks.add(CompletableFuture.supplyAsync(() -> h.client.slash(ALICE, "ps", h.api.newResponseUrl()), pool));
            }
            List<SlackTestClient.Result> results = acks.stream().map(CompletableFuture::join).toList();
            assertThat(results).allSatisfy(r -> {
                assertThat(r.status()).isEqualTo(200);
                assertThat(r.elapsed()).isLessThan(Duration.ofMillis(500));
            });
            // one runs, one waits in the queue, the other eight are told at once
            assertThat(results.stream().filter(r -> r.body().contains("busy")).count()).isEqualTo(8);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void start_tokenRefusedByAuthTest_failsWithOneLineNamingSlacksError() {
        try (FakeSlackApi api = FakeSlackApi.start()) {
            api.failNext("auth.test", "invalid_auth");
            var cfg = SlackHarness.config(api, "http", "2m");
            var bus = new dev.stevedore.core.bus.CommandBusBuilder().engine(engine)
                    .accessPolicy(new dev.stevedore.core.auth.RoleBasedAccessPolicy(cfg.access())).build();
            SlackAdapter a = SlackAdapter.builder(cfg.slack().orElseThrow(), bus)
                    .listen(new java.net.InetSocketAddress("127.0.0.1", 0)).build();
            try {
                org.assertj.core.api.Assertions.assertThatThrownBy(a::start)
                        .isInstanceOf(SlackAdapter.SlackStartException.class)
                        .hasMessageContaining("auth.test").hasMessageContaining("invalid_auth")
                        .hasMessageNotContaining("xoxb-");
                assertThat(a.port()).isEmpty();
            } finally {
                a.close();
                bus.close();
            }
        }
    }

    // ------------------------------------------------------------------------------------------ signatures

    @Test
    void forgedSignature_401_nothingRuns() throws Exception {
        h = SlackHarness.start(engine);
        engine.addRunning("web");
        engine.clearCalls();
        String url = h.api.newResponseUrl();
        String body = SlackTestClient.slashBody(ALICE, "rm -f web", url);
        String ts = Long.toString(SlackTestClient.now());
        SlackTestClient.Result r = h.client.send(body, ts, "v0=" + "0".repeat(64));
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.body()).isEqualTo("{\"error\":\"invalid request\"}");
        SlackTestClient.Result missing = h.client.send(body, ts, "");
        assertThat(missing.status()).isEqualTo(401);
        Thread.sleep(300);
        assertThat(engine.calls()).isEmpty();
        assertThat(h.api.responses(url)).isEmpty();
    }

    @Test
    void replayedSignedRequest_401_runsOnce() throws Exception {
        h = SlackHarness.start(engine);
        engine.addRunning("web");
        String url = h.api.newResponseUrl();
        String body = SlackTestClient.slashBody(ALICE, "stop web", url);
        long ts = SlackTestClient.now();

        SlackTestClient.Result first = h.client.signed(body, ts);
        SlackTestClient.Result replay = h.client.signed(body, ts);

        assertThat(first.status()).isEqualTo(200);
        assertThat(replay.status()).isEqualTo(401);
        assertThat(replay.body()).isEqualTo("{\"error\":\"replayed request\"}");
        Thread.sleep(500);
        assertThat(engine.calls("stop")).hasSize(1);
    }

    @Test
    void malformedSignedPayload_400_noStackTrace() throws Exception {
        h = SlackHarness.start(engine);

        SlackTestClient.Result r = h.client.signed("payload=%7Bnot-json", SlackTestClient.now());

        assertThat(r.status()).isIn(400);
        assertThat(r.body()).doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void staleTimestamp_401_nothingRuns() throws Exception {
        h = SlackHarness.start(engine);
        engine.addRunning("web");
        engine.clearCalls();
        String url = h.api.newResponseUrl();
        SlackTestClient.Result r = h.client.signed(SlackTestClient.slashBody(ALICE, "ps", url),
                SlackTestClient.now() - 301);
        assertThat(r.status()).isEqualTo(401);
        Thread.sleep(300);
        assertThat(engine.calls()).isEmpty();
        assertThat(h.api.responses(url)).isEmpty();
    }

    // ------------------------------------------------------------------------------------------ who and where

    @Test
    void viewer_destructiveCommand_refusedOnlyToThem() {
        h = SlackHarness.start(engine);
        engine.addRunning("web");
        FakeSlackApi.Call reply = h.ask(VIEWER, "rm -f web");
        assertThat(reply.field("response_type")).isEqualTo("ephemeral");
        assertThat(reply.text()).contains(":x:").contains("not allowed to run rm");
        assertThat(engine.exists("web")).isTrue();
    }

    @Test
    void unlistedChannel_andDirectMessage_refusedOnlyToCaller() {
        h = SlackHarness.start(engine);
        assertThat(h.ask(new SlackTestClient.Sender("U0ALICE", "alice", "C0OTHER", FakeSlackApi.TEAM), "ps").text())
                .contains("does not take commands in this channel");
        FakeSlackApi.Call r = h.ask(new SlackTestClient.Sender("U0ALICE", "alice", "D0ALICE", FakeSlackApi.TEAM), "ps");
        assertThat(r.field("response_type")).isEqualTo("ephemeral");
        assertThat(r.text()).contains("direct messages are turned off");
    }

    @Test
    void userGroupMember_getsTheGroupsRole_membershipCachedWithCaffeine() {
        h = SlackHarness.start(engine, "2m", b -> b, a -> a.userGroups(true, Duration.ofMinutes(5)));
        h.api.usergroups(Map.of("S0ADMINS", List.of("U0CAROL")));
        engine.addRunning("web");
        assertThat(h.ask(STRANGER, "rm -f web").text()).contains("Confirm");
        assertThat(h.ask(STRANGER, "ps").text()).contains("web");
        assertThat(h.api.calls("usergroups.list")).hasSize(1);
    }

    @Test
    void userGroups_lookupFails_noGroupRole_denied() {
        h = SlackHarness.start(engine, "2m", b -> b, a -> a.userGroups(true, Duration.ofMinutes(5)));
        h.api.failNext("usergroups.list", "missing_scope");
        engine.addRunning("web");
        FakeSlackApi.Call r = h.ask(STRANGER, "ps");
        assertThat(r.field("response_type")).isEqualTo("ephemeral");
        assertThat(r.text()).contains("you have no role here");
    }

    // ------------------------------------------------------------------------------------------ replies

    @Test
    void help_isEphemeral_andEmptyTextMeansHelp() {
        h = SlackHarness.start(engine);
        FakeSlackApi.Call r = h.ask(ALICE, "");
        assertThat(r.field("response_type")).isEqualTo("ephemeral");
        assertThat(r.text()).contains("ps").contains("logs").doesNotContain("ran `/docker");
    }

    @Test
    void unexpectedFailure_showsOnlyAnIncidentId_neverTheException() {
        h = SlackHarness.start(engine);
        engine.failOn("listContainers", new IllegalStateException("secret internal detail at Foo.java:42"));
        FakeSlackApi.Call r = h.ask(ALICE, "ps -a");
        assertThat(r.field("response_type")).isEqualTo("ephemeral");
        assertThat(r.text()).containsPattern("incident [0-9a-f]{8}").doesNotContain("secret")
                .doesNotContain("IllegalStateException").doesNotContain("Foo.java");
    }

    @Test
    void responseUrlFails_replyFallsBackToChatPostMessage() {
        h = SlackHarness.start(engine);
        engine.addRunning("web");
        h.api.failNext("response", "expired_url");
        String url = h.api.newResponseUrl();
        h.client.slash(ALICE, "ps", url);
        FakeSlackApi.Call post = h.api.await("chat.postMessage", c -> c.text().contains("web"), WAIT);
        assertThat(post.form().get("channel")).isEqualTo(SlackHarness.CHANNEL);
        assertThat(post.authorization()).isEqualTo("Bearer xoxb-test-token");
    }

    @Test
    void slackRefusesTheReply_callerToldSlacksErrorCode_withThePlainText_P16() {
        h = SlackHarness.start(engine);
        engine.addRunning("web");
        h.api.failNext("response", "invalid_blocks");
        h.api.failNext("chat.postMessage", "invalid_blocks");
        String url = h.api.newResponseUrl();
        h.client.slash(ALICE, "ps", url);
        List<FakeSlackApi.Call> posts = h.api.awaitResponses(url, 2, WAIT);
        FakeSlackApi.Call fallback = posts.get(1);
        assertThat(fallback.field("response_type")).isEqualTo("ephemeral");
        assertThat(fallback.text()).contains("Slack did not accept the reply").contains("`invalid_blocks`")
                .contains("web");
    }

    @Test
    void confirmThenCancel_buttonsReplacedByWhoCancelled_P20() {
        h = SlackHarness.start(engine);
        engine.addRunning("web");
        String url = h.api.newResponseUrl();
        h.client.slash(ALICE, "rm -f web", url);
        FakeSlackApi.Call prompt = h.api.awaitResponses(url, 1, WAIT).get(0);
        String cancel = actionId(prompt, "CANCEL");
        String clickUrl = h.api.newResponseUrl();
        assertThat(h.client.click(ALICE, cancel, "CANCEL", clickUrl, "1700000000.000001").status()).isEqualTo(200);
        FakeSlackApi.Call outcome = h.api.awaitResponses(clickUrl, 1, WAIT).get(0);
        assertThat(outcome.json().get("replace_original").getAsBoolean()).isTrue();
        assertThat(outcome.text()).contains("cancelled by alice").contains("<@U0ALICE> cancelled")
                .doesNotContain("stv:");
        assertThat(engine.exists("web")).isTrue();
    }

    @Test
    void alertPostedThroughTheSink_commandButton_runsAsTheClicker_answerIsANewMessage() throws Exception {
        h = SlackHarness.start(engine);
        engine.addExited("web", 137);
        engine.print("web", "last words <!here>");
        var where = new dev.stevedore.core.bus.ConversationRef(dev.stevedore.core.auth.Platform.SLACK,
                FakeSlackApi.TEAM, SlackHarness.CHANNEL, java.util.Optional.empty());
        var alert = dev.stevedore.core.reply.Reply.of(dev.stevedore.core.reply.Visibility.PUBLIC,
                new dev.stevedore.core.reply.Block.Notice(dev.stevedore.core.reply.Severity.WARNING,
                        "web exited with code 137"),
                new dev.stevedore.core.reply.Block.Actions(List.of(
                        dev.stevedore.core.reply.Action.command("Logs", "logs web"))));
        var posted = h.adapter.messageSink().post(where, alert).get(10, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(posted.messageId()).isNotEmpty();
        FakeSlackApi.Call message = h.api.await("chat.postMessage", c -> c.text().contains("exited with code 137"),
                WAIT);
        String logs = actionId(message, "OTHER");
        assertThat(logs).isEqualTo("stv:cmd:logs web");
        String url = h.api.newResponseUrl();
        h.client.click(ALICE, logs, "OTHER", url, posted.messageId());
        FakeSlackApi.Call answer = h.api.awaitResponses(url, 1, WAIT).get(0);
        assertThat(answer.json().get("replace_original").getAsBoolean()).isFalse();
        assertThat(answer.field("response_type")).isEqualTo("in_channel");
        assertThat(answer.text()).contains("last words &lt;!here&gt;").contains("<@U0ALICE> clicked *button*");
    }

    // ------------------------------------------------------------------------------------------ live output

    @Test
    void logsFollow_firstMessageInTheChannel_rolloverInItsThread_withinTheRate_escaped_endsWithTheExit_P21() throws Exception {
        h = SlackHarness.start(engine);
        engine.addRunning("web");
        String url = h.api.newResponseUrl();
        h.client.slash(ALICE, "logs -f web", url);
        assertThat(h.api.awaitResponses(url, 1, WAIT).get(0).text()).contains("following logs of web");
        FakeSlackApi.Call posted = h.api.await("chat.postMessage", c -> c.text().contains("logs -f web"), WAIT);
        assertThat(posted.text()).contains("Stop");
        assertThat(posted.form().get("thread_ts")).isNull();
        String ts = "1700000000.000101";
        for (int i = 0; i < 500; i++) {
            engine.print("web", "line " + i + " <!channel>");
        }
        h.api.await("chat.postMessage", c -> c.text().contains("line 499"), WAIT);
        engine.setExited("web", 3);
        FakeSlackApi.Call last = h.api.await("chat.update", c -> c.text().contains("web exited with code 3"), WAIT);
        assertThat(last.text()).doesNotContain("Stop").doesNotContain("<!channel>").contains("&lt;!channel&gt;");
        // every later message is a reply in the first one's thread
        List<FakeSlackApi.Call> posts = h.api.calls("chat.postMessage").stream()
                .filter(c -> c.text().contains("logs -f web")).toList();
        assertThat(posts.size()).isGreaterThan(1);
        for (FakeSlackApi.Call p : posts.subList(1, posts.size())) {
            assertThat(p.form().get("thread_ts")).isEqualTo(ts);
            assertThat(p.text()).contains("(part ");
        }
        // one call per interval (200 ms here) in the channel, posts and edits together
        List<FakeSlackApi.Call> calls = h.api.calls().stream()
                .filter(c -> c.method().equals("chat.update") || c.method().equals("chat.postMessage")
                        && c.text().contains("logs -f web")).toList();
        for (int i = 1; i < calls.size(); i++) {
            assertThat(Duration.between(calls.get(i - 1).at(), calls.get(i).at())).isGreaterThan(
                    Duration.ofMillis(150));
        }
    }

    @Test
    void logsFollow_stopByAViewer_refused_stopByRequester_endsNamingThem() {
        h = SlackHarness.start(engine);
        engine.addRunning("web");
        h.client.slash(ALICE, "logs -f web", h.api.newResponseUrl());
        FakeSlackApi.Call posted = h.api.await("chat.postMessage", c -> c.text().contains("logs -f web"), WAIT);
        String stop = actionId(posted, "STOP");
        assertThat(stop).startsWith("stv:stop:");
        String viewerUrl = h.api.newResponseUrl();
        h.client.click(new SlackTestClient.Sender("U0VIEWER", "viewer", SlackHarness.CHANNEL, FakeSlackApi.TEAM), stop,
                "STOP", viewerUrl, "1700000000.000101");
        FakeSlackApi.Call refusal = h.api.awaitResponses(viewerUrl, 1, WAIT).get(0);
        assertThat(refusal.field("response_type")).isEqualTo("ephemeral");
        assertThat(refusal.text()).contains("or an admin can stop this stream");
        h.client.click(ALICE, stop, "STOP", h.api.newResponseUrl(), "1700000000.000101");
        h.api.await("chat.update", c -> c.text().contains("stopped by alice") && c.text().contains("web keeps running"),
                WAIT);
        assertThat(engine.exists("web")).isTrue();
    }

    @Test
    void logsFollow_botNotInChannel_userToldWithSlacksErrorCode() {
        h = SlackHarness.start(engine);
        engine.addRunning("web");
        h.api.failNext("chat.postMessage", "not_in_channel");
        String url = h.api.newResponseUrl();
        h.client.slash(ALICE, "logs -f web", url);
        List<FakeSlackApi.Call> posts = h.api.awaitResponses(url, 2, WAIT);
        assertThat(posts.get(1).field("response_type")).isEqualTo("ephemeral");
        assertThat(posts.get(1).text()).contains("`not_in_channel`").contains("/invite");
        org.awaitility.Awaitility.await().atMost(WAIT).until(() -> engine.openStreams() == 0);
    }

    // ------------------------------------------------------------------------------------------ helpers

    /** The action id of the button whose value is {@code kind}. */
    static String actionId(FakeSlackApi.Call message, String kind) {
        List<String> ids = new ArrayList<>();
        collectButtons(message.blocks(), b -> b.has("value") && b.get("value").getAsString().equals(kind), ids);
        assertThat(ids).as("a %s button in %s", kind, message.body()).isNotEmpty();
        return ids.get(0);
    }

    private static void collectButtons(JsonElement e, Predicate<JsonObject> match, List<String> out) {
        if (e.isJsonArray()) {
            for (JsonElement x : (JsonArray) e) {
                collectButtons(x, match, out);
            }
        } else if (e.isJsonObject()) {
            JsonObject o = e.getAsJsonObject();
            if (o.has("type") && o.get("type").isJsonPrimitive() && o.get("type").getAsString().equals("button")
                    && match.test(o)) {
                out.add(o.get("action_id").getAsString());
            }
            o.entrySet().forEach(en -> collectButtons(en.getValue(), match, out));
        }
    }
}
