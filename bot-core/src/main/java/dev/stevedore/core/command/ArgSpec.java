package dev.stevedore.core.command;

import java.util.Objects;

/**
 * A positional argument of a command.
 *
 * @param name the placeholder, e.g. {@code "CONTAINER"}
 * @param kind what it names, so adapters can offer typed options and autocomplete
 * @param required whether it must be given
 * @param variadic whether it takes all remaining words ({@code CONTAINER...}, {@code CMD...})
 * @param help one line for help and typed option descriptions
 */
public record ArgSpec(String name, Kind kind, boolean required, boolean variadic, String help) {
    /** What an argument names. */
    public enum Kind {
        /** An existing container: name or id prefix. */
        CONTAINER,
        /** An image reference. */
        IMAGE,
        /** A new name. */
        NAME,
        /** A command name (for {@code help}). */
        COMMAND,
        /** Free text, e.g. the container's command. */
        TEXT
    }

    /** Validates. */
    public ArgSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(help, "help");
    }
}
