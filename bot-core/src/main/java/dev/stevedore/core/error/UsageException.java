package dev.stevedore.core.error;

import java.util.Optional;

/**
 * The command text could not be parsed: unknown command or flag, missing or extra argument, bad value.
 *
 * <p>The message follows the docker CLI ("unknown flag: --foo"); {@link #usage()} is the usage line of the command
 * concerned, when one is known.
 */
public final class UsageException extends CommandException {
    private final transient Optional<String> usage;

    /**
     * Creates a usage error.
     *
     * @param message what is wrong, e.g. {@code "unknown flag: --foo"}
     * @param usage the command's usage line, or empty when the command itself is unknown
     */
    public UsageException(String message, Optional<String> usage) {
        super(message);
        this.usage = usage;
    }

    /**
     * The usage line to show under the error.
     *
     * @return e.g. {@code "Usage: rm [-f] CONTAINER [CONTAINER...]"}, or empty for an unknown command
     */
    public Optional<String> usage() {
        return usage;
    }
}
