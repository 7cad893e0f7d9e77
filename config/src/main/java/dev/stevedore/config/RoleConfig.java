package dev.stevedore.config;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A named set of permissions (one entry under {@code access.roles}): which commands, on which containers, where.
 *
 * <p>A role grants a command on a container only if every non-empty restriction matches; an empty list or map
 * means "no restriction".
 *
 * @param name the role's name, the key under {@code access.roles}; letters, digits, {@code -} and {@code _}
 * @param allow command names the role may run, such as {@code ps}, {@code logs} or {@code rm}; {@code *} means
 *     every command; empty means none
 * @param containers container name globs such as {@code app-*} ({@code *} any run of characters, {@code ?} one
 *     character); empty means any container
 * @param labels labels a container must carry, with these exact values; empty means any container
 * @param channels Slack or Discord channel ids where the role applies; empty means every channel the bot
 *     answers in
 */
public record RoleConfig(
        String name, List<String> allow, List<String> containers, Map<String, String> labels, List<String> channels) {
    /**
     * Validates and copies.
     *
     * @throws IllegalArgumentException if {@code name} is not a valid role name
     */
    public RoleConfig {
        Objects.requireNonNull(name, "name");
        allow = List.copyOf(allow);
        containers = List.copyOf(containers);
        labels = Map.copyOf(labels);
        channels = List.copyOf(channels);
        Checks.require("name", Checks.roleName(name));
    }
}
