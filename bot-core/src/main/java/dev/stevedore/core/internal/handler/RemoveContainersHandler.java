package dev.stevedore.core.internal.handler;

import dev.stevedore.core.bus.CommandHandler;
import dev.stevedore.core.bus.HandlerContext;
import dev.stevedore.core.bus.Preview;
import dev.stevedore.core.command.Command.RemoveContainers;
import dev.stevedore.core.engine.ContainerDetails;
import dev.stevedore.core.engine.ContainerGateway;
import dev.stevedore.core.error.CommandException;
import dev.stevedore.core.error.ConflictException;
import dev.stevedore.core.reply.Reply;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code rm [-f]}: always previewed and confirmed. Without {@code -f}, a running container is refused before the
 * prompt, as the engine would refuse it after.
 */
public final class RemoveContainersHandler implements CommandHandler<RemoveContainers> {
    private final ContainerGateway engine;

    /**
     * Creates the handler.
     *
     * @param engine the engine
     */
    public RemoveContainersHandler(ContainerGateway engine) {
        this.engine = engine;
    }

    @Override
    public Class<RemoveContainers> type() {
        return RemoveContainers.class;
    }

    @Override
    public Preview preview(RemoveContainers command, HandlerContext context) {
        List<String> details = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (ContainerDetails c : context.targets()) {
            if (c.running() && !command.force()) {
                throw new ConflictException(c.name() + " is running — stop it first or use rm -f");
            }
            details.add(c.shortId() + "  " + c.name() + "  " + c.image() + "  " + c.state()
                    + (c.running() ? " (will be killed)" : ""));
            ids.add(c.id());
        }
        String what = context.targets().size() == 1 ? "container " + context.target().name()
                : context.targets().size() + " containers";
        String verb = command.force() && context.targets().stream().anyMatch(ContainerDetails::running)
                ? "Force-remove " : "Remove ";
        return Preview.ask(verb + what + "?", details, ids);
    }

    @Override
    public Reply handle(RemoveContainers command, HandlerContext context) {
        Outcomes out = new Outcomes();
        for (ContainerDetails c : context.targets()) {
            try {
                engine.remove(c.id(), command.force());
                out.ok(c.name() + " removed" + context.byWhom());
            } catch (CommandException e) {
                out.failed(e);
            }
        }
        return out.reply();
    }
}
