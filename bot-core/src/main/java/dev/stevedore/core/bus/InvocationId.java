package dev.stevedore.core.bus;

import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A short random id for one invocation, put in every log line (MDC {@code invocation}) and the audit log.
 *
 * @param value 12 lowercase hex characters
 */
public record InvocationId(String value) {
    /** Validates. */
    public InvocationId {
        Objects.requireNonNull(value, "value");
        if (value.isBlank()) {
            throw new IllegalArgumentException("invocation id cannot be blank");
        }
    }

    /**
     * A new random id.
     *
     * @return 48 random bits as 12 hex characters
     */
    public static InvocationId random() {
        return new InvocationId(String.format("%012x", ThreadLocalRandom.current().nextLong() & 0xFFFF_FFFF_FFFFL));
    }

    @Override
    public String toString() {
        return value;
    }
}
