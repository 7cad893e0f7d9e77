package dev.stevedore.core.internal.handler;

import dev.stevedore.core.bus.CommandHandler;
import dev.stevedore.core.bus.HandlerContext;
import dev.stevedore.core.command.Command.CreateContainer;
import dev.stevedore.core.engine.ContainerGateway;
import dev.stevedore.core.reply.Reply;

/** {@code create}: a container that exists but is not started. */
public final class CreateContainerHandler implements CommandHandler<CreateContainer> {
    private final ContainerGateway engine;

    /**
     * Creates the handler.
     *
     * @param engine the engine
     */
    public CreateContainerHandler(ContainerGateway engine) {
        this.engine = engine;
    }

    @Override
    public Class<CreateContainer> type() {
        return CreateContainer.class;
    }

    @Override
    public Reply handle(CreateContainer command, HandlerContext context) {
        String id = engine.create(command.spec());
        return Reply.success("created " + command.spec().name().orElse(id.substring(0, 12)) + " (" + id.substring(0, 12)
                + ") from " + command.spec().image() + context.byWhom() + " — start it with start "
                + command.spec().name().orElse(id.substring(0, 12)));
    }
}
