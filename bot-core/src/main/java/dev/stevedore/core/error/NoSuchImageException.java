package dev.stevedore.core.error;

/** No image matches the reference the user gave, locally or in the registry. */
public final class NoSuchImageException extends CommandException {
    /**
     * Creates the error.
     *
     * @param message e.g. {@code "no such image: nginx:9 (pull it first)"}
     */
    public NoSuchImageException(String message) {
        super(message);
    }
}
