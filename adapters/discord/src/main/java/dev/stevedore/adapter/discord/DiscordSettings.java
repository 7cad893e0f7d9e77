package dev.stevedore.adapter.discord;

import dev.stevedore.config.DiscordConfig;
import dev.stevedore.config.Secret;
import dev.stevedore.config.StevedoreConfig;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What the Discord adapter needs from the configuration.
 *
 * @param token the bot token ({@code discord.token} or {@code DISCORD_TOKEN}); never logged
 * @param guilds guild ids to register {@code /docker} in; empty for a global command
 * @param apiUrl the REST API base, e.g. {@code https://discord.com/api/v10/}; tests point it at a loopback fake
 * @param gatewayUrl the gateway WebSocket, e.g. {@code wss://gateway.discord.gg/} ({@code http(s)} is taken as
 *     {@code ws(s)})
 * @param directMessages whether {@code /docker} is offered and answered in DMs ({@code access.directMessages})
 * @param confirmTtl how long a confirmation stays usable ({@code confirm.ttl}); its buttons are removed then
 * @param stateFile where the hash of the registered command definition is kept, e.g.
 *     {@code ~/.stevedore/discord-commands.properties}
 * @param messageContent whether to request the {@code GUILD_MESSAGES} and privileged {@code MESSAGE_CONTENT}
 *     intents ({@code discord.messageContent}), so the requester's messages go to an attach session's stdin
 */
public record DiscordSettings(Secret token, List<String> guilds, URI apiUrl, URI gatewayUrl, boolean directMessages,
        Duration confirmTtl, Path stateFile, boolean messageContent) {
    /** Validates and copies. */
    public DiscordSettings {
        Objects.requireNonNull(token, "token");
        guilds = List.copyOf(guilds);
        Objects.requireNonNull(apiUrl, "apiUrl");
        Objects.requireNonNull(gatewayUrl, "gatewayUrl");
        Objects.requireNonNull(confirmTtl, "confirmTtl");
        Objects.requireNonNull(stateFile, "stateFile");
    }

    /**
     * Settings without the message content intent (attach sessions show output only).
     *
     * @param token the bot token
     * @param guilds guild ids
     * @param apiUrl the REST base
     * @param gatewayUrl the gateway
     * @param directMessages whether DMs are answered
     * @param confirmTtl confirmation lifetime
     * @param stateFile the registration state file
     */
    public DiscordSettings(Secret token, List<String> guilds, URI apiUrl, URI gatewayUrl, boolean directMessages,
            Duration confirmTtl, Path stateFile) {
        this(token, guilds, apiUrl, gatewayUrl, directMessages, confirmTtl, stateFile, false);
    }

    /**
     * The settings of a loaded configuration.
     *
     * @param config the configuration; its {@code discord} section must be present
     * @param stateDir the bot's state directory, e.g. {@code ~/.stevedore}
     * @return the settings
     * @throws IllegalArgumentException if the configuration has no {@code discord} section (no token)
     */
    public static DiscordSettings from(StevedoreConfig config, Path stateDir) {
        DiscordConfig d = config.discord().orElseThrow(
                () -> new IllegalArgumentException("no Discord token configured (discord.token or DISCORD_TOKEN)"));
        return new DiscordSettings(d.token(), d.guilds(), d.apiUrl(), d.gatewayUrl(),
                config.access().directMessages(), config.confirm().ttl(),
                stateDir.resolve("discord-commands.properties"), d.messageContent());
    }

    /**
     * The gateway URL as JDA's WebSocket client wants it: {@code ws} or {@code wss}.
     *
     * @return the URL text
     */
    String websocketUrl() {
        String u = gatewayUrl.toString();
        if (u.startsWith("https://")) {
            return "wss://" + u.substring(8);
        }
        if (u.startsWith("http://")) {
            return "ws://" + u.substring(7);
        }
        return u;
    }

    /**
     * The REST base URL with a trailing slash, as JDA's {@code RestConfig} wants it.
     *
     * @return the URL text
     */
    String restUrl() {
        String u = apiUrl.toString();
        return u.endsWith("/") ? u : u + "/";
    }
}
