package dev.stevedore.core.command;

import java.util.Objects;
import java.util.Optional;

/**
 * A flag of a command, as the docker CLI spells it.
 *
 * @param longName the long name without dashes, e.g. {@code "all"} for {@code --all}
 * @param shortName the one-letter form, e.g. {@code 'a'} for {@code -a}, or empty
 * @param kind whether it takes a value and whether it may repeat
 * @param valueName the placeholder in usage lines, e.g. {@code "NAME"}; empty for a boolean flag
 * @param help one line for {@code help COMMAND}
 */
public record OptionSpec(String longName, Optional<Character> shortName, Kind kind, String valueName, String help) {
    /** How a flag takes values. */
    public enum Kind {
        /** A boolean switch: present or not. */
        FLAG,
        /** Takes one value; given twice, the last wins. */
        VALUE,
        /** Takes one value and may be given several times ({@code -e A=1 -e B=2}). */
        REPEATED
    }

    /** Validates. */
    public OptionSpec {
        Objects.requireNonNull(longName, "longName");
        Objects.requireNonNull(shortName, "shortName");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(valueName, "valueName");
        Objects.requireNonNull(help, "help");
    }

    /**
     * A boolean flag.
     *
     * @param longName long name
     * @param shortName short letter, or {@code 0} for none
     * @param help one line of help
     * @return the spec
     */
    public static OptionSpec flag(String longName, char shortName, String help) {
        return new OptionSpec(longName, shortOf(shortName), Kind.FLAG, "", help);
    }

    /**
     * A flag with one value.
     *
     * @param longName long name
     * @param shortName short letter, or {@code 0} for none
     * @param valueName placeholder for usage
     * @param help one line of help
     * @return the spec
     */
    public static OptionSpec value(String longName, char shortName, String valueName, String help) {
        return new OptionSpec(longName, shortOf(shortName), Kind.VALUE, valueName, help);
    }

    /**
     * A repeatable flag with a value.
     *
     * @param longName long name
     * @param shortName short letter, or {@code 0} for none
     * @param valueName placeholder for usage
     * @param help one line of help
     * @return the spec
     */
    public static OptionSpec repeated(String longName, char shortName, String valueName, String help) {
        return new OptionSpec(longName, shortOf(shortName), Kind.REPEATED, valueName, help);
    }

    private static Optional<Character> shortOf(char c) {
        return c == 0 ? Optional.empty() : Optional.of(c);
    }

    /**
     * How the flag appears in help, e.g. {@code "-e, --env KEY=VALUE"}.
     *
     * @return the synopsis
     */
    public String synopsis() {
        String s = shortName.map(c -> "-" + c + ", ").orElse("    ") + "--" + longName;
        return kind == Kind.FLAG ? s : s + " " + valueName;
    }
}
