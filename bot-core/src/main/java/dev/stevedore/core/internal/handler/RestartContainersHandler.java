package dev.stevedore.core.internal.handler;

import dev.stevedore.core.bus.CommandHandler;
import dev.stevedore.core.bus.HandlerContext;
import dev.stevedore.core.command.Command.RestartContainers;
import dev.stevedore.core.engine.ContainerDetails;
import dev.stevedore.core.engine.ContainerGateway;
import dev.stevedore.core.error.CommandException;
import dev.stevedore.core.reply.Reply;

/** {@code restart}: stops (SIGTERM, then SIGKILL after the timeout) and starts each container. */
public final class RestartContainersHandler implements CommandHandler<RestartContainers> {
    private final ContainerGateway engine;

    /**
     * Creates the handler.
     *
     * @param engine the engine
     */
    public RestartContainersHandler(ContainerGateway engine) {
        this.engine = engine;
    }

    @Override
    public Class<RestartContainers> type() {
        return RestartContainers.class;
    }

    @Override
    public Reply handle(RestartContainers command, HandlerContext context) {
        Outcomes out = new Outcomes();
        for (ContainerDetails c : context.targets()) {
            try {
                engine.restart(c.id(), command.timeout().orElse(StopContainersHandler.DEFAULT_TIMEOUT));
                out.ok(c.name() + " restarted" + context.byWhom());
            } catch (CommandException e) {
                out.failed(e);
            }
        }
        return out.reply();
    }
}
