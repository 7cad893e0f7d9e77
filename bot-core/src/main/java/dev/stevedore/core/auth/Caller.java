package dev.stevedore.core.auth;

import java.util.Objects;
import java.util.Set;

/**
 * The person who typed a command or clicked a button, as the platform identifies them.
 *
 * @param platform where the identity comes from
 * @param userId the platform's stable user id (Slack {@code U…}, Discord snowflake, local OS user name)
 * @param displayName a name to show in replies ("removed by alice"); never used for permissions
 * @param groups stable group ids the user belongs to (Slack user-group ids, Discord role <b>ids</b>); never names
 */
public record Caller(Platform platform, String userId, String displayName, Set<String> groups) {
    /** Validates and copies. */
    public Caller {
        Objects.requireNonNull(platform, "platform");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(displayName, "displayName");
        groups = Set.copyOf(groups);
        if (userId.isBlank()) {
            throw new IllegalArgumentException("userId cannot be blank");
        }
    }

    /**
     * The local terminal user.
     *
     * @param osUser the OS user name, e.g. {@code System.getProperty("user.name")}
     * @return a shell caller with no groups
     */
    public static Caller shell(String osUser) {
        return new Caller(Platform.SHELL, osUser, osUser, Set.of());
    }

    /**
     * Whether this is the same person as {@code other}: same platform and user id (display names may differ).
     *
     * @param other the other caller
     * @return true if both identify the same platform user
     */
    public boolean sameUserAs(Caller other) {
        return platform == other.platform && userId.equals(other.userId);
    }
}
