package dev.stevedore.config;

import java.util.List;

/**
 * The user and group ids one binding names on one platform.
 *
 * <p>On Slack, users are ids like {@code U0123ABCD} and groups are user-group ids like {@code S0123ABCD}. On
 * Discord, both are numeric snowflakes, and groups are <b>role</b> ids (YAML key {@code roles}). On the shell,
 * users are OS user names and there are no groups. Names are never used, because they can be changed.
 *
 * @param users user ids; empty means none
 * @param groups group ids (Slack user groups, Discord roles); empty means none
 */
public record PlatformIds(List<String> users, List<String> groups) {
    private static final PlatformIds NONE = new PlatformIds(List.of(), List.of());

    /** Copies. */
    public PlatformIds {
        users = List.copyOf(users);
        groups = List.copyOf(groups);
    }

    /**
     * No users and no groups.
     *
     * @return an empty instance
     */
    public static PlatformIds none() {
        return NONE;
    }

    /**
     * Whether this names nobody.
     *
     * @return true if both lists are empty
     */
    public boolean isEmpty() {
        return users.isEmpty() && groups.isEmpty();
    }
}
