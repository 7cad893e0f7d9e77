package dev.stevedore.app;

import dev.stevedore.adapter.slack.SlackAdapter;
import dev.stevedore.config.BindingConfig;
import dev.stevedore.config.StevedoreConfig;
import dev.stevedore.core.bus.CommandBus;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;

/**
 * Starts the Slack adapter when the configuration has a {@code slack} section (a bot token in the file or in
 * {@code SLACK_BOT_TOKEN}), and keeps the process alive for it when no terminal is attached.
 */
final class SlackWiring {
    private SlackWiring() {}

    /**
     * Starts the Slack adapter if Slack is configured, and prints one line saying where it listens.
     *
     * @param cfg the configuration
     * @param bus the command bus
     * @param out where the line goes
     * @return the running adapter, or empty if Slack is not configured
     * @throws SlackAdapter.SlackStartException if the token is refused, Slack cannot be reached, or the address
     *     cannot be bound
     */
    static Optional<SlackAdapter> start(StevedoreConfig cfg, CommandBus bus, PrintStream out) {
        if (cfg.slack().isEmpty()) {
            return Optional.empty();
        }
        boolean groups = cfg.access().bindings().stream().map(BindingConfig::slack)
                .anyMatch(ids -> !ids.groups().isEmpty());
        SlackAdapter adapter = SlackAdapter.builder(cfg.slack().get(), bus)
                .userGroups(groups, Duration.ofMinutes(5))
                .accessPolicy(new dev.stevedore.core.auth.RoleBasedAccessPolicy(cfg.access()))
                .build();
        adapter.start();
        String where = adapter.endpoint();
        out.println(cfg.slack().get().socketMode() ? "Slack: connected (" + where + ")"
                : "Slack: listening on " + where);
        out.flush();
        return Optional.of(adapter);
    }

    /**
     * Blocks until the JVM is asked to stop (SIGTERM, Ctrl+C), running {@code onStop} from the shutdown hook.
     *
     * @param onStop closes the adapters, the bus and the engine connection; runs once
     * @return 0, if the wait ends without a shutdown (it normally does not return: the JVM exits after the hook)
     * @throws InterruptedException if the waiting thread is interrupted
     */
    static int awaitShutdown(Runnable onStop) throws InterruptedException {
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                onStop.run();
            } finally {
                stopped.countDown();
            }
        }, "stevedore-shutdown"));
        stopped.await();
        return 0;
    }
}
