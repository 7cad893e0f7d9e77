package dev.stevedore.core.internal.handler;

import dev.stevedore.core.bus.CommandHandler;
import dev.stevedore.core.bus.HandlerContext;
import dev.stevedore.core.command.Command.UnmuteContainer;
import dev.stevedore.core.reply.Reply;
import dev.stevedore.core.watch.Mute;
import dev.stevedore.core.watch.Notifications;
import java.util.Optional;

/** {@code unmute NAME}: ends a mute, whether or not the container still exists. */
public final class UnmuteContainerHandler implements CommandHandler<UnmuteContainer> {
    private final Optional<Notifications> notifications;

    /**
     * Creates the handler.
     *
     * @param notifications the shared notification state, or empty when notifications are not configured
     */
    public UnmuteContainerHandler(Optional<Notifications> notifications) {
        this.notifications = notifications;
    }

    @Override
    public Class<UnmuteContainer> type() {
        return UnmuteContainer.class;
    }

    @Override
    public Reply handle(UnmuteContainer command, HandlerContext context) {
        if (notifications.isEmpty()) {
            return Reply.error(MuteContainerHandler.NOT_CONFIGURED.replace("to mute", "to unmute"));
        }
        Optional<Mute> ended = notifications.get().unmute(command.name());
        if (ended.isEmpty()) {
            return Reply.info(command.name() + " is not muted");
        }
        return Reply.success(command.name() + " unmuted" + context.byWhom() + ": its exit alerts go out again");
    }
}
