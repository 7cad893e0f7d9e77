package dev.stevedore.core.bus;

import dev.stevedore.core.reply.Reply;
import java.util.concurrent.CompletableFuture;

/**
 * The one path every command takes: parse, check permissions, ask for confirmation when destructive, run the
 * handler on a bounded executor, and answer with a {@link Reply}.
 *
 * <p>Both methods return at once (they never call the engine on the caller's thread), so adapters can
 * acknowledge a platform request before any work is done. The futures <b>never complete exceptionally</b>:
 * usage errors, refusals and engine errors become replies; anything unexpected becomes a generic reply with an
 * incident id that matches one ERROR log line. When the executor's queue is full, the reply says "busy".
 */
public interface CommandBus extends AutoCloseable {

    /**
     * Runs a typed command.
     *
     * @param invocation the command text and who typed it where
     * @return the reply; for a destructive command, a confirmation prompt with Confirm / Cancel actions
     */
    CompletableFuture<Reply> dispatch(Invocation invocation);

    /**
     * Handles a click on an action of an earlier reply (Confirm, Cancel, Stop…).
     *
     * <p>A confirmation is single-use, bound to the requester, the conversation and the target container ids, and
     * expires: exactly one click wins; a click by anyone else, or after expiry, is answered with an error visible
     * only to the clicker, and runs nothing.
     *
     * @param click the click
     * @return the outcome, e.g. "web removed (confirmed by alice)"
     */
    CompletableFuture<Reply> act(ActionInvocation click);

    /**
     * The command catalog this bus parses with, for help and completion.
     *
     * @return the catalog
     */
    dev.stevedore.core.command.CommandCatalog catalog();

    /**
     * The live streams shown in chat, shared with the adapters' {@link dev.stevedore.core.stream.StreamPump}s: the
     * bus handles their Stop/Detach buttons ({@link dev.stevedore.core.stream.StreamRegistry#STOP_PREFIX}).
     *
     * @return the registry, the same instance for the bus's lifetime
     */
    dev.stevedore.core.stream.StreamRegistry streamRegistry();

    /** Stops accepting work and ends all live streams it started. Idempotent. */
    @Override
    void close();
}
