package dev.stevedore.core.internal.handler;

import dev.stevedore.core.bus.CommandHandler;
import dev.stevedore.core.bus.HandlerContext;
import dev.stevedore.core.command.Command.StartContainers;
import dev.stevedore.core.engine.ContainerDetails;
import dev.stevedore.core.engine.ContainerGateway;
import dev.stevedore.core.error.CommandException;
import dev.stevedore.core.reply.Reply;

/** {@code start}: starts each container; one already running is reported, not treated as an error. */
public final class StartContainersHandler implements CommandHandler<StartContainers> {
    private final ContainerGateway engine;

    /**
     * Creates the handler.
     *
     * @param engine the engine
     */
    public StartContainersHandler(ContainerGateway engine) {
        this.engine = engine;
    }

    @Override
    public Class<StartContainers> type() {
        return StartContainers.class;
    }

    @Override
    public Reply handle(StartContainers command, HandlerContext context) {
        Outcomes out = new Outcomes();
        for (ContainerDetails c : context.targets()) {
            try {
                if (engine.start(c.id())) {
                    out.ok(c.name() + " started" + context.byWhom());
                } else {
                    out.info(c.name() + " is already running");
                }
            } catch (CommandException e) {
                out.failed(e, c);
            }
        }
        return out.reply();
    }
}
