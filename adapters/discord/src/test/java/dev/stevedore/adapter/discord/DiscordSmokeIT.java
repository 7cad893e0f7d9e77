package dev.stevedore.adapter.discord;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stevedore.adapter.discord.testing.FakeDiscord;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DiscordSmokeIT {
    @Test
    void smoke() {
        try (DiscordFixture f = DiscordFixture.open()) {
            System.err.println(f.discord.describe());
            FakeDiscord.Sent s = f.discord.slash(DiscordFixture.ADMIN, FakeDiscord.CHANNEL, "ps", Map.of("all", true));
            FakeDiscord.Request cb = f.callback(s);
            System.err.println("CALLBACK " + cb.json());
            FakeDiscord.Request e = f.edit(s);
            System.err.println("EDIT " + e.json());
            assertThat(e.text("/content")).contains("CONTAINER ID");
        }
    }
}
