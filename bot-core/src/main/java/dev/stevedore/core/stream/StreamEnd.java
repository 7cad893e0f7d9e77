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
        /** A one-off operation shown live (e.g. a pull) finished; {@code detail} says how. */
        COMPLETED,
        /** A one-off operation shown live failed; {@code detail} says why, in plain words. */
        FAILED,
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
                return detail.isEmpty() ? "stopped following " + subject + " (it keeps running)" : detail;
            case MAX_DURATION:
                return detail.isEmpty() ? "stopped following " + subject + ": maximum duration reached" : detail;
            case COMPLETED:
                return detail.isEmpty() ? subject + " done" : detail;
            case FAILED:
                return detail.isEmpty() ? subject + " failed" : detail;
            case ENGINE_ERROR:
                return "lost the connection to the engine while following " + subject
                        + (detail.isEmpty() ? "" : ": " + detail);
            default:
                throw new AssertionError(reason);
        }
    }
}
