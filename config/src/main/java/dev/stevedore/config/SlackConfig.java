package dev.stevedore.config;

import java.net.URI;
import java.util.Objects;
import java.util.Optional;

/**
 * How to connect to Slack (YAML section {@code slack}); present in {@link StevedoreConfig} only when a bot token
 * is configured.
 *
 * @param mode {@link #MODE_HTTP} (Slack calls our HTTP endpoint; needs {@code signingSecret}) or
 *     {@link #MODE_SOCKET} (we open a Socket Mode connection; needs {@code appToken}); default {@code http}
 * @param botToken the bot token ({@code xoxb-…}); from {@code slack.botToken}, else {@code SLACK_BOT_TOKEN}
 * @param signingSecret verifies request signatures in HTTP mode; from {@code slack.signingSecret}, else
 *     {@code SLACK_SIGNING_SECRET}; empty if neither is set
 * @param appToken the app-level token ({@code xapp-…}) for Socket Mode; from {@code slack.appToken}, else
 *     {@code SLACK_APP_TOKEN}; empty if neither is set
 * @param listen {@code host:port} the HTTP-mode endpoint binds, port 1-65535; default {@link #DEFAULT_LISTEN}
 * @param apiUrl base URL of the Slack Web API, ending in {@code /}; default {@link #DEFAULT_API_URL}; tests
 *     point it at a local fake
 */
public record SlackConfig(
        String mode,
        Secret botToken,
        Optional<Secret> signingSecret,
        Optional<Secret> appToken,
        String listen,
        URI apiUrl) {
    /** Mode in which Slack sends events to our HTTP endpoint. */
    public static final String MODE_HTTP = "http";

    /** Mode in which we open a Socket Mode WebSocket to Slack. */
    public static final String MODE_SOCKET = "socket";

    /** The address the HTTP-mode endpoint binds when the file does not set {@code slack.listen}. */
    public static final String DEFAULT_LISTEN = "127.0.0.1:3000";

    /** The Slack Web API base used when the file does not set {@code slack.apiUrl}. */
    public static final URI DEFAULT_API_URL = URI.create("https://slack.com/api/");

    /**
     * Validates.
     *
     * @throws IllegalArgumentException if {@code mode} is neither {@code http} nor {@code socket}, the secret that
     *     mode needs is absent, {@code listen} is not {@code host:port}, or {@code apiUrl} is not an absolute
     *     http or https URL
     */
    public SlackConfig {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(botToken, "botToken");
        Objects.requireNonNull(signingSecret, "signingSecret");
        Objects.requireNonNull(appToken, "appToken");
        Objects.requireNonNull(listen, "listen");
        Objects.requireNonNull(apiUrl, "apiUrl");
        Checks.require("mode", Checks.slackMode(mode));
        Checks.require("listen", Checks.hostPort(listen));
        Checks.require("apiUrl", Checks.url(apiUrl, "http", "https"));
        if (MODE_SOCKET.equals(mode) && appToken.isEmpty()) {
            throw new IllegalArgumentException("appToken: required in socket mode");
        }
        if (MODE_HTTP.equals(mode) && signingSecret.isEmpty()) {
            throw new IllegalArgumentException("signingSecret: required in http mode");
        }
    }

    /**
     * Whether the bot uses Socket Mode rather than an HTTP endpoint.
     *
     * @return true if {@link #mode()} is {@code socket}
     */
    public boolean socketMode() {
        return MODE_SOCKET.equals(mode);
    }
}
