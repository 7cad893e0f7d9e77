package dev.stevedore.core.internal.handler;

import dev.stevedore.core.bus.CommandHandler;
import dev.stevedore.core.bus.HandlerContext;
import dev.stevedore.core.command.Command.ListContainers;
import dev.stevedore.core.engine.ContainerGateway;
import dev.stevedore.core.reply.Reply;
import dev.stevedore.core.reply.Visibility;
import java.time.Clock;

/** {@code ps [-a]}: the engine's container list as the CLI's table. */
public final class ListContainersHandler implements CommandHandler<ListContainers> {
    private final ContainerGateway engine;
    private final Clock clock;

    /**
     * Creates the handler.
     *
     * @param engine the engine
     * @param clock the clock for CREATED ages
     */
    public ListContainersHandler(ContainerGateway engine, Clock clock) {
        this.engine = engine;
        this.clock = clock;
    }

    @Override
    public Class<ListContainers> type() {
        return ListContainers.class;
    }

    @Override
    public Reply handle(ListContainers command, HandlerContext context) {
        // a role limited to some containers lists only those
        var containers = engine.listContainers(command.all()).stream()
                .filter(c -> context.inScope().test(
                        new dev.stevedore.core.auth.ContainerScope(c.id(), c.name(), c.labels())))
                .toList();
        return Reply.of(Visibility.PUBLIC, Tables.ps(containers, clock.instant()));
    }
}
