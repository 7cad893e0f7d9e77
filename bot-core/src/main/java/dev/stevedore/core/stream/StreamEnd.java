package dev.stevedore.core.stream;

import java.util.Objects;
import java.util.OptionalLong;

/**
 * Why a {@link LiveStream} ended.
 *
 * @param reason the cause
 * @param exitCode the container's exit code when {@code reason} is {@link Reason#CONTAINER_EXITED}
 * @param detail a short human explanation, e.g. the engine error; may be empty
 */
public record StreamEnd(Reason reason, OptionalLong exitCode, String detail) {
    /** The causes of an end. */
    public enum Reason {
        /** The container stopped. */
        CONTAINER_EXITED,
        /** The user stopped following or detached; the container keeps running. */
        STOPPED,
        /** The maximum follow duration passed. */
        MAX_DURATION,
        /** The engine connection failed. */
        ENGINE_ERROR
    }

    /** Validates. */
    public StreamEnd {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(exitCode, "exitCode");
        Objects.requireNonNull(detail, "detail");
    }

    /**
     * One line for the user, e.g. {@code "web exited with code 3"}.
     *
     * @param subject the container name
     * @return the sentence
     */
    public String describe(String subject) {
        switch (reason) {
            case CONTAINER_EXITED:
                return subject + " exited"
                        + (exitCode.isPresent() ? " with code " + exitCode.getAsLong() : "");
            case STOPPED:
                return "stopped following " + subject + " (it keeps running)";
            case MAX_DURATION:
                return "stopped following " + subject + ": maximum duration reached";
            case ENGINE_ERROR:
                return "lost the connection to the engine while following " + subject
                        + (detail.isEmpty() ? "" : ": " + detail);
            default:
                throw new AssertionError(reason);
        }
    }
}
