package dev.stevedore.core.internal.handler;

import dev.stevedore.core.bus.HandlerContext;
import dev.stevedore.core.engine.ContainerDetails;
import dev.stevedore.core.watch.Notifications;
import java.time.Duration;
import java.util.Optional;

/** Records, before a command makes a container exit, who is causing it, for the exit alert. */
final class ExpectedExits {
    private ExpectedExits() {}

    /**
     * Records an expected exit of a running container.
     *
     * @param notifications the shared state, or empty when notifications are off
     * @param c the container, as resolved before the command
     * @param context who asked (or confirmed)
     * @param verb {@code stopped}, {@code restarted}, {@code removed}
     * @param within how long the command may take
     * @return true if recorded (cancel it if the command then fails)
     */
    static boolean expect(Optional<Notifications> notifications, ContainerDetails c, HandlerContext context,
            String verb, Duration within) {
        if (notifications.isEmpty() || !c.running()) {
            return false;
        }
        notifications.get().expectExit(c.id(), context.confirmedBy().orElse(context.caller()), verb, within);
        return true;
    }

    static void cancel(Optional<Notifications> notifications, ContainerDetails c, boolean expected) {
        if (expected) {
            notifications.ifPresent(n -> n.cancelExpectedExit(c.id()));
        }
    }
}
