package dev.stevedore.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stevedore.adapter.slack.testing.FakeSlackApi;
import dev.stevedore.adapter.slack.testing.SlackTestClient;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The product with Slack, as an operator runs it: {@code java -jar stevedore.jar --config FILE} (what
 * {@code ./stevedore --config FILE} runs) with {@code slack.apiUrl} on a loopback fake, stdin not a terminal. A signed
 * {@code /docker ps -a} is acknowledged well under Slack's 3 seconds and answered with the real engine's containers;
 * a forged request and a stale one are refused; a foreign Confirm is refused; the process serves until SIGTERM.
 */
class SlackMainIT {
    private static final String IMAGE = "stevedore-test/busybox:latest";
    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static final String LABEL = "stevedore.test=" + RUN;
    private static final String SECRET = "main-it-signing-secret";
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    static Path workDir;

    @BeforeAll
    static void jarExistsAndEngineAnswers() throws Exception {
        assertThat(Path.of("target", "stevedore.jar")).as("run `./mvnw verify` (package builds the jar)").exists();
        // the shared test engine may be restarting (scripts/test-env.sh, restart tests): wait for it, up to a minute
        long end = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        while (true) {
            Process info = new ProcessBuilder("docker", "info", "--format", "{{.ServerVersion}}")
                    .redirectErrorStream(true).start();
            info.getInputStream().readAllBytes();
            if (info.waitFor(30, TimeUnit.SECONDS) && info.exitValue() == 0) {
                return;
            }
            assertThat(System.nanoTime()).as("the Docker Engine did not answer within a minute").isLessThan(end);
            Thread.sleep(500);
        }
    }

    @AfterAll
    static void cleanUp() throws Exception {
        new ProcessBuilder("sh", "-c", "docker ps -aq --filter label=" + LABEL + " | xargs -r docker rm -f")
                .inheritIO().start().waitFor(60, TimeUnit.SECONDS);
    }

    @Test
    void stevedoreWithSlackConfig_signedPsAll_ackedFast_thenListsTheEnginesContainers() throws Exception {
        String name = "it-main-slack-" + RUN;
        Process run = new ProcessBuilder("docker", "run", "-d", "--name", name, "--label", LABEL, IMAGE, "sleep", "300")
                .redirectErrorStream(true).start();
        assertThat(run.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(run.exitValue()).isZero();

        try (FakeSlackApi api = FakeSlackApi.start()) {
            int port = freePort();
            Path cfg = workDir.resolve("stevedore.yml");
            Files.writeString(cfg, String.join("\n",
                    "access:",
                    "  roles:",
                    "    admin: { allow: [\"*\"] }",
                    "  bindings:",
                    "    - role: admin",
                    "      slack: { users: [U0ALICE, U0BOB] }",
                    "  channels:",
                    "    slack: [C0OPS]",
                    "audit: { path: " + workDir.resolve("audit.jsonl") + " }",
                    "slack:",
                    "  mode: http",
                    "  botToken: xoxb-main-it",
                    "  signingSecret: " + SECRET,
                    "  listen: 127.0.0.1:" + port,
                    "  apiUrl: " + api.apiUrl(),
                    ""));
            List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                    .toString(), "-jar", Path.of("target", "stevedore.jar").toAbsolutePath().toString(),
                    "--config", cfg.toString()));
            ProcessBuilder pb = new ProcessBuilder(cmd).directory(workDir.toFile());
            pb.environment().put("STEVEDORE_LOG", workDir.resolve("stevedore.log").toString());
            pb.environment().remove("STEVEDORE_CONFIG");
            pb.environment().remove("SLACK_BOT_TOKEN");
            pb.redirectError(workDir.resolve("stderr.txt").toFile());
            Process p = pb.start();
            p.getOutputStream().close(); // stdin at end of input: a chat adapter keeps it running anyway
            BlockingQueue<String> lines = new LinkedBlockingQueue<>();
            Thread reader = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(),
                        StandardCharsets.UTF_8))) {
                    String l;
                    while ((l = r.readLine()) != null) {
                        lines.add(l);
                    }
                } catch (IOException e) {
                    // the process ended
                }
            });
            reader.setDaemon(true);
            reader.start();
            try {
                String listening = lines.poll(60, TimeUnit.SECONDS);
                assertThat(listening).as("stderr: %s", stderr()).isEqualTo(
                        "Slack: listening on http://127.0.0.1:" + port + "/slack/events");
                assertThat(api.calls("auth.test")).hasSize(1);
                SlackTestClient client = new SlackTestClient(
                        URI.create("http://127.0.0.1:" + port + "/slack/events"), SECRET);
                SlackTestClient.Sender alice = new SlackTestClient.Sender("U0ALICE", "alice", "C0OPS",
                        FakeSlackApi.TEAM);
                SlackTestClient.Sender bob = new SlackTestClient.Sender("U0BOB", "bob", "C0OPS", FakeSlackApi.TEAM);

                // a signed /docker ps -a: 200 well under 3 s, then the containers
                String url = api.newResponseUrl();
                SlackTestClient.Result ack = client.slash(alice, "ps -a", url);
                assertThat(ack.status()).isEqualTo(200);
                assertThat(ack.elapsed()).isLessThan(Duration.ofSeconds(1));
                FakeSlackApi.Call reply = api.awaitResponses(url, 1, WAIT).get(0);
                assertThat(reply.field("response_type")).isEqualTo("in_channel");
                assertThat(reply.text()).contains("CONTAINER ID").contains(name).contains("Up ")
                        .contains("<@U0ALICE> ran `/docker ps -a`");

                // a forged request and a stale one: 401, nothing posted
                String forgedUrl = api.newResponseUrl();
                String body = SlackTestClient.slashBody(alice, "rm -f " + name, forgedUrl);
                assertThat(client.send(body, Long.toString(SlackTestClient.now()), "v0=" + "ab".repeat(32)).status())
                        .isEqualTo(401);
                assertThat(client.signed(body, SlackTestClient.now() - 400).status()).isEqualTo(401);

                // a foreign Confirm: refused to bob only; the container stays
                String promptUrl = api.newResponseUrl();
                client.slash(alice, "rm -f " + name, promptUrl);
                FakeSlackApi.Call prompt = api.awaitResponses(promptUrl, 1, WAIT).get(0);
                String confirm = prompt.body().replaceAll("(?s).*\"action_id\":\"(stv:ok:[^\"]+)\".*", "$1");
                assertThat(confirm).startsWith("stv:ok:");
                String bobUrl = api.newResponseUrl();
                assertThat(client.click(bob, confirm, "CONFIRM", bobUrl, "1700000000.000001").status()).isEqualTo(200);
                FakeSlackApi.Call refusal = api.awaitResponses(bobUrl, 1, WAIT).get(0);
                assertThat(refusal.field("response_type")).isEqualTo("ephemeral");
                assertThat(refusal.text()).contains("only alice can confirm");
                Thread.sleep(500);
                assertThat(api.responses(forgedUrl)).isEmpty();
                assertThat(exists(name)).isTrue();

                assertThat(p.isAlive()).as("still serving after end of stdin").isTrue();
            } finally {
                p.destroy(); // SIGTERM
                boolean ended = p.waitFor(20, TimeUnit.SECONDS);
                if (!ended) {
                    p.destroyForcibly();
                }
                assertThat(ended).as("stops on SIGTERM").isTrue();
            }
            assertThat(stderr()).doesNotContain("Exception");
        }
    }

    private static String stderr() throws IOException {
        Path f = workDir.resolve("stderr.txt");
        return Files.exists(f) ? Files.readString(f) : "";
    }

    private static boolean exists(String name) throws Exception {
        Process p = new ProcessBuilder("docker", "container", "inspect", name).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
