package dev.stevedore.config;

import java.net.URI;
import java.util.List;
import java.util.Objects;

/**
 * How to connect to Discord (YAML section {@code discord}); present in {@link StevedoreConfig} only when a token
 * is configured.
 *
 * @param token the bot token; from {@code discord.token}, else {@code DISCORD_TOKEN}
 * @param guilds ids (numeric snowflakes) of the guilds to register commands in; empty means global commands
 * @param apiUrl base URL of the REST API, ending in {@code /}; default {@link #DEFAULT_API_URL}; tests point it
 *     at a local fake
 * @param gatewayUrl the gateway WebSocket URL ({@code ws}, {@code wss}, {@code http} or {@code https}); default
 *     {@link #DEFAULT_GATEWAY_URL}
 * @param messageContent {@code discord.messageContent}: request the {@code GUILD_MESSAGES} and privileged
 *     {@code MESSAGE_CONTENT} gateway intents so that the requester's messages in the channel of an attach session
 *     go to the container's stdin; the intent must be enabled in the Developer Portal (Bot → Message Content
 *     Intent), else Discord refuses the connection (close code 4014); default false
 */
public record DiscordConfig(Secret token, List<String> guilds, URI apiUrl, URI gatewayUrl, boolean messageContent) {
    /** The REST API base used when the file does not set {@code discord.apiUrl}. */
    public static final URI DEFAULT_API_URL = URI.create("https://discord.com/api/v10/");

    /** The gateway used when the file does not set {@code discord.gatewayUrl}. */
    public static final URI DEFAULT_GATEWAY_URL = URI.create("wss://gateway.discord.gg/");

    /**
     * Validates and copies.
     *
     * @throws IllegalArgumentException if {@code apiUrl} is not an absolute http or https URL, or
     *     {@code gatewayUrl} is not an absolute ws, wss, http or https URL
     */
    public DiscordConfig {
        Objects.requireNonNull(token, "token");
        guilds = List.copyOf(guilds);
        Objects.requireNonNull(apiUrl, "apiUrl");
        Objects.requireNonNull(gatewayUrl, "gatewayUrl");
        Checks.require("apiUrl", Checks.url(apiUrl, "http", "https"));
        Checks.require("gatewayUrl", Checks.url(gatewayUrl, "wss", "ws", "https", "http"));
    }

    /**
     * A connection without the message content intent.
     *
     * @param token the bot token
     * @param guilds guild ids
     * @param apiUrl the REST base URL
     * @param gatewayUrl the gateway URL
     */
    public DiscordConfig(Secret token, List<String> guilds, URI apiUrl, URI gatewayUrl) {
        this(token, guilds, apiUrl, gatewayUrl, false);
    }
}
