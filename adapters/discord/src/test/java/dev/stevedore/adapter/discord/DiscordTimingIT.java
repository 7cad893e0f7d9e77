package dev.stevedore.adapter.discord;

import static dev.stevedore.adapter.discord.DiscordFixture.ADMIN;
import static dev.stevedore.adapter.discord.DiscordFixture.WAIT;
import static dev.stevedore.adapter.discord.DiscordFixture.ephemeral;
import static dev.stevedore.adapter.discord.DiscordFixture.exists;
import static dev.stevedore.adapter.discord.testing.FakeDiscord.CHANNEL;
import static dev.stevedore.adapter.discord.testing.FakeDiscord.is;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stevedore.adapter.discord.testing.FakeDiscord;
import dev.stevedore.adapter.discord.testing.InterceptingGateway;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Deadlines and failures: a stalled engine, an engine call that throws, and a confirmation left to expire (a 2 s
 * confirmation TTL). The real JDA, the loopback fake Discord and the real engine behind a switchable proxy.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DiscordTimingIT {
    private static final Duration STALL = Duration.ofSeconds(4);
    private static final Duration TTL = Duration.ofSeconds(2);
    private volatile String mode = "normal";
    private DiscordFixture f;

    @BeforeAll
    void open() {
        f = DiscordFixture.open(TTL, engine -> new InterceptingGateway(engine, method -> {
            if (mode.equals("stall")) {
                try {
                    Thread.sleep(STALL.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            } else if (mode.equals("fail")) {
                throw new IllegalStateException("secret detail /var/lib/docker/overlay2 of " + method);
            }
        }));
    }

    @AfterEach
    void normal() {
        mode = "normal";
    }

    @AfterAll
    void close() {
        if (f != null) {
            f.close();
        }
    }

    @Test
    void interaction_engineStalled_defersFirst_answersOnceThroughTheHook_P22() {
        mode = "stall";

        FakeDiscord.Sent s = f.discord.slash(ADMIN, CHANNEL, "ps", Map.of("all", true));

        FakeDiscord.Request callback = f.callback(s);
        long ackMs = (callback.receivedNanos() - s.sentNanos()) / 1_000_000;
        assertThat(ackMs).as("interaction → defer callback, engine stalled").isLessThan(1000);
        assertThat(callback.json().path("type").asInt()).isEqualTo(5);
        FakeDiscord.Request edit = f.edit(s);
        long answerMs = (edit.receivedNanos() - s.sentNanos()) / 1_000_000;
        assertThat(answerMs).as("the answer waits for the engine").isGreaterThanOrEqualTo(STALL.toMillis() - 200);
        assertThat(edit.text("/content")).contains("CONTAINER ID");
        assertThat(f.callbacks(s)).as("acknowledged exactly once").hasSize(1);
    }

    @Test
    void engineCallThrows_userSeesOnlyTheIncidentId_privately_P22() {
        mode = "fail";

        FakeDiscord.Sent s = f.discord.slash(ADMIN, CHANNEL, "ps", Map.of());

        assertThat(f.callback(s).json().path("type").asInt()).isEqualTo(5);
        FakeDiscord.Request followup = f.followup(s);
        assertThat(ephemeral(followup.json())).isTrue();
        // markdown escapes (the backslashes) do not show in Discord
        assertThat(followup.text("/content").replace("\\", ""))
                .containsPattern("something went wrong \\(incident [0-9a-f]{8}\\)")
                .doesNotContain("secret").doesNotContain("IllegalStateException").doesNotContain("overlay2");
        f.discord.await(is("DELETE", s.webhookPath() + "/messages/@original"), WAIT);
        assertThat(f.callbacks(s)).hasSize(1);
    }

    @Test
    void rmForce_clickAfterExpiry_saysExpired_buttonsAlreadyRemoved_containerStays_P20() throws Exception {
        String name = f.name("expire");
        f.runDetached(name, "sleep", "300");
        FakeDiscord.Sent s = f.discord.slash(ADMIN, CHANNEL, "rm", Map.of("container", name, "force", true));
        FakeDiscord.Request prompt = f.edit(s);
        String confirm = prompt.json().at("/components/0/components/0/custom_id").asText();
        String messageId = f.discord.originalMessageId(s).orElseThrow();

        // when the confirmation expires, its buttons go
        FakeDiscord.Request expired = f.discord.await(r -> r.method().equals("PATCH")
                && r.path().equals(s.webhookPath() + "/messages/@original") && r.text("/content").contains("expired"),
                Duration.ofSeconds(10));
        assertThat(expired.json().path("components")).isEmpty();
        assertThat(expired.text("/content")).contains(name);

        FakeDiscord.Sent late = f.discord.click(ADMIN, CHANNEL, confirm, messageId);

        assertThat(f.callback(late).json().path("type").asInt()).isEqualTo(6);
        FakeDiscord.Request answer = f.followup(late);
        JsonNode json = answer.json();
        assertThat(ephemeral(json)).isTrue();
        assertThat(answer.text("/content")).contains("expired");
        assertThat(exists(name)).isTrue();
    }
}
