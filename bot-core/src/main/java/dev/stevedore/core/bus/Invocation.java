package dev.stevedore.core.bus;

import dev.stevedore.core.auth.Caller;
import java.time.Instant;
import java.util.Objects;

/**
 * A command typed by a person, as the adapter received it: nothing platform-specific passes this point.
 *
 * @param id the invocation id for logs and audit
 * @param caller who typed it
 * @param conversation where it was typed
 * @param text the command in docker CLI syntax, e.g. {@code "rm -f web"}; a leading {@code docker} is accepted
 * @param receivedAt when the adapter received it
 */
public record Invocation(InvocationId id, Caller caller, ConversationRef conversation, String text, Instant receivedAt) {
    /** Validates. */
    public Invocation {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(caller, "caller");
        Objects.requireNonNull(conversation, "conversation");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(receivedAt, "receivedAt");
    }

    /**
     * A new invocation with a random id, received now.
     *
     * @param caller who typed it
     * @param conversation where
     * @param text the command text
     * @return the invocation
     */
    public static Invocation of(Caller caller, ConversationRef conversation, String text) {
        return new Invocation(InvocationId.random(), caller, conversation, text, Instant.now());
    }
}
