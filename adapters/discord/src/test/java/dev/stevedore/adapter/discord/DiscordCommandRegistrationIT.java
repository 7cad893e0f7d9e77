package dev.stevedore.adapter.discord;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stevedore.adapter.discord.testing.FakeDiscord;
import dev.stevedore.config.Secret;
import dev.stevedore.core.auth.RoleBasedAccessPolicy;
import dev.stevedore.core.bus.CommandBus;
import dev.stevedore.core.bus.CommandBusBuilder;
import dev.stevedore.core.testing.FakeContainerGateway;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /docker} is registered only when its definition changed: the real JDA against the loopback fake, restarted
 * several times with the same state file.
 */
class DiscordCommandRegistrationIT {
    @TempDir
    Path stateDir;

    private FakeDiscord discord;
    private FakeContainerGateway engine;
    private CommandBus bus;
    private RoleBasedAccessPolicy policy;

    @BeforeEach
    void open() {
        discord = FakeDiscord.start();
        engine = new FakeContainerGateway();
        policy = new RoleBasedAccessPolicy(DiscordFixture.access());
        bus = new CommandBusBuilder().engine(engine).accessPolicy(policy).build();
    }

    @AfterEach
    void close() {
        bus.close();
        discord.close();
    }

    private void runOnce(boolean directMessages) {
        DiscordSettings settings = new DiscordSettings(new Secret("fake.bot.token"), List.of(FakeDiscord.GUILD),
                discord.apiUrl(), discord.gatewayUrl(), directMessages, Duration.ofMinutes(2),
                stateDir.resolve("discord-commands.properties"));
        DiscordAdapter adapter = DiscordAdapter.start(settings, bus, policy, engine);
        try {
            adapter.ready().orTimeout(30, TimeUnit.SECONDS).join();
        } finally {
            adapter.close();
        }
    }

    private static final Predicate<FakeDiscord.Request> GUILD_PUT = r -> r.method().equals("PUT")
            && r.path().equals("applications/" + FakeDiscord.APP + "/guilds/" + FakeDiscord.GUILD + "/commands");
    private static final Predicate<FakeDiscord.Request> GLOBAL_PUT = r -> r.method().equals("PUT")
            && r.path().equals("applications/" + FakeDiscord.APP + "/commands");

    @Test
    void start_registersOnce_thenSkipsWhileTheDefinitionIsUnchanged() throws Exception {
        runOnce(false);
        assertThat(discord.requests(GUILD_PUT)).hasSize(1);
        assertThat(discord.requests(GLOBAL_PUT)).isEmpty();
        JsonNode registered = discord.commands(FakeDiscord.GUILD);
        assertThat(registered).hasSize(1);
        assertThat(registered.get(0).path("name").asText()).isEqualTo("docker");
        assertThat(registered.get(0).path("contexts")).extracting(JsonNode::asInt).containsExactly(0);
        assertThat(Files.readString(stateDir.resolve("discord-commands.properties")))
                .contains(FakeDiscord.APP + "." + FakeDiscord.GUILD + "=");

        runOnce(false);
        assertThat(discord.requests(GUILD_PUT)).as("second start, same definition").hasSize(1);
        assertThat(discord.requests(r -> r.method().equals("GET") && r.path().endsWith("/commands")))
                .hasSizeGreaterThanOrEqualTo(2);

        // state lost: the copy Discord holds is compared instead
        Files.delete(stateDir.resolve("discord-commands.properties"));
        runOnce(false);
        assertThat(discord.requests(GUILD_PUT)).as("no state file, same definition").hasSize(1);
    }

    @Test
    void directMessagesTurnedOn_addsAGlobalDmCommand_turnedOff_removesIt() {
        runOnce(false);
        runOnce(true);
        assertThat(discord.requests(GUILD_PUT)).as("the guild command did not change").hasSize(1);
        assertThat(discord.requests(GLOBAL_PUT)).hasSize(1);
        JsonNode global = discord.commands(null);
        assertThat(global).hasSize(1);
        assertThat(global.get(0).path("contexts")).extracting(JsonNode::asInt).containsExactly(1);

        runOnce(false);
        assertThat(discord.requests(r -> r.method().equals("DELETE") && r.path().startsWith(
                "applications/" + FakeDiscord.APP + "/commands/"))).hasSize(1);
        assertThat(discord.commands(null)).isEmpty();
    }
}
