package dev.stevedore.core.command;

import dev.stevedore.core.error.NoSuchContainerException;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A container as the user named it: a name or an id prefix, with at most one leading {@code /} removed.
 *
 * <p>Only characters the engine allows in names ({@code [a-zA-Z0-9][a-zA-Z0-9_.-]*}) are accepted, so a name that
 * cannot exist is answered without an engine call.
 *
 * @param value the name or id prefix, without a leading {@code /}
 */
public record ContainerRef(String value) {
    /** Longest reference accepted; longer input cannot be a real name worth sending to the engine. */
    public static final int MAX_LENGTH = 255;

    private static final Pattern VALID = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]*");

    /** Validates. */
    public ContainerRef {
        Objects.requireNonNull(value, "value");
        if (value.length() > MAX_LENGTH || !VALID.matcher(value).matches()) {
            throw new IllegalArgumentException("not a container name or id: " + value);
        }
    }

    /**
     * Parses user input, removing one leading {@code /} if present.
     *
     * @param input what the user typed
     * @return the reference
     * @throws NoSuchContainerException if the input contains characters no container name can have, or is empty
     *     or too long
     */
    public static ContainerRef parse(String input) {
        String v = input.startsWith("/") ? input.substring(1) : input;
        if (v.length() > MAX_LENGTH || !VALID.matcher(v).matches()) {
            throw new NoSuchContainerException(display(input));
        }
        return new ContainerRef(v);
    }

    /**
     * Shortens and quotes user input for a message, so a 300-character name does not flood the chat.
     *
     * @param input the raw input
     * @return e.g. {@code "web"} or {@code "aaaa…" (300 characters)}
     */
    public static String display(String input) {
        if (input.isEmpty()) {
            return "\"\"";
        }
        int max = 40;
        if (input.codePointCount(0, input.length()) <= max) {
            return input.matches("[a-zA-Z0-9_.-]+") ? input : '"' + input + '"';
        }
        int end = input.offsetByCodePoints(0, max);
        return '"' + input.substring(0, end) + "…\" (" + input.codePointCount(0, input.length()) + " characters)";
    }

    @Override
    public String toString() {
        return value;
    }
}
