package dev.stevedore.core.internal.handler;

import dev.stevedore.core.bus.CommandHandler;
import dev.stevedore.core.bus.HandlerContext;
import dev.stevedore.core.command.Command.RenameContainer;
import dev.stevedore.core.engine.ContainerDetails;
import dev.stevedore.core.engine.ContainerGateway;
import dev.stevedore.core.reply.Reply;

/** {@code rename}: gives a container a new name. */
public final class RenameContainerHandler implements CommandHandler<RenameContainer> {
    private final ContainerGateway engine;

    /**
     * Creates the handler.
     *
     * @param engine the engine
     */
    public RenameContainerHandler(ContainerGateway engine) {
        this.engine = engine;
    }

    @Override
    public Class<RenameContainer> type() {
        return RenameContainer.class;
    }

    @Override
    public Reply handle(RenameContainer command, HandlerContext context) {
        ContainerDetails c = context.target();
        if (c.name().equals(command.newName())) {
            return Reply.info(c.name() + " already has that name");
        }
        engine.rename(c.id(), command.newName());
        return Reply.success("renamed " + c.name() + " to " + command.newName() + context.byWhom());
    }
}
