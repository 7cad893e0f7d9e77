package dev.stevedore.core.error;

/**
 * The Docker Engine could not be reached or answered with a server error; the message names the host and the
 * cause (not found, permission denied, refused, timed out).
 */
public final class EngineUnavailableException extends CommandException {
    /**
     * Creates the error.
     *
     * @param message e.g. {@code "cannot reach the Docker Engine at unix:///var/run/docker.sock: socket not found"}
     * @param cause the transport failure
     */
    public EngineUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * Creates the error with no cause.
     *
     * @param message the failure in plain words
     */
    public EngineUnavailableException(String message) {
        super(message);
    }
}
