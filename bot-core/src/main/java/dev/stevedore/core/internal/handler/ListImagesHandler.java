package dev.stevedore.core.internal.handler;

import dev.stevedore.core.bus.CommandHandler;
import dev.stevedore.core.bus.HandlerContext;
import dev.stevedore.core.command.Command.ListImages;
import dev.stevedore.core.engine.ContainerGateway;
import dev.stevedore.core.reply.Reply;
import dev.stevedore.core.reply.Visibility;
import java.time.Clock;

/** {@code images}: the engine's image list as the CLI's table. */
public final class ListImagesHandler implements CommandHandler<ListImages> {
    private final ContainerGateway engine;
    private final Clock clock;

    /**
     * Creates the handler.
     *
     * @param engine the engine
     * @param clock the clock for CREATED ages
     */
    public ListImagesHandler(ContainerGateway engine, Clock clock) {
        this.engine = engine;
        this.clock = clock;
    }

    @Override
    public Class<ListImages> type() {
        return ListImages.class;
    }

    @Override
    public Reply handle(ListImages command, HandlerContext context) {
        return Reply.of(Visibility.PUBLIC, Tables.images(engine.listImages(), clock.instant()));
    }
}
