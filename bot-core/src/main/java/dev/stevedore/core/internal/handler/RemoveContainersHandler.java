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
import dev.stevedore.core.watch.Notifications;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code rm [-f]}: always previewed and confirmed. Without {@code -f}, a running container is refused before the
 * prompt, as the engine would refuse it after.
 */
public final class RemoveContainersHandler implements CommandHandler<RemoveContainers> {
    private final ContainerGateway engine;
    private final Optional<Notifications> notifications;

    /**
     * Creates the handler.
     *
     * @param engine the engine
     */
    public RemoveContainersHandler(ContainerGateway engine) {
        this(engine, Optional.empty());
    }

    /**
     * Creates the handler that tells the exit watcher who force-removed a running container, so its alert says so.
     *
     * @param engine the engine
     * @param notifications where expected exits are recorded, or empty when notifications are off
     */
    public RemoveContainersHandler(ContainerGateway engine, Optional<Notifications> notifications) {
        this.engine = engine;
        this.notifications = notifications;
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
            boolean expected = command.force()
                    && ExpectedExits.expect(notifications, c, context, "removed", Duration.ofSeconds(10));
            try {
                engine.remove(c.id(), command.force());
                out.ok(c.name() + " removed" + context.byWhom());
            } catch (CommandException e) {
                ExpectedExits.cancel(notifications, c, expected);
                out.failed(e, c);
            }
        }
        return out.reply();
    }
}
