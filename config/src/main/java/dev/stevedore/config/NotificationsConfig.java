package dev.stevedore.config;

import java.util.List;
import java.util.Objects;

/**
 * Where container-exit and crash-loop notices go (YAML section {@code notifications}).
 *
 * @param routes notification routes, in file order; every matching route receives the notice; empty means no
 *     notices
 * @param crashLoop when repeated exits count as a crash loop
 * @param ignore containers that never get notices, whatever the routes say
 * @param logLines how many of the container's last output lines a notice shows ({@code notifications.logLines});
 *     0 to 50; default {@link #DEFAULT_LOG_LINES}
 */
public record NotificationsConfig(
        List<RouteConfig> routes, CrashLoopConfig crashLoop, IgnoreConfig ignore, int logLines) {
    /** Output lines a notice shows when the file does not set {@code notifications.logLines}: 10. */
    public static final int DEFAULT_LOG_LINES = 10;

    /** The most output lines a notice may show: 50 (chat messages are short). */
    public static final int MAX_LOG_LINES = 50;

    /**
     * Validates and copies.
     *
     * @throws IllegalArgumentException if {@code logLines} is not between 0 and {@link #MAX_LOG_LINES}
     */
    public NotificationsConfig {
        routes = List.copyOf(routes);
        Objects.requireNonNull(crashLoop, "crashLoop");
        Objects.requireNonNull(ignore, "ignore");
        if (logLines < 0 || logLines > MAX_LOG_LINES) {
            throw new IllegalArgumentException("logLines: must be 0 to " + MAX_LOG_LINES + ", got " + logLines);
        }
    }

    /**
     * Routes and crash-loop settings, ignoring nothing and showing {@link #DEFAULT_LOG_LINES} lines.
     *
     * @param routes the routes
     * @param crashLoop the crash-loop settings
     */
    public NotificationsConfig(List<RouteConfig> routes, CrashLoopConfig crashLoop) {
        this(routes, crashLoop, IgnoreConfig.none(), DEFAULT_LOG_LINES);
    }

    /**
     * No routes and the default crash-loop settings.
     *
     * @return the default notification settings
     */
    public static NotificationsConfig defaults() {
        return new NotificationsConfig(List.of(), CrashLoopConfig.defaults());
    }
}
