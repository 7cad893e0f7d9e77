package dev.stevedore.core.internal.handler;

import dev.stevedore.core.bus.CommandHandler;
import dev.stevedore.core.bus.HandlerContext;
import dev.stevedore.core.command.Command.StopContainers;
import dev.stevedore.core.engine.ContainerDetails;
import dev.stevedore.core.engine.ContainerGateway;
import dev.stevedore.core.error.CommandException;
import dev.stevedore.core.reply.Reply;
import java.time.Duration;

/** {@code stop}: SIGTERM, then SIGKILL after the timeout (default 10 s); an already stopped one is reported. */
public final class StopContainersHandler implements CommandHandler<StopContainers> {
    /** The CLI's default grace period. */
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    private final ContainerGateway engine;

    /**
     * Creates the handler.
     *
     * @param engine the engine
     */
    public StopContainersHandler(ContainerGateway engine) {
        this.engine = engine;
    }

    @Override
    public Class<StopContainers> type() {
        return StopContainers.class;
    }

    @Override
    public Reply handle(StopContainers command, HandlerContext context) {
        Outcomes out = new Outcomes();
        for (ContainerDetails c : context.targets()) {
            try {
                if (engine.stop(c.id(), command.timeout().orElse(DEFAULT_TIMEOUT))) {
                    out.ok(c.name() + " stopped" + context.byWhom());
                } else {
                    out.info(c.name() + " is already stopped");
                }
            } catch (CommandException e) {
                out.failed(e);
            }
        }
        return out.reply();
    }
}
