package dev.stevedore.core.internal.handler;

import dev.stevedore.core.bus.CommandHandler;
import dev.stevedore.core.bus.HandlerContext;
import dev.stevedore.core.command.Command.MuteContainer;
import dev.stevedore.core.engine.ContainerDetails;
import dev.stevedore.core.reply.Reply;
import dev.stevedore.core.watch.Mute;
import dev.stevedore.core.watch.Notifications;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

/** {@code mute CONTAINER DURATION}: silences the container's exit alerts until the mute ends or {@code unmute}. */
public final class MuteContainerHandler implements CommandHandler<MuteContainer> {
    static final String NOT_CONFIGURED = "notifications are not configured (no notifications section in the "
            + "configuration), so there is nothing to mute";
    static final DateTimeFormatter UNTIL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
            .withZone(ZoneOffset.UTC);
    private final Optional<Notifications> notifications;

    /**
     * Creates the handler.
     *
     * @param notifications the shared notification state, or empty when notifications are not configured
     */
    public MuteContainerHandler(Optional<Notifications> notifications) {
        this.notifications = notifications;
    }

    @Override
    public Class<MuteContainer> type() {
        return MuteContainer.class;
    }

    @Override
    public Reply handle(MuteContainer command, HandlerContext context) {
        if (notifications.isEmpty()) {
            return Reply.error(NOT_CONFIGURED);
        }
        ContainerDetails c = context.target();
        Mute m = notifications.get().mute(c.name(), command.duration(),
                context.confirmedBy().orElse(context.caller()));
        return Reply.success(c.name() + " muted for " + ShowNotificationsHandler.human(command.duration())
                + context.byWhom() + ": no exit alerts until " + UNTIL.format(m.until()) + " (unmute " + c.name()
                + " to end it)");
    }
}
