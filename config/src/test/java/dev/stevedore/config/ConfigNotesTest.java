package dev.stevedore.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A chat section without its token is not an error, but the user is told that platform stays off. */
class ConfigNotesTest {
    @Test
    void load_chatSectionsWithoutTokens_areOff_withANote() {
        ConfigLoader loader = new ConfigLoader(Map.of());
        StevedoreConfig cfg = loader.parse("discord: { guilds: [\"112233445566778899\"] }\n"
                + "slack: { botToken: \"${SLACK_BOT_TOKEN}\" }\n", Optional.empty());

        assertThat(cfg.discord()).isEmpty();
        assertThat(cfg.slack()).isEmpty();
        assertThat(loader.notes()).containsExactly(
                "slack: the section has no bot token (slack.botToken or SLACK_BOT_TOKEN), so Slack is off",
                "discord: the section has no token (discord.token or DISCORD_TOKEN), so Discord is off");
    }

    @Test
    void load_noChatSections_noNotes() {
        ConfigLoader loader = new ConfigLoader(Map.of());
        loader.parse("docker: { host: unix:///var/run/docker.sock }\n", Optional.empty());

        assertThat(loader.notes()).isEmpty();
    }
}
