package dev.stevedore.adapter.slack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/** The app manifest in the repo matches what the adapter serves: command, path, interactivity, scopes. */
class SlackAppManifestTest {

    @Test
    @SuppressWarnings("unchecked")
    void manifest_declaresTheCommandPathInteractivityAndScopes() throws Exception {
        Map<String, Object> m = (Map<String, Object>) new Load(LoadSettings.builder().build())
                .loadFromString(Files.readString(Path.of("slack-app-manifest.yml")));
        Map<String, Object> features = (Map<String, Object>) m.get("features");
        Map<String, Object> command = ((List<Map<String, Object>>) features.get("slash_commands")).get(0);
        assertThat(command.get("command")).isEqualTo(SlackAdapter.COMMAND);
        assertThat((String) command.get("url")).endsWith(SlackAdapter.EVENTS_PATH);
        Map<String, Object> settings = (Map<String, Object>) m.get("settings");
        Map<String, Object> interactivity = (Map<String, Object>) settings.get("interactivity");
        assertThat(interactivity.get("is_enabled")).isEqualTo(true);
        assertThat((String) interactivity.get("request_url")).endsWith(SlackAdapter.EVENTS_PATH);
        assertThat(settings).containsKey("socket_mode_enabled");
        List<String> scopes = (List<String>) ((Map<String, Object>) ((Map<String, Object>) m.get("oauth_config"))
                .get("scopes")).get("bot");
        assertThat(scopes).contains("commands", "chat:write", "files:write", "usergroups:read");
    }
}
