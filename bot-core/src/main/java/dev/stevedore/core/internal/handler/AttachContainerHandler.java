package dev.stevedore.core.internal.handler;

import dev.stevedore.core.bus.CommandHandler;
import dev.stevedore.core.bus.HandlerContext;
import dev.stevedore.core.command.Command.AttachContainer;
import dev.stevedore.core.engine.ContainerDetails;
import dev.stevedore.core.engine.ContainerGateway;
import dev.stevedore.core.error.ConflictException;
import dev.stevedore.core.internal.stream.ContainerStream;
import dev.stevedore.core.reply.Reply;
import java.util.OptionalInt;

/** {@code attach}: streams a running container's output; its stdin takes the requester's lines when open. */
public final class AttachContainerHandler implements CommandHandler<AttachContainer> {
    private final ContainerGateway engine;
    private final Streams streams;

    /**
     * Creates the handler.
     *
     * @param engine the engine
     * @param streams stream settings
     */
    public AttachContainerHandler(ContainerGateway engine, Streams streams) {
        this.engine = engine;
        this.streams = streams;
    }

    @Override
    public Class<AttachContainer> type() {
        return AttachContainer.class;
    }

    @Override
    public Reply handle(AttachContainer command, HandlerContext context) {
        ContainerDetails c = context.target();
        if (!c.running()) {
            throw new ConflictException("cannot attach to " + c.name() + ": it is not running (" + c.state()
                    + ") — start it first");
        }
        ContainerStream stream = new ContainerStream(engine, c.id(), "attach " + c.name(), ContainerStream.Mode.ATTACH,
                OptionalInt.empty(), false, c.tty(), c.openStdin(), streams.maxDuration(), streams.scheduler(), null);
        String how = c.openStdin() ? "your lines go to its input; type detach to leave it running"
                : "output only (it was started without -i); detach (Ctrl+C, or the Stop button in chat) leaves it running";
        return Reply.info("attached to " + c.name() + " — " + how).withStream(stream);
    }
}
