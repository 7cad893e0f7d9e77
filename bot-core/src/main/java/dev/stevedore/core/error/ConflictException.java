package dev.stevedore.core.error;

/**
 * The engine refused because of the container's current state or a name clash (engine status 409), e.g.
 * "web is running — stop it first or use rm -f", or "the name web is already in use".
 */
public final class ConflictException extends CommandException {
    /**
     * Creates the error.
     *
     * @param message the state conflict in plain words
     */
    public ConflictException(String message) {
        super(message);
    }

    /**
     * Creates the error keeping the engine's failure for the logs.
     *
     * @param message the state conflict in plain words
     * @param cause the engine failure
     */
    public ConflictException(String message, Throwable cause) {
        super(message, cause);
    }
}
