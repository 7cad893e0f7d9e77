package dev.stevedore.core.error;

/** The bus's bounded queue is full; the user should try again in a moment. Nothing was run. */
public final class BusyException extends CommandException {
    /** Creates the error with the standard message. */
    public BusyException() {
        super("busy: too many commands in flight, try again in a moment");
    }
}
