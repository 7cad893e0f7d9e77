package dev.stevedore.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stevedore.adapter.discord.testing.FakeDiscord;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The product with Discord, as an operator runs it: {@code java -jar stevedore.jar --config FILE} (what
 * {@code ./stevedore --config FILE} runs) with {@code discord.apiUrl}/{@code discord.gatewayUrl} on a loopback fake,
 * the token from {@code DISCORD_TOKEN}, stdin not a terminal. It reaches READY, registers {@code /docker}, answers
 * {@code /docker ps all:true} with the real engine's containers, refuses a foreign Confirm, and serves until SIGTERM.
 */
class DiscordMainIT {
    private static final String IMAGE = "stevedore-test/busybox:latest";
    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static final String LABEL = "stevedore.test=" + RUN;
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final FakeDiscord.User ALICE = FakeDiscord.User.of("960000000000000011", "alice",
            FakeDiscord.ROLE_ADMIN);
    private static final FakeDiscord.User BOB = FakeDiscord.User.of("960000000000000012", "bob",
            FakeDiscord.ROLE_ADMIN);

    @TempDir
    static Path workDir;

    @BeforeAll
    static void jarExists() {
        assertThat(Path.of("target", "stevedore.jar")).as("run `./mvnw verify` (package builds the jar)").exists();
    }

    @AfterAll
    static void cleanUp() throws Exception {
        new ProcessBuilder("sh", "-c", "docker ps -aq --filter label=" + LABEL + " | xargs -r docker rm -f")
                .inheritIO().start().waitFor(60, TimeUnit.SECONDS);
    }

    @Test
    void stevedoreWithDiscordConfig_readyRegistersAndAnswersPsWithTheEnginesContainers_untilSigterm() throws Exception {
        String name = "it-main-discord-" + RUN;
        Process run = new ProcessBuilder("docker", "run", "-d", "--name", name, "--label", LABEL, IMAGE, "sleep", "300")
                .redirectErrorStream(true).start();
        assertThat(run.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(run.exitValue()).isZero();

        try (FakeDiscord discord = FakeDiscord.start()) {
            Path cfg = workDir.resolve("stevedore.yml");
            Files.writeString(cfg, String.join("\n",
                    "access:",
                    "  roles:",
                    "    admin: { allow: [\"*\"] }",
                    "  bindings:",
                    "    - role: admin",
                    "      discord: { roles: [\"" + FakeDiscord.ROLE_ADMIN + "\"] }",
                    "  channels:",
                    "    discord: [\"" + FakeDiscord.CHANNEL + "\"]",
                    "audit: { path: " + workDir.resolve("audit.jsonl") + " }",
                    "discord:",
                    "  guilds: [\"" + FakeDiscord.GUILD + "\"]",
                    "  apiUrl: " + discord.apiUrl(),
                    "  gatewayUrl: " + discord.gatewayUrl(),
                    ""));
            Path out = workDir.resolve("out.txt");
            Path err = workDir.resolve("err.txt");
            ProcessBuilder pb = new ProcessBuilder(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Duser.home=" + workDir, "-jar", Path.of("target", "stevedore.jar").toAbsolutePath().toString(),
                    "--config", cfg.toString()))
                    .directory(workDir.toFile())
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
            Map<String, String> env = pb.environment();
            env.keySet().removeIf(k -> k.startsWith("SLACK_") || k.startsWith("STEVEDORE_CONFIG"));
            env.put("DISCORD_TOKEN", "fake.bot.token");
            env.put("STEVEDORE_LOG", workDir.resolve("stevedore.log").toString());
            Process p = pb.start();
            try {
                // READY and /docker registered in the guild
                discord.await(r -> r.method().equals("PUT")
                        && r.path().equals("applications/" + FakeDiscord.APP + "/guilds/" + FakeDiscord.GUILD
                        + "/commands"), WAIT);
                assertThat(discord.identifies()).isEqualTo(1);
                assertThat(discord.commands(FakeDiscord.GUILD).get(0).path("name").asText()).isEqualTo("docker");

                FakeDiscord.Sent ps = discord.slash(ALICE, FakeDiscord.CHANNEL, "ps", Map.of("all", true));
                assertThat(discord.await(FakeDiscord.is("POST", ps.callbackPath()), WAIT).json().path("type").asInt())
                        .isEqualTo(5);
                FakeDiscord.Request answer = discord.await(FakeDiscord.is("PATCH",
                        ps.webhookPath() + "/messages/@original"), WAIT);
                byte[] table = answer.files().get("table.txt");
                String shown = table != null ? new String(table, StandardCharsets.UTF_8) : answer.text("/content");
                assertThat(shown).contains("CONTAINER ID", name);

                // a foreign Confirm is refused, privately, and the container stays
                FakeDiscord.Sent rm = discord.slash(ALICE, FakeDiscord.CHANNEL, "rm",
                        Map.of("container", name, "force", true));
                FakeDiscord.Request prompt = discord.await(FakeDiscord.is("PATCH",
                        rm.webhookPath() + "/messages/@original"), WAIT);
                String confirm = prompt.json().at("/components/0/components/0/custom_id").asText();
                FakeDiscord.Sent foreign = discord.click(BOB, FakeDiscord.CHANNEL, confirm,
                        discord.originalMessageId(rm).orElseThrow());
                FakeDiscord.Request refusal = discord.await(FakeDiscord.is("POST", foreign.webhookPath()), WAIT);
                assertThat(refusal.json().path("flags").asInt() & 64).isEqualTo(64);
                assertThat(refusal.text("/content")).contains("only alice can confirm");
                Process inspect = new ProcessBuilder("docker", "inspect", name).redirectErrorStream(true).start();
                inspect.getInputStream().readAllBytes();
                assertThat(inspect.waitFor()).isZero();

                assertThat(p.isAlive()).as("serves after end of input").isTrue();
            } finally {
                p.destroy(); // SIGTERM
                assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("stops on SIGTERM").isTrue();
            }
            String stdout = Files.readString(out);
            assertThat(stdout).contains("Discord: connecting to " + discord.gatewayUrl())
                    .contains("Discord: ready, /docker checked in 1 guild(s)");
            assertThat(stdout + Files.readString(err)).doesNotContain("Exception").doesNotContain("fake.bot.token");
            assertThat(Files.exists(workDir.resolve(".stevedore/discord-commands.properties"))).isTrue();
        }
    }
}
