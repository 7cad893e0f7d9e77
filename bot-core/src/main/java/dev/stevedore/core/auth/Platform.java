package dev.stevedore.core.auth;

/** Where an invocation came from; each adapter is one platform. */
public enum Platform {
    /** Slack, through Bolt for Java (HTTP or Socket Mode). */
    SLACK,
    /** Discord, through JDA. */
    DISCORD,
    /** The local terminal adapter. */
    SHELL
}
