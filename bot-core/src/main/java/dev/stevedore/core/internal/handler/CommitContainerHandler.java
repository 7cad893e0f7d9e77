package dev.stevedore.core.internal.handler;

import dev.stevedore.core.bus.CommandHandler;
import dev.stevedore.core.bus.HandlerContext;
import dev.stevedore.core.command.Command.CommitContainer;
import dev.stevedore.core.engine.ContainerDetails;
import dev.stevedore.core.engine.ContainerGateway;
import dev.stevedore.core.reply.Reply;

/** {@code commit}: keeps the work done in a container as a new image. */
public final class CommitContainerHandler implements CommandHandler<CommitContainer> {
    private final ContainerGateway engine;

    /**
     * Creates the handler.
     *
     * @param engine the engine
     */
    public CommitContainerHandler(ContainerGateway engine) {
        this.engine = engine;
    }

    @Override
    public Class<CommitContainer> type() {
        return CommitContainer.class;
    }

    @Override
    public Reply handle(CommitContainer command, HandlerContext context) {
        ContainerDetails c = context.target();
        String imageId = engine.commit(c.id(), command.repository().orElse(null), command.tag().orElse(null));
        String shortImage = imageId.startsWith("sha256:") ? imageId.substring(7, Math.min(19, imageId.length()))
                : imageId;
        String name = command.repository().map(r -> r + ":" + command.tag().orElse("latest")).orElse("an untagged image");
        return Reply.success("committed " + c.name() + " as " + name + " (" + shortImage + ")" + context.byWhom());
    }
}
