package dev.stevedore.core.bus;

import dev.stevedore.core.command.Command;
import dev.stevedore.core.reply.Reply;

/**
 * Runs one type of {@link Command} against the engine and describes the outcome.
 *
 * <p>Called on the bus executor, after parsing, permission checks and (for destructive commands) confirmation.
 * Throw a {@link dev.stevedore.core.error.CommandException} for any failure the user should read; anything else is
 * reported as an internal failure with an incident id.
 *
 * @param <C> the command record handled
 */
public interface CommandHandler<C extends Command> {

    /**
     * The command record this handler runs.
     *
     * @return the record class
     */
    Class<C> type();

    /**
     * Runs the command.
     *
     * @param command the parsed command
     * @param context who asked, where, and the resolved target containers
     * @return the reply
     */
    Reply handle(C command, HandlerContext context);

    /**
     * For destructive commands: what would happen, shown with Confirm / Cancel before anything is done. May refuse
     * by throwing (e.g. {@code rm} of a running container without {@code -f}).
     *
     * @param command the parsed command
     * @param context who asked, where, and the resolved targets
     * @return the question and the container ids the confirmation is bound to
     * @throws UnsupportedOperationException if the command is not destructive (the default)
     */
    default Preview preview(C command, HandlerContext context) {
        throw new UnsupportedOperationException(type().getSimpleName() + " is not destructive");
    }
}
