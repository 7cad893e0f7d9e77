package dev.stevedore.core.error;

/** No container matches the name or id prefix the user gave (engine status 404, or a name that cannot exist). */
public final class NoSuchContainerException extends CommandException {
    /**
     * Creates the error for one reference.
     *
     * @param reference the name or id as the user typed it, already shortened for display
     */
    public NoSuchContainerException(String reference) {
        super("no such container: " + reference);
    }
}
