package dev.stevedore.config;

import java.util.Objects;

/**
 * Gives a role to users and groups on each platform (one entry of {@code access.bindings}).
 *
 * @param role the name of a role under {@code access.roles}
 * @param slack Slack user ids and user-group ids; {@link PlatformIds#none()} if the binding has no {@code slack} key
 * @param discord Discord user ids and role ids (YAML key {@code roles}, held in {@link PlatformIds#groups()});
 *     {@link PlatformIds#none()} if absent
 * @param shell local OS user names for the terminal adapter (no groups); {@link PlatformIds#none()} if absent
 */
public record BindingConfig(String role, PlatformIds slack, PlatformIds discord, PlatformIds shell) {
    /**
     * Validates.
     *
     * @throws IllegalArgumentException if {@code role} is blank
     */
    public BindingConfig {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(slack, "slack");
        Objects.requireNonNull(discord, "discord");
        Objects.requireNonNull(shell, "shell");
        if (role.isBlank()) {
            throw new IllegalArgumentException("role cannot be blank");
        }
    }
}
