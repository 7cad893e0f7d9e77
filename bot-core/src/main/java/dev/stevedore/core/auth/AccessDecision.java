package dev.stevedore.core.auth;

/** The outcome of an {@link AccessPolicy} check. */
public sealed interface AccessDecision {
    /** The caller may go ahead. */
    record Allowed() implements AccessDecision {}

    /**
     * The caller may not; {@code reason} is shown to the caller only.
     *
     * @param reason e.g. {@code "you are not allowed to run rm on web"}
     */
    record Denied(String reason) implements AccessDecision {}

    /**
     * Whether access is granted.
     *
     * @return true for {@link Allowed}
     */
    default boolean allowed() {
        return this instanceof Allowed;
    }

    /**
     * The shared allow decision.
     *
     * @return an {@link Allowed}
     */
    static AccessDecision allow() {
        return new Allowed();
    }
}
