package dev.stevedore.core.error;

/** The caller may not run this command, on this container, in this conversation. Shown only to the caller. */
public final class AccessDeniedException extends CommandException {
    /**
     * Creates a refusal.
     *
     * @param message e.g. {@code "you are not allowed to run rm on web"}
     */
    public AccessDeniedException(String message) {
        super(message);
    }
}
