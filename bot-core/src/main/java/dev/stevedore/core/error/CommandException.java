package dev.stevedore.core.error;

/**
 * A failure the user caused or can fix, whose {@link #getMessage() message} is written for chat and is the only
 * exception text a user ever sees.
 *
 * <p>Everything that is not a {@code CommandException} is an internal failure: the command bus replaces it with a
 * generic message carrying an incident id and logs it once.
 */
public abstract sealed class CommandException extends RuntimeException
        permits UsageException, AccessDeniedException, NoSuchContainerException, NoSuchImageException,
                ConflictException, EngineUnavailableException, BusyException, ConfirmationException {

    /**
     * Creates an exception whose message is shown to the user as is.
     *
     * @param safeMessage one short sentence, free of internals (no class names, no stack frames)
     */
    protected CommandException(String safeMessage) {
        super(safeMessage, null, false, false);
    }

    /**
     * Creates an exception whose message is shown to the user, keeping the engine failure as its cause for logs.
     *
     * @param safeMessage one short sentence, free of internals
     * @param cause the underlying failure; logged, never shown
     */
    protected CommandException(String safeMessage, Throwable cause) {
        super(safeMessage, cause, false, false);
    }
}
