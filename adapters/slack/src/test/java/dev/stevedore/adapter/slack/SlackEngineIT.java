package dev.stevedore.adapter.slack;

import static dev.stevedore.adapter.slack.SlackHarness.ALICE;
import static dev.stevedore.adapter.slack.SlackHarness.BOB;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonElement;
import dev.stevedore.adapter.slack.testing.FakeSlackApi;
import dev.stevedore.adapter.slack.testing.SlackTestClient;
import dev.stevedore.core.engine.ContainerGateway;
import dev.stevedore.core.engine.DockerEngines;
import dev.stevedore.core.testing.QuietLogs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The whole path on the <b>real Docker Engine</b>: a signed slash command over HTTP into the real Bolt app, the real
 * command bus, the engine, and the reply to a fake Slack Web API on loopback. Covers issue 3's list: {@code ps -a},
 * a failing command, {@code rm -f} confirmed by the requester, by someone else, twice, after expiry, a bad signature
 * and a stale timestamp, output too long for one message, and log text that tries to ping or forge markup.
 *
 * <p>Every container carries {@code stevedore.test=<run id>} and is removed afterwards.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SlackEngineIT {
    private static final String IMAGE = "stevedore-test/busybox:latest";
    private static final Duration WAIT = Duration.ofSeconds(30);
    private final String run = "run-" + hex(6);
    private ContainerGateway engine;
    private SlackHarness h;

    @BeforeAll
    void start() {
        QuietLogs.install();
        engine = DockerEngines.connect(host());
        awaitEngine(engine);
        h = SlackHarness.start(engine);
    }

    @AfterAll
    void stop() {
        try {
            List<String> ids = docker("ps", "-aq", "--filter", "label=stevedore.test=" + run).lines().toList();
            if (!ids.isEmpty()) {
                List<String> args = new ArrayList<>(List.of("rm", "-f"));
                args.addAll(ids);
                docker(args.toArray(String[]::new));
            }
        } finally {
            if (h != null) {
                h.close();
            }
            if (engine != null) {
                engine.close();
            }
        }
    }

    @Test
    void psAll_listsTheEnginesContainers_inChannel_sayingWhoRanIt() {
        String name = container("ps", "sleep 300");
        String exited = container("psx", "true");
        FakeSlackApi.Call reply = h.ask(ALICE, "ps -a");
        assertThat(reply.field("response_type")).isEqualTo("in_channel");
        assertThat(reply.text()).contains("CONTAINER ID").contains("NAMES").contains(name).contains(exited)
                .contains("<@U0ALICE> ran `/docker ps -a`");
    }

    // ------------------------------------------------------------------ attach sessions (stdin from the thread)

    /** Starts {@code run -i} of a shell that prints {@code ready-<name>} first; returns the live message's ts. */
    private String interactive(String name) {
        h.client.slash(ALICE, "run -i --name " + name + " -l stevedore.test=" + run + " " + IMAGE
                + " sh -c 'sleep 1; echo ready-" + name + "; exec sh'", h.api.newResponseUrl());
        FakeSlackApi.Call ready = h.api.await("chat.update", c -> c.text().contains("ready-" + name), WAIT);
        assertThat(ready.text()).contains("Detach");
        return ready.form().get("ts");
    }

    @Test
    void runInteractive_requestersThreadRepliesReachStdin_othersIgnored_exitEndsWithTheCode() {
        String name = "it-slack-stdin-" + hex(4);
        String ts = interactive(name);

        SlackTestClient.Result bob = h.client.threadReply(BOB, ts, "echo from-bob");
        assertThat(bob.status()).as(bob.body()).isEqualTo(200);
        h.client.threadReply(ALICE, ts, "echo hello-$((40+2)) &amp;&amp; echo '&lt;ok&gt;'");
        FakeSlackApi.Call echoed = h.api.await("chat.update", c -> c.text().contains("hello-42"), WAIT);
        assertThat(echoed.form().get("ts")).isEqualTo(ts);
        assertThat(echoed.text()).contains("&lt;ok&gt;").doesNotContain("from-bob");

        h.client.threadReply(ALICE, ts, "exit 7");
        FakeSlackApi.Call last = h.api.await("chat.update", c -> c.text().contains(name + " exited with code 7"),
                WAIT);
        assertThat(last.text()).doesNotContain("Detach").doesNotContain("from-bob");
        assertThat(h.api.calls().stream().filter(c -> c.method().startsWith("chat."))
                .noneMatch(c -> c.text().contains("from-bob"))).isTrue();
    }

    @Test
    void runInteractive_detach_leavesTheContainerRunning() {
        String name = "it-slack-detach-" + hex(4);
        String ts = interactive(name);
        FakeSlackApi.Call live = h.api.calls("chat.update").stream()
                .filter(c -> ts.equals(c.form().get("ts"))).reduce((a, b) -> b).orElseThrow();
        String detach = SlackAdapterHttpIT.actionId(live, "STOP");

        h.client.click(ALICE, detach, "STOP", h.api.newResponseUrl(), ts);

        h.api.await("chat.update", c -> ts.equals(c.form().get("ts")) && c.text().contains("stopped by")
                && c.text().contains(name + " keeps running"), WAIT);
        assertThat(docker("inspect", "-f", "{{.State.Running}}", name).out.strip()).isEqualTo("true");
    }

    @Test
    void failingCommand_answeredOnlyToTheCaller_inOneLine() {
        FakeSlackApi.Call reply = h.ask(ALICE, "logs ghost-" + run);
        assertThat(reply.field("response_type")).isEqualTo("ephemeral");
        assertThat(reply.text()).contains(":x:").contains("no such container: ghost-" + run)
                .doesNotContain("Exception").doesNotContain("\tat ");
        FakeSlackApi.Call unknown = h.ask(ALICE, "frobnicate");
        assertThat(unknown.field("response_type")).isEqualTo("ephemeral");
        assertThat(unknown.text()).contains("unknown command: frobnicate");
    }

    @Test
    void rmForce_confirmedByRequester_removes_buttonsReplacedByOutcome_P20() {
        String name = container("rm", "sleep 300");
        FakeSlackApi.Call prompt = h.ask(ALICE, "rm -f " + name);
        assertThat(prompt.field("response_type")).isEqualTo("in_channel");
        assertThat(prompt.text()).contains(":warning:").contains(name).contains("Are you sure?");
        assertThat(exists(name)).isTrue();
        String url = h.api.newResponseUrl();
        SlackTestClient.Result ack = h.client.click(ALICE, SlackAdapterHttpIT.actionId(prompt, "CONFIRM"), "CONFIRM",
                url, "1700000000.000001");
        assertThat(ack.status()).isEqualTo(200);
        assertThat(ack.elapsed()).isLessThan(Duration.ofSeconds(1));
        FakeSlackApi.Call outcome = h.api.awaitResponses(url, 1, WAIT).get(0);
        assertThat(outcome.json().get("replace_original").getAsBoolean()).isTrue();
        assertThat(outcome.text()).contains(name).contains("removed").contains("<@U0ALICE> confirmed");
        assertThat(outcome.body()).doesNotContain("stv:ok:").doesNotContain("\"actions\"");
        assertThat(exists(name)).isFalse();
    }

    @Test
    void confirm_bySomeoneElse_refusedOnlyToThem_nothingRuns_P20() {
        String name = container("foreign", "sleep 300");
        FakeSlackApi.Call prompt = h.ask(ALICE, "rm -f " + name);
        String confirm = SlackAdapterHttpIT.actionId(prompt, "CONFIRM");
        String url = h.api.newResponseUrl();
        assertThat(h.client.click(BOB, confirm, "CONFIRM", url, "1700000000.000002").status()).isEqualTo(200);
        FakeSlackApi.Call refusal = h.api.awaitResponses(url, 1, WAIT).get(0);
        assertThat(refusal.field("response_type")).isEqualTo("ephemeral");
        assertThat(refusal.json().get("replace_original").getAsBoolean()).isFalse();
        assertThat(refusal.text()).contains("only alice can confirm");
        assertThat(exists(name)).isTrue();
        // the requester can still confirm afterwards
        String mine = h.api.newResponseUrl();
        h.client.click(ALICE, confirm, "CONFIRM", mine, "1700000000.000002");
        assertThat(h.api.awaitResponses(mine, 1, WAIT).get(0).text()).contains("removed");
        assertThat(exists(name)).isFalse();
    }

    @Test
    void confirm_doubleClick_exactlyOneRuns_othersToldAlreadyHandled_P20() throws Exception {
        String name = container("double", "sleep 300");
        FakeSlackApi.Call prompt = h.ask(ALICE, "rm -f " + name);
        String confirm = SlackAdapterHttpIT.actionId(prompt, "CONFIRM");
        ExecutorService pool = Executors.newFixedThreadPool(5);
        List<String> urls = new ArrayList<>();
        try {
            List<CompletableFuture<SlackTestClient.Result>> clicks = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                String url = h.api.newResponseUrl();
                urls.add(url);
                clicks.add(CompletableFuture.supplyAsync(
                        () -> h.client.click(ALICE, confirm, "CONFIRM", url, "1700000000.000003"), pool));
            }
            clicks.forEach(c -> assertThat(c.join().status()).isEqualTo(200));
        } finally {
            pool.shutdown();
            pool.awaitTermination(10, TimeUnit.SECONDS);
        }
        List<FakeSlackApi.Call> answers = new ArrayList<>();
        for (String url : urls) {
            answers.add(h.api.awaitResponses(url, 1, WAIT).get(0));
        }
        List<FakeSlackApi.Call> replaced = answers.stream()
                .filter(a -> a.json().get("replace_original").getAsBoolean()).toList();
        assertThat(replaced).hasSize(1);
        assertThat(replaced.get(0).text()).contains("removed");
        assertThat(answers.stream().filter(a -> !a.json().get("replace_original").getAsBoolean()))
                .hasSize(4)
                .allSatisfy(a -> {
                    assertThat(a.field("response_type")).isEqualTo("ephemeral");
                    assertThat(a.text()).contains("already handled");
                });
        assertThat(exists(name)).isFalse();
    }

    @Test
    void confirm_afterExpiry_saysExpired_nothingRuns_P20() throws Exception {
        String name = container("expiry", "sleep 300");
        try (SlackHarness shortLived = SlackHarness.start(engine, "1s", b -> b, a -> a)) {
            FakeSlackApi.Call prompt = shortLived.ask(ALICE, "rm -f " + name);
            assertThat(prompt.text()).contains("expires in 1 s");
            Thread.sleep(1_500);
            String url = shortLived.api.newResponseUrl();
            shortLived.client.click(ALICE, SlackAdapterHttpIT.actionId(prompt, "CONFIRM"), "CONFIRM", url,
                    "1700000000.000004");
            FakeSlackApi.Call answer = shortLived.api.awaitResponses(url, 1, WAIT).get(0);
            assertThat(answer.field("response_type")).isEqualTo("ephemeral");
            assertThat(answer.text()).contains("expired");
            assertThat(exists(name)).isTrue();
        }
    }

    @Test
    void badSignature_401_nothingRun() throws Exception {
        String name = "it-slack-forged-" + hex(4);
        String url = h.api.newResponseUrl();
        String body = SlackTestClient.slashBody(ALICE, runCommand(name, "sleep 300"), url);
        String ts = Long.toString(SlackTestClient.now());
        String forged = new com.slack.api.app_backend.SlackSignature.Generator("not-the-secret").generate(ts, body);
        SlackTestClient.Result r = h.client.send(body, ts, forged);
        assertThat(r.status()).isEqualTo(401);
        Thread.sleep(1_000);
        assertThat(exists(name)).isFalse();
        assertThat(h.api.responses(url)).isEmpty();
    }

    @Test
    void staleTimestamp_401_nothingRun() throws Exception {
        String name = "it-slack-stale-" + hex(4);
        String url = h.api.newResponseUrl();
        SlackTestClient.Result r = h.client.signed(SlackTestClient.slashBody(ALICE, runCommand(name, "sleep 300"), url),
                SlackTestClient.now() - 600);
        assertThat(r.status()).isEqualTo(401);
        Thread.sleep(1_000);
        assertThat(exists(name)).isFalse();
        assertThat(h.api.responses(url)).isEmpty();
    }

    @Test
    void outputTooLongForOneMessage_showsNofM_andUploadsTheWholeAsAFile_P16_P28() {
        String name = container("long", "i=0; while [ $i -lt 3000 ]; do echo \"line $i of the output\";"
                + " i=$((i+1)); done");
        awaitExit(name);
        FakeSlackApi.Call reply = h.ask(ALICE, "logs " + name);
        assertThat(reply.field("response_type")).isEqualTo("in_channel");
        assertThat(reply.blocks().size()).isLessThanOrEqualTo(SlackReplyRenderer.MAX_BLOCKS);
        int total = 0;
        for (String t : reply.blockTexts()) {
            assertThat(t.length()).isLessThanOrEqualTo(SlackReplyRenderer.MAX_SECTION_TEXT);
            total += t.length();
        }
        assertThat(total).isLessThanOrEqualTo(SlackReplyRenderer.MAX_TOTAL_TEXT);
        // the core shows the last lines with an exact count and offers the whole log as a file (P28)
        assertThat(reply.text()).contains("showing the last 40 of 3,000").contains("line 2999 of the output")
                .contains(":paperclip:").contains(name + ".log");
        FakeSlackApi.Call getUrl = h.api.await("files.getUploadURLExternal",
                c -> c.form().getOrDefault("filename", "").equals(name + ".log"), WAIT);
        FakeSlackApi.Call complete = h.api.await("files.completeUploadExternal",
                c -> c.form().getOrDefault("files", "").contains("full log"), WAIT);
        assertThat(complete.form().get("channel_id")).isEqualTo(SlackHarness.CHANNEL);
        String fileId = complete.form().get("files").replaceAll(".*\"id\":\"(F\\d+)\".*", "$1");
        FakeSlackApi.Call upload = h.api.await("upload", c -> c.path().endsWith("/" + fileId), WAIT);
        assertThat(upload.body()).contains("line 0 of the output").contains("line 2999 of the output");
        assertThat(Integer.parseInt(getUrl.form().get("length"))).isEqualTo(
                upload.body().getBytes(StandardCharsets.UTF_8).length);
    }

    @Test
    void psAll_moreRowsThanOneMessageHolds_showingNofM_wholeTableAsAFile_P16_P28() {
        String prefix = "it-slack-many-" + hex(3) + "-";
        Cli c = docker("run", "--rm", "-d", "--label", "stevedore.test=" + run, IMAGE, "true"); // warm the CLI
        assertThat(c.exit).isZero();
        StringBuilder script = new StringBuilder();
        for (int i = 0; i < 100; i++) {
            script.append("docker create --label stevedore.test=").append(run).append(" --name ").append(prefix)
                    .append(i).append(' ').append(IMAGE).append(" true >/dev/null && ");
        }
        script.append("true");
        Cli made = sh(script.toString());
        assertThat(made.exit).as(made.err).isZero();
        FakeSlackApi.Call reply = h.ask(ALICE, "ps -a");
        assertThat(reply.field("response_type")).isEqualTo("in_channel");
        assertThat(reply.blocks().size()).isLessThanOrEqualTo(SlackReplyRenderer.MAX_BLOCKS);
        int total = 0;
        for (String t : reply.blockTexts()) {
            assertThat(t.length()).isLessThanOrEqualTo(SlackReplyRenderer.MAX_SECTION_TEXT);
            total += t.length();
        }
        assertThat(total).isLessThanOrEqualTo(SlackReplyRenderer.MAX_TOTAL_TEXT);
        String note = reply.blockTexts().stream().filter(t -> t.startsWith(":scissors: Showing")).findFirst()
                .orElseThrow(() -> new AssertionError("no 'showing N of M' note in " + reply.text()));
        int shown = Integer.parseInt(note.replaceAll(".*Showing (\\d+) of (\\d+) lines.*", "$1"));
        int rows = Integer.parseInt(note.replaceAll(".*Showing (\\d+) of (\\d+) lines.*", "$2"));
        assertThat(rows).isGreaterThanOrEqualTo(100);
        assertThat(shown).isPositive().isLessThan(rows);
        assertThat(note).contains("The full output follows as a file.");
        FakeSlackApi.Call getUrl = h.api.await("files.getUploadURLExternal",
                x -> x.form().getOrDefault("filename", "").startsWith("docker-ps-a-"), WAIT);
        FakeSlackApi.Call upload = h.api.await("upload", x -> x.body().contains(prefix + "99"), WAIT);
        for (int i = 0; i < 100; i++) {
            assertThat(upload.body()).contains(prefix + i);
        }
        assertThat(upload.body()).startsWith("CONTAINER ID");
        assertThat(Integer.parseInt(getUrl.form().get("length"))).isEqualTo(
                upload.body().getBytes(StandardCharsets.UTF_8).length);
    }

    @Test
    void logText_mentionsAndMarkup_escapedExactlyOnce_pingsNobody_P21() {
        String name = container("markup", "echo \"<!channel> build failed\"; echo \"<@U12345>\";"
                + " echo \"<#C123|general>\"; echo \"<https://x|y>\"; echo \"a<b && c>d\"; echo \"&amp;\";"
                + " echo \"We've\"");
        awaitExit(name);
        FakeSlackApi.Call reply = h.ask(ALICE, "logs " + name);
        String body = reply.body();
        assertThat(body).doesNotContain("<!channel>").doesNotContain("<@U12345>").doesNotContain("<#C123")
                .doesNotContain("<https://x");
        String text = reply.text();
        assertThat(text).contains("&lt;!channel&gt; build failed")
                .contains("&lt;@U12345&gt;")
                .contains("&lt;#C123|general&gt;")
                .contains("&lt;https://x|y&gt;")
                .contains("a&lt;b &amp;&amp; c&gt;d")
                .contains("&amp;amp;")
                .contains("We've")
                .doesNotContain("&amp;lt;")
                .doesNotContain("&#");
        for (JsonElement b : reply.blocks()) {
            assertThat(b.toString()).doesNotContain("\"verbatim\":false");
        }
    }

    // ------------------------------------------------------------------------------------------ helpers

    /**
     * Waits up to a minute for the engine to answer: the shared test engine may be restarting (scripts/test-env.sh)
     * when this class starts. A precondition, not a retry of any test.
     */
    static void awaitEngine(ContainerGateway engine) {
        long end = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        while (true) {
            try {
                engine.ping();
                return;
            } catch (RuntimeException e) {
                if (System.nanoTime() > end) {
                    throw e;
                }
                try {
                    Thread.sleep(500);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    /** Runs a labelled container ({@code sh -c SCRIPT}) with the docker CLI and returns its name. */
    private String container(String what, String shellCommand) {
        String name = "it-slack-" + what + "-" + hex(4);
        List<String> args = new ArrayList<>(List.of("run", "-d", "--name", name, "--label", "stevedore.test=" + run,
                IMAGE, "sh", "-c", shellCommand));
        Cli c = docker(args.toArray(String[]::new));
        assertThat(c.exit).as("docker run %s: %s", name, c.err).isZero();
        return name;
    }

    private String runCommand(String name, String cmd) {
        return "run -d --name " + name + " --label stevedore.test=" + run + " " + IMAGE + " " + cmd;
    }

    private static void awaitExit(String name) {
        docker("wait", name);
    }

    private static boolean exists(String name) {
        return docker("container", "inspect", "--format", "{{.Id}}", name).exit == 0;
    }

    private record Cli(int exit, String out, String err) {
        java.util.stream.Stream<String> lines() {
            return out.lines().map(String::strip).filter(l -> !l.isEmpty());
        }
    }

    private static Cli docker(String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add("docker");
        cmd.addAll(List.of(args));
        return exec(cmd);
    }

    private static Cli sh(String script) {
        return exec(List.of("sh", "-c", script));
    }

    private static Cli exec(List<String> cmd) {
        String[] args = cmd.toArray(String[]::new);
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().putIfAbsent("DOCKER_HOST", host());
        try {
            Process p = pb.start();
            p.getOutputStream().close();
            CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> {
                try {
                    return p.getErrorStream().readAllBytes();
                } catch (IOException e) {
                    return new byte[0];
                }
            });
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(180, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError(String.join(" ", args) + " did not finish");
            }
            return new Cli(p.exitValue(), out, new String(err.join(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    private static String host() {
        String h = System.getenv("DOCKER_HOST");
        return h == null || h.isBlank() ? "unix:///var/run/docker.sock" : h;
    }

    private static String hex(int bytes) {
        byte[] b = new byte[bytes];
        new SecureRandom().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
