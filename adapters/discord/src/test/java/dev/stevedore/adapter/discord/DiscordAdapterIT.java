package dev.stevedore.adapter.discord;

import static dev.stevedore.adapter.discord.DiscordFixture.ADMIN;
import static dev.stevedore.adapter.discord.DiscordFixture.OTHER_ADMIN;
import static dev.stevedore.adapter.discord.DiscordFixture.VIEWER;
import static dev.stevedore.adapter.discord.DiscordFixture.WAIT;
import static dev.stevedore.adapter.discord.DiscordFixture.ephemeral;
import static dev.stevedore.adapter.discord.DiscordFixture.exists;
import static dev.stevedore.adapter.discord.testing.FakeDiscord.CHANNEL;
import static dev.stevedore.adapter.discord.testing.FakeDiscord.is;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stevedore.adapter.discord.testing.FakeDiscord;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The Discord adapter end to end: the real JDA against the loopback fake Discord, the real command bus, the real
 * Docker Engine. Each test sends what Discord would send over the gateway and asserts on what the bot sent back
 * over REST.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DiscordAdapterIT {
    private DiscordFixture f;

    @BeforeAll
    void open() {
        f = DiscordFixture.open();
    }

    @AfterAll
    void close() {
        if (f != null) {
            f.close();
        }
    }

    // ------------------------------------------------------------------ commands

    @Test
    void psAllTrue_deferredPublicly_thenTheEnginesContainersWithoutMentions() {
        String name = f.name("ps");
        f.create(name, "true");

        FakeDiscord.Sent s = f.discord.slash(ADMIN, CHANNEL, "ps", Map.of("all", true));

        JsonNode callback = f.callback(s).json();
        assertThat(callback.path("type").asInt()).as("deferred channel message").isEqualTo(5);
        assertThat(ephemeral(callback)).isFalse();
        FakeDiscord.Request edit = f.edit(s);
        assertThat(shown(edit)).contains("CONTAINER ID", "NAMES", name);
        assertThat(edit.json().at("/allowed_mentions/parse")).isEmpty();
        assertThat(edit.text("/content").length()).isLessThanOrEqualTo(2000);
        assertThat(f.callbacks(s)).hasSize(1);
    }

    @Test
    void cliSubcommand_rawText_sameReplyAsTypedOptions() {
        String name = f.name("cli");
        f.create(name, "true");

        FakeDiscord.Sent typed = f.discord.slash(ADMIN, CHANNEL, "ps", Map.of("all", true));
        String typedShown = shown(f.edit(typed));
        FakeDiscord.Sent raw = f.discord.slash(ADMIN, CHANNEL, "cli", Map.of("text", "docker ps -a"));
        String rawShown = shown(f.edit(raw));

        assertThat(f.callback(raw).json().path("type").asInt()).isEqualTo(5);
        assertThat(rawShown).contains(name);
        assertThat(firstLine(rawShown)).isEqualTo(firstLine(typedShown));
    }

    @Test
    void cliSubcommand_typo_answeredOnlyToTheCaller() {
        FakeDiscord.Sent s = f.discord.slash(ADMIN, CHANNEL, "cli", Map.of("text", "pss -a"));

        assertThat(ephemeral(f.callback(s).json())).as("unparsable text is deferred ephemerally").isTrue();
        assertThat(f.edit(s).text("/content")).contains("unknown command: pss", "did you mean ps");
    }

    @Test
    void help_isEphemeral_andFitsOneMessage() {
        FakeDiscord.Sent s = f.discord.slash(VIEWER, CHANNEL, "help", Map.of());

        assertThat(ephemeral(f.callback(s).json())).isTrue();
        FakeDiscord.Request edit = f.edit(s);
        assertThat(edit.text("/content")).contains("container prune", "logs").hasSizeLessThanOrEqualTo(2000);
    }

    @Test
    void viewer_rm_refusedOnlyToThem_publicPlaceholderRemoved() {
        String name = f.name("refused");
        f.create(name, "true");

        FakeDiscord.Sent s = f.discord.slash(VIEWER, CHANNEL, "rm", Map.of("container", name));

        assertThat(ephemeral(f.callback(s).json())).isFalse();
        FakeDiscord.Request refusal = f.followup(s);
        assertThat(ephemeral(refusal.json())).isTrue();
        assertThat(refusal.text("/content")).contains("not allowed to run rm");
        f.discord.await(is("DELETE", s.webhookPath() + "/messages/@original"), WAIT);
        assertThat(exists(name)).isTrue();
    }

    @Test
    void channelNotOnTheAllowList_refused() {
        FakeDiscord.Sent s = f.discord.slash(ADMIN, FakeDiscord.OTHER_CHANNEL, "ps", Map.of());

        FakeDiscord.Request refusal = f.followup(s);
        assertThat(ephemeral(refusal.json())).isTrue();
        assertThat(refusal.text("/content")).contains("does not take commands in this channel");
    }

    @Test
    void dm_withoutMember_refusedBeforeAnyEngineCall() {
        int before = f.engine.calls();

        FakeDiscord.Sent s = f.discord.dmSlash(ADMIN, "ps", Map.of("all", true));

        assertThat(ephemeral(f.callback(s).json())).isTrue();
        assertThat(f.edit(s).text("/content")).contains("direct messages are turned off");
        assertThat(f.engine.calls()).as("engine calls made for the DM").isEqualTo(before);
    }

    // ------------------------------------------------------------------ autocomplete

    @Test
    void autocomplete_containerCreatedAMomentBefore_isOffered() {
        String name = f.name("auto");
        f.create(name, "true");
        AtomicReference<JsonNode> last = new AtomicReference<>();

        // the cache learns of the new container from the engine's create event; a few keystrokes at most
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            FakeDiscord.Sent s = f.discord.autocomplete(ADMIN, CHANNEL, "rm", Map.of(), "container",
                    name.substring(0, name.length() - 2));
            JsonNode cb = f.callback(s).json();
            last.set(cb);
            assertThat(cb.path("type").asInt()).isEqualTo(8);
            assertThat(values(cb)).contains(name);
        });
        assertThat(values(last.get()).get(0)).as("best match first").isEqualTo(name);
        assertThat(last.get().at("/data/choices")).hasSizeLessThanOrEqualTo(25);
    }

    @Test
    void autocomplete_callerWithoutTheVerb_getsNoChoices() {
        String name = f.name("auto-viewer");
        f.create(name, "true");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(values(f.callback(
                f.discord.autocomplete(ADMIN, CHANNEL, "rm", Map.of(), "container", name)).json())).contains(name));

        FakeDiscord.Sent s = f.discord.autocomplete(VIEWER, CHANNEL, "rm", Map.of(), "container", name);

        assertThat(f.callback(s).json().at("/data/choices")).isEmpty();
    }

    // ------------------------------------------------------------------ confirmations (P20)

    @Test
    void rmForce_confirmedByRequester_removed_buttonsReplacedByOutcome_P20() {
        String name = f.name("rm-ok");
        f.runDetached(name, "sleep", "300");
        Prompt p = prompt(ADMIN, name);

        FakeDiscord.Sent click = f.discord.click(ADMIN, CHANNEL, p.confirm(), p.messageId());

        assertThat(f.callback(click).json().path("type").asInt()).as("deferEdit").isEqualTo(6);
        FakeDiscord.Request outcome = f.edit(click);
        assertThat(outcome.text("/content")).contains(name, "removed by alice");
        assertThat(outcome.json().path("components")).as("buttons removed").isEmpty();
        assertThat(outcome.json().at("/allowed_mentions/parse")).isEmpty();
        assertThat(exists(name)).isFalse();
    }

    @Test
    void rmForce_confirmClickedBySomeoneElse_refusedOnlyToThem_containerStays_P20() {
        String name = f.name("rm-foreign");
        f.runDetached(name, "sleep", "300");
        Prompt p = prompt(ADMIN, name);

        FakeDiscord.Sent foreign = f.discord.click(OTHER_ADMIN, CHANNEL, p.confirm(), p.messageId());

        assertThat(f.callback(foreign).json().path("type").asInt()).isEqualTo(6);
        FakeDiscord.Request refusal = f.followup(foreign);
        assertThat(ephemeral(refusal.json())).isTrue();
        assertThat(refusal.text("/content")).contains("only alice can confirm");
        assertThat(f.discord.requests(is("PATCH", foreign.webhookPath() + "/messages/@original"))).isEmpty();
        assertThat(exists(name)).isTrue();

        // the requester can still cancel it: the prompt is replaced, the container stays
        FakeDiscord.Sent cancel = f.discord.click(ADMIN, CHANNEL, p.cancel(), p.messageId());
        FakeDiscord.Request outcome = f.edit(cancel);
        assertThat(outcome.text("/content")).contains("cancelled by alice");
        assertThat(outcome.json().path("components")).isEmpty();
        assertThat(exists(name)).isTrue();
    }

    @Test
    void rmForce_doubleClick_exactlyOneWins_theOtherIsToldItWasHandled_P20() {
        String name = f.name("rm-double");
        f.runDetached(name, "sleep", "300");
        Prompt p = prompt(ADMIN, name);

        FakeDiscord.Sent first = f.discord.click(ADMIN, CHANNEL, p.confirm(), p.messageId());
        FakeDiscord.Sent second = f.discord.click(ADMIN, CHANNEL, p.confirm(), p.messageId());

        assertThat(f.callback(first).json().path("type").asInt()).isEqualTo(6);
        assertThat(f.callback(second).json().path("type").asInt()).isEqualTo(6);
        await().atMost(WAIT).until(() -> outcomes(first, second).size() == 2);
        List<FakeDiscord.Request> results = outcomes(first, second);
        List<FakeDiscord.Request> edits = results.stream().filter(r -> r.method().equals("PATCH")).toList();
        List<FakeDiscord.Request> refusals = results.stream().filter(r -> r.method().equals("POST")).toList();
        assertThat(edits).as("one outcome").hasSize(1);
        assertThat(edits.get(0).text("/content")).contains("removed by alice");
        assertThat(refusals).hasSize(1);
        assertThat(ephemeral(refusals.get(0).json())).isTrue();
        assertThat(refusals.get(0).text("/content")).contains("already handled");
        assertThat(exists(name)).isFalse();
    }

    @Test
    void commandButton_ofAnAlert_runsAsTheClicker_answersBelow_theAlertStays() {
        String name = f.name("alert");
        f.runDetached(name, "sh", "-c", "echo from-the-alert-button");
        awaitExited(name);

        FakeDiscord.Sent click = f.discord.click(ADMIN, CHANNEL, "stv:cmd:logs " + name, f.discord.snowflake());

        assertThat(f.callback(click).json().path("type").asInt()).isEqualTo(6);
        FakeDiscord.Request answer = f.followup(click);
        assertThat(ephemeral(answer.json())).isFalse();
        assertThat(answer.text("/content")).contains("from-the-alert-button");
        assertThat(f.discord.requests(is("PATCH", click.webhookPath() + "/messages/@original"))).isEmpty();

        // the same button pressed by someone without the verb is refused privately
        FakeDiscord.Sent viewer = f.discord.click(VIEWER, CHANNEL, "stv:cmd:rm -f " + name, f.discord.snowflake());
        FakeDiscord.Request refusal = f.followup(viewer);
        assertThat(ephemeral(refusal.json())).isTrue();
        assertThat(refusal.text("/content")).contains("not allowed to run rm");
        assertThat(exists(name)).isTrue();
    }

    // ------------------------------------------------------------------ rendering (P23, P24, P28)

    @Test
    void logsOver2000Characters_lastLinesShown_fullLogAttached_P23_P28() {
        String name = f.name("long");
        f.runDetached(name, "sh", "-c", "i=1; while [ $i -le 400 ]; do echo \"line $i of the long log\"; "
                + "i=$((i+1)); done");
        awaitExited(name);

        FakeDiscord.Sent s = f.discord.slash(ADMIN, CHANNEL, "logs", Map.of("container", name));

        FakeDiscord.Request edit = f.edit(s);
        String content = edit.text("/content");
        assertThat(content.length()).isLessThanOrEqualTo(2000);
        assertThat(content).contains("line 400 of the long log")
                .containsPattern("… [\\d,]+ earlier lines omitted; showing the last \\d+ of 400")
                .contains("full log: 400 lines");
        assertThat(countFences(content)).isEqualTo(2);
        byte[] file = edit.files().get(name + ".log");
        assertThat(file).isNotNull();
        assertThat(new String(file, StandardCharsets.UTF_8).lines()).hasSize(400).startsWith("line 1 of the long log");
    }

    @Test
    void logWithBackticksAndEveryone_staysInOneCodeBlock_andPingsNobody_P24() {
        String name = f.name("p24");
        f.runDetached(name, "sh", "-c", "echo '```'; echo '@everyone deploy broke'; "
                + "echo '[click](https://example.invalid)'; echo '```js'; echo '``````'");
        awaitExited(name);

        FakeDiscord.Sent s = f.discord.slash(ADMIN, CHANNEL, "logs", Map.of("container", name));

        FakeDiscord.Request edit = f.edit(s);
        String content = edit.text("/content");
        assertThat(countFences(content)).as("only the block's own fences").isEqualTo(2);
        assertThat(content).startsWith("```\n").endsWith("\n```").contains("@everyone deploy broke")
                .contains("[click](https://example.invalid)");
        JsonNode mentions = edit.json().path("allowed_mentions");
        assertThat(mentions.path("parse").isArray()).isTrue();
        assertThat(mentions.path("parse")).isEmpty();
        assertThat(mentions.has("users")).isFalse();
        assertThat(mentions.has("roles")).isFalse();
    }

    // ------------------------------------------------------------------ live streams

    @Test
    void logsFollow_streamsIntoChannelMessages_within5Per5s_2000Chars_codeBlockKept_endsWithTheExitCode_P23_P24() {
        String name = f.name("follow");
        f.runDetached(name, "sh", "-c", "echo '```'; echo '@everyone deploy broke'; i=0; while [ $i -lt 300 ]; do "
                + "echo \"filler line $i of a long follow\"; i=$((i+1)); done; "
                + "for i in 1 2 3 4; do echo tick $i; sleep 1; done; exit 3");

        FakeDiscord.Sent s = f.discord.slash(ADMIN, CHANNEL, "logs", Map.of("container", name, "follow", true));

        assertThat(f.edit(s).text("/content")).contains("following logs of " + name);
        FakeDiscord.Request post = f.discord.await(r -> r.method().equals("POST")
                && r.path().equals("channels/" + CHANNEL + "/messages") && r.text("/content").contains(name), WAIT);
        assertThat(post.json().at("/components/0/components/0/label").asText()).isEqualTo("Stop");
        // the end is an edit of the last message, or a new message when the last lines rolled over
        FakeDiscord.Request last = f.discord.await(r -> (r.method().equals("PATCH") || r.method().equals("POST"))
                && r.path().startsWith("channels/" + CHANNEL + "/messages")
                && r.text("/content").contains(name + " exited with code 3"), Duration.ofSeconds(40));
        assertThat(last.text("/content")).contains("tick 1", "tick 4");
        assertThat(last.json().path("components")).as("Stop button removed").isEmpty();
        // Discord's rule: at most 5 posts and edits per 5 s in the channel (measured on arrival)
        List<FakeDiscord.Request> calls = f.discord.requests(r -> (r.method().equals("PATCH")
                || r.method().equals("POST")) && r.path().startsWith("channels/" + CHANNEL + "/messages"));
        for (FakeDiscord.Request r : calls) {
            String content = r.text("/content");
            assertThat(content.length()).isLessThanOrEqualTo(2000);
            assertThat(countFences(content)).as(content).isEqualTo(2);
            assertThat(r.json().path("allowed_mentions").path("parse")).isEmpty();
        }
        for (int i = 5; i < calls.size(); i++) {
            long spanMs = (calls.get(i).receivedNanos() - calls.get(i - 5).receivedNanos()) / 1_000_000;
            assertThat(spanMs).as("calls %d..%d", i - 5, i).isGreaterThanOrEqualTo(4_900);
        }
    }

    @Test
    void runInteractive_requestersMessagesReachStdin_othersIgnored_exitEndsWithTheCode() {
        String name = f.name("stdin");
        FakeDiscord.Sent s = f.discord.slash(ADMIN, CHANNEL, "cli", Map.of("text", "run -i --name " + name
                + " -l stevedore.test=" + f.runId + " stevedore-test/busybox:latest sh -c 'sleep 1; echo ready; exec sh'"));
        f.edit(s);
        f.discord.await(r -> r.method().equals("PATCH") && r.path().startsWith("channels/" + CHANNEL + "/messages/")
                && r.text("/content").contains("ready"), WAIT);

        f.discord.message(VIEWER, CHANNEL, "echo from-viewer");
        f.discord.message(ADMIN, CHANNEL, "echo hello-$((40+2))");
        FakeDiscord.Request echoed = f.discord.await(r -> r.method().equals("PATCH")
                && r.text("/content").contains("hello-42"), WAIT);
        assertThat(echoed.text("/content")).doesNotContain("from-viewer");

        f.discord.message(ADMIN, CHANNEL, "exit 7");
        FakeDiscord.Request last = f.discord.await(r -> r.method().equals("PATCH")
                && r.text("/content").contains(name + " exited with code 7"), WAIT);
        assertThat(last.text("/content")).doesNotContain("from-viewer");
    }

    @Test
    void logsFollow_stopByAViewer_refusedPrivately_stopByTheRequester_endsNamingThem() {
        String name = f.name("stop");
        f.runDetached(name, "sh", "-c", "while true; do echo tick; sleep 1; done");
        FakeDiscord.Sent s = f.discord.slash(ADMIN, CHANNEL, "logs", Map.of("container", name, "follow", true));
        assertThat(f.edit(s).text("/content")).contains("following logs of " + name);
        FakeDiscord.Request post = f.discord.await(r -> r.method().equals("POST")
                && r.path().equals("channels/" + CHANNEL + "/messages") && r.text("/content").contains(name), WAIT);
        String stop = post.json().at("/components/0/components/0/custom_id").asText();
        assertThat(stop).startsWith("stv:stop:");

        FakeDiscord.Sent refused = f.discord.click(VIEWER, CHANNEL, stop, f.discord.snowflake());
        FakeDiscord.Request refusal = f.followup(refused);
        assertThat(ephemeral(refusal.json())).isTrue();
        assertThat(refusal.text("/content")).contains("or an admin can stop this stream");

        f.discord.click(ADMIN, CHANNEL, stop, f.discord.snowflake());
        FakeDiscord.Request last = f.discord.await(r -> r.method().equals("PATCH")
                && r.path().startsWith("channels/" + CHANNEL + "/messages/")
                && r.text("/content").contains("stopped by"), WAIT);
        assertThat(last.text("/content")).contains(name + " keeps running");
        assertThat(last.json().path("components")).isEmpty();
        assertThat(exists(name)).isTrue();
    }

    // ------------------------------------------------------------------ helpers

    /** A confirmation prompt as the bot showed it. */
    private record Prompt(String messageId, String confirm, String cancel) {}

    private Prompt prompt(FakeDiscord.User user, String name) {
        FakeDiscord.Sent s = f.discord.slash(user, CHANNEL, "rm", Map.of("container", name, "force", true));
        FakeDiscord.Request edit = f.edit(s);
        assertThat(edit.text("/content")).contains(name).contains("Only alice can confirm");
        JsonNode buttons = edit.json().at("/components/0/components");
        assertThat(buttons).hasSize(2);
        String confirm = buttons.get(0).path("custom_id").asText();
        String cancel = buttons.get(1).path("custom_id").asText();
        assertThat(confirm).startsWith("stv:ok:");
        assertThat(cancel).startsWith("stv:no:");
        String id = f.discord.originalMessageId(s).orElseThrow();
        return new Prompt(id, confirm, cancel);
    }

    private List<FakeDiscord.Request> outcomes(FakeDiscord.Sent... clicks) {
        List<FakeDiscord.Request> out = new ArrayList<>();
        for (FakeDiscord.Sent c : clicks) {
            out.addAll(f.discord.requests(r -> (r.method().equals("PATCH")
                    && r.path().equals(c.webhookPath() + "/messages/@original"))
                    || (r.method().equals("POST") && r.path().equals(c.webhookPath()))));
        }
        return out;
    }

    private static void awaitExited(String name) {
        await().atMost(WAIT).until(() -> DiscordFixture.docker("inspect", "-f", "{{.State.Status}}", name)
                .equals("exited"));
    }

    /** What the user sees: the content, or the attached table when the content is an excerpt. */
    private static String shown(FakeDiscord.Request edit) {
        byte[] table = edit.files().get("table.txt");
        return table != null ? new String(table, StandardCharsets.UTF_8) : edit.text("/content");
    }

    private static String firstLine(String s) {
        String t = s.startsWith("```") ? s.substring(s.indexOf('\n') + 1) : s;
        return t.lines().findFirst().orElse("");
    }

    private static List<String> values(JsonNode autocompleteCallback) {
        List<String> out = new ArrayList<>();
        autocompleteCallback.at("/data/choices").forEach(c -> out.add(c.path("value").asText()));
        return out;
    }

    private static int countFences(String s) {
        int n = 0;
        for (int i = s.indexOf("```"); i >= 0; i = s.indexOf("```", i + 3)) {
            n++;
        }
        return n;
    }
}
