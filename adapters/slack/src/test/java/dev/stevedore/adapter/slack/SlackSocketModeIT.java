package dev.stevedore.adapter.slack;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import dev.stevedore.adapter.slack.testing.FakeSlackApi;
import dev.stevedore.adapter.slack.testing.FakeSocketModeServer;
import dev.stevedore.adapter.slack.testing.SlackTestClient;
import dev.stevedore.config.StevedoreConfig;
import dev.stevedore.core.auth.RoleBasedAccessPolicy;
import dev.stevedore.core.bus.CommandBus;
import dev.stevedore.core.bus.CommandBusBuilder;
import dev.stevedore.core.testing.FakeContainerGateway;
import dev.stevedore.core.testing.QuietLogs;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Socket Mode end to end: the real {@code SocketModeApp} with the Java-WebSocket backend opens its connection from
 * {@code apps.connections.open} on the fake Web API to a fake Socket Mode server, which sends slash-command and
 * interactive envelopes and checks the acknowledgements.
 */
class SlackSocketModeIT {
    private static final Duration WAIT = Duration.ofSeconds(15);
    private final FakeContainerGateway engine = new FakeContainerGateway();
    private FakeSlackApi api;
    private FakeSocketModeServer socket;
    private CommandBus bus;
    private SlackAdapter adapter;

    @BeforeEach
    void start() {
        QuietLogs.install();
        api = FakeSlackApi.start();
        socket = FakeSocketModeServer.begin();
        api.socketModeUrl(socket.url());
        StevedoreConfig cfg = SlackHarness.config(api, "socket", "2m");
        bus = new CommandBusBuilder().engine(engine).accessPolicy(new RoleBasedAccessPolicy(cfg.access())).build();
        adapter = SlackAdapter.builder(cfg.slack().orElseThrow(), bus).build();
        adapter.start();
        socket.awaitConnected(WAIT);
    }

    @AfterEach
    void stop() {
        engine.releaseCalls();
        adapter.close();
        bus.close();
        socket.shutdown();
        api.close();
    }

    @Test
    void start_opensTheConnectionWithTheAppToken_noHttpEndpoint() {
        assertThat(adapter.port()).isEmpty();
        assertThat(adapter.endpoint()).startsWith("Socket Mode via " + api.apiUrl());
        FakeSlackApi.Call open = api.calls("apps.connections.open").get(0);
        assertThat(open.authorization()).isEqualTo("Bearer xapp-test-token");
    }

    @Test
    void slashCommand_engineStalled_ackedAtOnceWithWorking_replyViaResponseUrl_P14() throws Exception {
        engine.addRunning("web");
        engine.blockCalls();
        String url = api.newResponseUrl();
        JsonObject payload = new JsonObject();
        payload.addProperty("team_id", FakeSlackApi.TEAM);
        payload.addProperty("channel_id", SlackHarness.CHANNEL);
        payload.addProperty("channel_name", "ops");
        payload.addProperty("user_id", "U0ALICE");
        payload.addProperty("user_name", "alice");
        payload.addProperty("command", "/docker");
        payload.addProperty("text", "ps -a");
        payload.addProperty("response_url", url);
        payload.addProperty("trigger_id", "1.2.3");
        payload.addProperty("api_app_id", "A0001");
        long t0 = System.nanoTime();
        socket.send("env-1", "slash_commands", payload);
        JsonObject ack = socket.awaitAck("env-1", WAIT);
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofMillis(500));
        assertThat(ack.getAsJsonObject("payload").get("text").getAsString()).contains("Working on `/docker ps -a`");
        assertThat(engine.awaitHeldCall(WAIT)).isTrue();
        engine.releaseCalls();
        FakeSlackApi.Call reply = api.awaitResponses(url, 1, WAIT).get(0);
        assertThat(reply.field("response_type")).isEqualTo("in_channel");
        assertThat(reply.text()).contains("web").contains("<@U0ALICE> ran `/docker ps -a`");
    }

    @Test
    void interactive_confirmButton_ackedEmpty_outcomeReplacesTheButtons_P20() {
        engine.addRunning("web");
        String url = api.newResponseUrl();
        JsonObject slash = new JsonObject();
        slash.addProperty("team_id", FakeSlackApi.TEAM);
        slash.addProperty("channel_id", SlackHarness.CHANNEL);
        slash.addProperty("user_id", "U0ALICE");
        slash.addProperty("user_name", "alice");
        slash.addProperty("command", "/docker");
        slash.addProperty("text", "rm -f web");
        slash.addProperty("response_url", url);
        socket.send("env-2", "slash_commands", slash);
        socket.awaitAck("env-2", WAIT);
        FakeSlackApi.Call prompt = api.awaitResponses(url, 1, WAIT).get(0);
        String confirm = SlackAdapterHttpIT.actionId(prompt, "CONFIRM");

        String clickUrl = api.newResponseUrl();
        socket.send("env-3", "interactive", SlackTestClient.blockActionPayload(SlackHarness.ALICE, confirm, "CONFIRM",
                clickUrl, "1700000000.000001"));
        JsonObject ack = socket.awaitAck("env-3", WAIT);
        assertThat(ack.has("payload")).isFalse();
        FakeSlackApi.Call outcome = api.awaitResponses(clickUrl, 1, WAIT).get(0);
        assertThat(outcome.json().get("replace_original").getAsBoolean()).isTrue();
        assertThat(outcome.text()).contains("web removed").contains("<@U0ALICE> confirmed");
        assertThat(engine.exists("web")).isFalse();
    }
}
