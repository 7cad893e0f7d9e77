package dev.stevedore.core.internal.handler;

import dev.stevedore.core.bus.CommandHandler;
import dev.stevedore.core.bus.HandlerContext;
import dev.stevedore.core.command.Command.RestartContainers;
import dev.stevedore.core.engine.ContainerDetails;
import dev.stevedore.core.engine.ContainerGateway;
import dev.stevedore.core.error.CommandException;
import dev.stevedore.core.reply.Reply;
import dev.stevedore.core.watch.Notifications;
import java.time.Duration;
import java.util.Optional;

/** {@code restart}: stops (SIGTERM, then SIGKILL after the timeout) and starts each container. */
public final class RestartContainersHandler implements CommandHandler<RestartContainers> {
    private final ContainerGateway engine;
    private final Optional<Notifications> notifications;

    /**
     * Creates the handler.
     *
     * @param engine the engine
     */
    public RestartContainersHandler(ContainerGateway engine) {
        this(engine, Optional.empty());
    }

    /**
     * Creates the handler that tells the exit watcher who restarted a container, so its alert says so.
     *
     * @param engine the engine
     * @param notifications where expected exits are recorded, or empty when notifications are off
     */
    public RestartContainersHandler(ContainerGateway engine, Optional<Notifications> notifications) {
        this.engine = engine;
        this.notifications = notifications;
    }

    @Override
    public Class<RestartContainers> type() {
        return RestartContainers.class;
    }

    @Override
    public Reply handle(RestartContainers command, HandlerContext context) {
        Outcomes out = new Outcomes();
        for (ContainerDetails c : context.targets()) {
            Duration timeout = command.timeout().orElse(StopContainersHandler.DEFAULT_TIMEOUT);
            boolean expected = ExpectedExits.expect(notifications, c, context, "restarted", timeout);
            try {
                engine.restart(c.id(), timeout);
                out.ok(c.name() + " restarted" + context.byWhom());
            } catch (CommandException e) {
                ExpectedExits.cancel(notifications, c, expected);
                out.failed(e, c);
            }
        }
        return out.reply();
    }
}
