package dev.stevedore.config;

import java.util.List;

/**
 * Thrown when the configuration cannot be used; lists <b>every</b> problem found, not just the first.
 *
 * <p>The message reads {@code "invalid configuration (2 problems):\n  - confirm.ttl: ...\n  - slack.mode: ..."}: each
 * problem starts with the key path it concerns (for example {@code access.bindings[0].role}) unless it concerns
 * the file as a whole. Messages never contain secret values or stack traces, so they can be shown to the user as
 * they are.
 */
public final class ConfigException extends RuntimeException {
    /** The problems, in the order found; an unmodifiable list, part of the serialized form. */
    private final List<String> problems;

    /**
     * Creates an exception for the given problems.
     *
     * @param problems one line per problem, each {@code "key.path: what is wrong"}; copied
     * @throws IllegalArgumentException if {@code problems} is empty
     * @throws NullPointerException if {@code problems} or any element is null
     */
    public ConfigException(List<String> problems) {
        super(message(problems));
        this.problems = List.copyOf(problems);
    }

    /**
     * The problems found, in the order the loader met them.
     *
     * @return an unmodifiable, non-empty list of {@code "key.path: what is wrong"} lines
     */
    public List<String> problems() {
        return problems;
    }

    private static String message(List<String> problems) {
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("a ConfigException needs at least one problem");
        }
        StringBuilder message = new StringBuilder("invalid configuration (")
                .append(problems.size())
                .append(problems.size() == 1 ? " problem):" : " problems):");
        for (String problem : problems) {
            message.append("\n  - ").append(problem);
        }
        return message.toString();
    }
}
