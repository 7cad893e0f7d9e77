package dev.stevedore.core.error;

/**
 * A confirmation could not be used: it expired, was already handled, or belongs to someone else. Shown only to
 * the person who clicked.
 */
public final class ConfirmationException extends CommandException {
    /**
     * Creates the error.
     *
     * @param message e.g. {@code "this confirmation expired — run the command again"}
     */
    public ConfirmationException(String message) {
        super(message);
    }
}
