package dev.stevedore.core.internal.handler;

import dev.stevedore.core.bus.CommandHandler;
import dev.stevedore.core.bus.HandlerContext;
import dev.stevedore.core.command.Command.ShowVersion;
import dev.stevedore.core.engine.ContainerGateway;
import dev.stevedore.core.engine.EngineVersion;
import dev.stevedore.core.reply.Block;
import dev.stevedore.core.reply.Reply;
import dev.stevedore.core.reply.Visibility;
import java.util.List;

/** {@code version}: the bot's version, the engine's version and API version. */
public final class ShowVersionHandler implements CommandHandler<ShowVersion> {
    private final ContainerGateway engine;
    private final String botVersion;

    /**
     * Creates the handler.
     *
     * @param engine the engine
     * @param botVersion this build's version, e.g. {@code 0.1.0}
     */
    public ShowVersionHandler(ContainerGateway engine, String botVersion) {
        this.engine = engine;
        this.botVersion = botVersion;
    }

    @Override
    public Class<ShowVersion> type() {
        return ShowVersion.class;
    }

    @Override
    public Reply handle(ShowVersion command, HandlerContext context) {
        EngineVersion v = engine.version();
        return Reply.of(Visibility.ONLY_CALLER, new Block.Table(List.of("COMPONENT", "VERSION"), List.of(
                List.of("Stevedore", botVersion),
                List.of("Docker Engine", v.version() + " (" + v.os() + "/" + v.arch() + ")"),
                List.of("Engine API", v.apiVersion()),
                List.of("Engine host", engine.host()))));
    }
}
