package dev.stevedore.config;

import java.util.List;
import java.util.Objects;

/**
 * Where container-exit and crash-loop notices go (YAML section {@code notifications}).
 *
 * @param routes notification routes, in file order; every matching route receives the notice; empty means no
 *     notices
 * @param crashLoop when repeated exits count as a crash loop
 */
public record NotificationsConfig(List<RouteConfig> routes, CrashLoopConfig crashLoop) {
    /** Validates and copies. */
    public NotificationsConfig {
        routes = List.copyOf(routes);
        Objects.requireNonNull(crashLoop, "crashLoop");
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
