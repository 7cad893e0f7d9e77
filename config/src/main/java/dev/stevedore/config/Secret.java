package dev.stevedore.config;

import java.util.Objects;

/**
 * A token or signing secret whose text never reaches logs, exception messages or {@code toString()} output.
 *
 * <p>Call {@link #value()} only at the point where the secret is handed to a platform client.
 *
 * @param value the secret text, as configured (surrounding whitespace already removed by the loader)
 */
public record Secret(String value) {
    /** Validates. */
    public Secret {
        Objects.requireNonNull(value, "value");
    }

    /**
     * A fixed placeholder that never contains the secret.
     *
     * @return {@code "Secret[***]"}
     */
    @Override
    public String toString() {
        return "Secret[***]";
    }
}
