package dev.stevedore.core.internal.handler;

import dev.stevedore.core.bus.CommandHandler;
import dev.stevedore.core.bus.HandlerContext;
import dev.stevedore.core.command.Command.StopContainers;
import dev.stevedore.core.engine.ContainerDetails;
import dev.stevedore.core.engine.ContainerGateway;
import dev.stevedore.core.error.CommandException;
import dev.stevedore.core.reply.Reply;
import dev.stevedore.core.watch.Notifications;
import java.time.Duration;
import java.util.Optional;

/** {@code stop}: SIGTERM, then SIGKILL after the timeout (default 10 s); an already stopped one is reported. */
public final class StopContainersHandler implements CommandHandler<StopContainers> {
    /** The CLI's default grace period. */
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    private final ContainerGateway engine;
    private final Optional<Notifications> notifications;

    /**
     * Creates the handler.
     *
     * @param engine the engine
     */
    public StopContainersHandler(ContainerGateway engine) {
        this(engine, Optional.empty());
    }

    /**
     * Creates the handler that tells the exit watcher who stopped a container, so its alert says so.
     *
     * @param engine the engine
     * @param notifications where expected exits are recorded, or empty when notifications are off
     */
    public StopContainersHandler(ContainerGateway engine, Optional<Notifications> notifications) {
        this.engine = engine;
        this.notifications = notifications;
    }

    @Override
    public Class<StopContainers> type() {
        return StopContainers.class;
    }

    @Override
    public Reply handle(StopContainers command, HandlerContext context) {
        Outcomes out = new Outcomes();
        for (ContainerDetails c : context.targets()) {
            Duration timeout = command.timeout().orElse(DEFAULT_TIMEOUT);
            boolean expected = ExpectedExits.expect(notifications, c, context, "stopped", timeout);
            try {
                if (engine.stop(c.id(), timeout)) {
                    out.ok(c.name() + " stopped" + context.byWhom());
                } else {
                    ExpectedExits.cancel(notifications, c, expected);
                    out.info(c.name() + " is already stopped");
                }
            } catch (CommandException e) {
                ExpectedExits.cancel(notifications, c, expected);
                out.failed(e, c);
            }
        }
        return out.reply();
    }
}
