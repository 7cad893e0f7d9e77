package dev.stevedore.core.internal.handler;

import dev.stevedore.core.bus.CommandHandler;
import dev.stevedore.core.bus.HandlerContext;
import dev.stevedore.core.command.Command.RunContainer;
import dev.stevedore.core.engine.ContainerGateway;
import dev.stevedore.core.internal.stream.ContainerStream;
import dev.stevedore.core.reply.Reply;
import java.util.OptionalInt;

/**
 * {@code run}: creates and starts a container. With {@code -d} it answers with the id; otherwise it attaches first
 * (so no early output is lost), then starts, and streams the output until the container exits.
 */
public final class RunContainerHandler implements CommandHandler<RunContainer> {
    private final ContainerGateway engine;
    private final Streams streams;

    /**
     * Creates the handler.
     *
     * @param engine the engine
     * @param streams stream settings
     */
    public RunContainerHandler(ContainerGateway engine, Streams streams) {
        this.engine = engine;
        this.streams = streams;
    }

    @Override
    public Class<RunContainer> type() {
        return RunContainer.class;
    }

    @Override
    public Reply handle(RunContainer command, HandlerContext context) {
        String id = engine.create(command.spec());
        String name = command.spec().name().orElse(id.substring(0, 12));
        String label = command.spec().name().isPresent() ? name + " (" + id.substring(0, 12) + ")" : name;
        if (command.detach()) {
            engine.start(id);
            return Reply.success("started " + label + " from " + command.spec().image()
                    + context.byWhom());
        }
        ContainerStream stream = new ContainerStream(engine, id, "run " + name, ContainerStream.Mode.ATTACH,
                OptionalInt.empty(), false, command.spec().tty(), command.spec().interactive(),
                streams.maxDuration(), streams.scheduler(), () -> engine.start(id));
        String how = command.spec().interactive()
                ? "attached: your lines go to its input; type detach to leave it running"
                : "streaming its output until it exits";
        return Reply.info("running " + label + " from " + command.spec().image() + " — "
                + how).withStream(stream);
    }
}
