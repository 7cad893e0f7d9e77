package dev.stevedore.config;

import java.time.Duration;
import java.util.Objects;

/**
 * How long a destructive command waits for its confirmation (YAML section {@code confirm}).
 *
 * @param ttl how long a pending confirmation stays valid; more than zero and at most 24 hours; default
 *     {@link #DEFAULT_TTL} (2 minutes)
 */
public record ConfirmConfig(Duration ttl) {
    /** The confirmation lifetime used when the file does not set {@code confirm.ttl}: 2 minutes. */
    public static final Duration DEFAULT_TTL = Duration.ofMinutes(2);

    /**
     * Validates.
     *
     * @throws IllegalArgumentException if {@code ttl} is zero, negative or longer than 24 hours
     */
    public ConfirmConfig {
        Objects.requireNonNull(ttl, "ttl");
        Checks.require("ttl", Checks.positiveDuration(ttl));
    }

    /**
     * The default confirmation settings.
     *
     * @return a configuration with {@link #DEFAULT_TTL}
     */
    public static ConfirmConfig defaults() {
        return new ConfirmConfig(DEFAULT_TTL);
    }
}
