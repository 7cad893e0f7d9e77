package dev.stevedore.config;

import java.time.Duration;
import java.util.Objects;

/**
 * When repeated exits of one container count as a crash loop, and when it counts as recovered (YAML section
 * {@code notifications.crashLoop}).
 *
 * <p>A container is crash-looping when it exits {@code exits} times within {@code window}, or when its restart
 * policy has already restarted it and it exits again. A crash loop gets one notice per target and window, edited in
 * place as exits go on; once the container stays up for {@code recoverAfter}, a recovery notice follows.
 *
 * @param exits how many exits within {@code window} make a crash loop; at least 1; default {@link #DEFAULT_EXITS}
 * @param window the sliding time window; more than zero and at most 24 hours; default {@link #DEFAULT_WINDOW}
 * @param recoverAfter how long a crash-looping container must stay up to count as recovered; more than zero and at
 *     most 24 hours; default {@link #DEFAULT_RECOVER_AFTER}
 */
public record CrashLoopConfig(int exits, Duration window, Duration recoverAfter) {
    /** Exits that make a crash loop when the file does not set {@code notifications.crashLoop.exits}: 3. */
    public static final int DEFAULT_EXITS = 3;

    /** The window used when the file does not set {@code notifications.crashLoop.window}: 10 minutes. */
    public static final Duration DEFAULT_WINDOW = Duration.ofMinutes(10);

    /** Up-time that ends a crash loop when the file does not set {@code notifications.crashLoop.recoverAfter}: 1 minute. */
    public static final Duration DEFAULT_RECOVER_AFTER = Duration.ofMinutes(1);

    /**
     * Validates.
     *
     * @throws IllegalArgumentException if {@code exits} is less than 1, or {@code window} or {@code recoverAfter} is
     *     zero, negative or longer than 24 hours
     */
    public CrashLoopConfig {
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(recoverAfter, "recoverAfter");
        if (exits < 1) {
            throw new IllegalArgumentException("exits: must be at least 1, got " + exits);
        }
        Checks.require("window", Checks.positiveDuration(window));
        Checks.require("recoverAfter", Checks.positiveDuration(recoverAfter));
    }

    /**
     * Exits and window, with the default {@link #DEFAULT_RECOVER_AFTER}.
     *
     * @param exits how many exits within {@code window} make a crash loop
     * @param window the sliding time window
     * @throws IllegalArgumentException as the canonical constructor
     */
    public CrashLoopConfig(int exits, Duration window) {
        this(exits, window, DEFAULT_RECOVER_AFTER);
    }

    /**
     * The default crash-loop settings.
     *
     * @return 3 exits within 10 minutes; recovered after 1 minute up
     */
    public static CrashLoopConfig defaults() {
        return new CrashLoopConfig(DEFAULT_EXITS, DEFAULT_WINDOW);
    }
}
