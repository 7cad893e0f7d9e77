package dev.stevedore.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The root of Stevedore's typed configuration: one record per section of the YAML file.
 *
 * <p>Build it with {@link ConfigLoader#load(Optional)}; use {@link #defaults()} only where no environment is at
 * hand.
 *
 * @param docker how to reach the Docker engine
 * @param access roles, bindings and the channels the bot answers in
 * @param confirm how long confirmations of destructive commands stay valid
 * @param audit where the audit trail goes
 * @param slack the Slack connection; empty unless a Slack bot token is configured (file or
 *     {@code SLACK_BOT_TOKEN})
 * @param discord the Discord connection; empty unless a Discord token is configured (file or
 *     {@code DISCORD_TOKEN})
 * @param notifications where container-exit notices go
 * @param http the health and metrics endpoint
 * @param source the file this was read from; empty if no file was used
 */
public record StevedoreConfig(
        DockerConfig docker,
        AccessConfig access,
        ConfirmConfig confirm,
        AuditConfig audit,
        Optional<SlackConfig> slack,
        Optional<DiscordConfig> discord,
        NotificationsConfig notifications,
        HttpConfig http,
        Optional<Path> source) {
    /** Validates. */
    public StevedoreConfig {
        Objects.requireNonNull(docker, "docker");
        Objects.requireNonNull(access, "access");
        Objects.requireNonNull(confirm, "confirm");
        Objects.requireNonNull(audit, "audit");
        Objects.requireNonNull(slack, "slack");
        Objects.requireNonNull(discord, "discord");
        Objects.requireNonNull(notifications, "notifications");
        Objects.requireNonNull(http, "http");
        Objects.requireNonNull(source, "source");
    }

    /**
     * The configuration used when there is no file: the Docker engine from the process's {@code DOCKER_HOST} (or
     * {@code unix:///var/run/docker.sock} if it is unset or blank), no roles, bindings or channels, confirmations
     * valid for 2 minutes, audit to {@code ./stevedore-audit.jsonl}, HTTP on {@code 127.0.0.1:9090}, no crash-loop
     * routes, and neither Slack nor Discord.
     *
     * <p>Unlike {@link ConfigLoader#load(Optional)}, this ignores token variables such as {@code SLACK_BOT_TOKEN}.
     *
     * @return the default configuration, with an empty {@link #source()}
     * @throws ConfigException if {@code DOCKER_HOST} is set but is not a unix, tcp, ssh or npipe address
     */
    public static StevedoreConfig defaults() {
        String fromEnv = System.getenv("DOCKER_HOST");
        String host = fromEnv == null || fromEnv.isBlank() ? DockerConfig.DEFAULT_HOST : fromEnv.strip();
        Optional<String> problem = Checks.dockerHost(host);
        if (problem.isPresent()) {
            throw new ConfigException(List.of("docker.host (from DOCKER_HOST): " + problem.get()));
        }
        return new StevedoreConfig(
                new DockerConfig(host),
                AccessConfig.empty(),
                ConfirmConfig.defaults(),
                AuditConfig.defaults(),
                Optional.empty(),
                Optional.empty(),
                NotificationsConfig.defaults(),
                HttpConfig.defaults(),
                Optional.empty());
    }
}
