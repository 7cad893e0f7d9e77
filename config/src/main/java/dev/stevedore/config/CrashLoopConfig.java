package dev.stevedore.config;

import java.time.Duration;
import java.util.Objects;

/**
 * When repeated exits of one container count as a crash loop (YAML section {@code notifications.crashLoop}).
 *
 * @param exits how many exits within {@code window} make a crash loop; at least 1; default {@link #DEFAULT_EXITS}
 * @param window the sliding time window; more than zero and at most 24 hours; default {@link #DEFAULT_WINDOW}
 */
public record CrashLoopConfig(int exits, Duration window) {
    /** Exits that make a crash loop when the file does not set {@code notifications.crashLoop.exits}: 3. */
    public static final int DEFAULT_EXITS = 3;

    /** The window used when the file does not set {@code notifications.crashLoop.window}: 10 minutes. */
    public static final Duration DEFAULT_WINDOW = Duration.ofMinutes(10);

    /**
     * Validates.
     *
     * @throws IllegalArgumentException if {@code exits} is less than 1, or {@code window} is zero, negative or
     *     longer than 24 hours
     */
    public CrashLoopConfig {
        Objects.requireNonNull(window, "window");
        if (exits < 1) {
            throw new IllegalArgumentException("exits: must be at least 1, got " + exits);
        }
        Checks.require("window", Checks.positiveDuration(window));
    }

    /**
     * The default crash-loop settings.
     *
     * @return 3 exits within 10 minutes
     */
    public static CrashLoopConfig defaults() {
        return new CrashLoopConfig(DEFAULT_EXITS, DEFAULT_WINDOW);
    }
}
