package dev.stevedore.config;

import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Replaces {@code ${VAR}} and {@code ${VAR:-default}} in configured text with values from an environment map.
 *
 * <p>{@code ${VAR}} becomes the variable's value, or the empty string if it is unset. {@code ${VAR:-default}}
 * becomes {@code default} if the variable is unset or empty. <code>$${</code> stands for a literal
 * <code>${</code>. A {@code $} not followed by <code>{</code> is kept as it is. Replacement is not recursive: a
 * value or default that contains {@code ${...}} is used as written. It runs on scalars after YAML parsing, so a
 * variable cannot add YAML structure.
 */
final class EnvInterpolator {
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final String USAGE = "(use ${NAME} or ${NAME:-default}; write $${ for a literal ${)";

    private final Map<String, String> environment;

    /**
     * Creates an interpolator.
     *
     * @param environment variable names to values; not copied, so pass an immutable map
     */
    EnvInterpolator(Map<String, String> environment) {
        this.environment = Objects.requireNonNull(environment, "environment");
    }

    /**
     * Replaces every variable reference in {@code text}.
     *
     * @param text a scalar value from the YAML file
     * @param secret if true, problem messages never quote {@code text}
     * @return the text with references replaced
     * @throws IllegalArgumentException if a <code>${</code> has no closing <code>}</code> or holds an invalid
     *     variable name; the message is the problem text, without a key path
     */
    String apply(String text, boolean secret) {
        if (text.indexOf('$') < 0) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        int i = 0;
        while (i < text.length()) {
            if (text.startsWith("$${", i)) {
                out.append("${");
                i += 3;
            } else if (text.startsWith("${", i)) {
                int close = text.indexOf('}', i + 2);
                if (close < 0) {
                    throw new IllegalArgumentException("unterminated '${' " + USAGE);
                }
                String reference = text.substring(i + 2, close);
                int dash = reference.indexOf(":-");
                String name = dash < 0 ? reference : reference.substring(0, dash);
                if (!NAME.matcher(name).matches()) {
                    throw new IllegalArgumentException("invalid variable reference "
                            + (secret ? "" : Checks.quote("${" + reference + "}") + " ") + USAGE);
                }
                String value = environment.get(name);
                if (dash >= 0 && (value == null || value.isEmpty())) {
                    value = reference.substring(dash + 2);
                }
                out.append(value == null ? "" : value);
                i = close + 1;
            } else {
                out.append(text.charAt(i));
                i++;
            }
        }
        return out.toString();
    }
}
