package dev.stevedore.core.reply;

import java.util.Objects;

/**
 * A button: Slack Block Kit button, Discord component, or a {@code [y/N]} prompt in the terminal.
 *
 * @param id the opaque action id the adapter sends back to {@code CommandBus#act}; at most 100 characters (Discord's
 *     {@code custom_id} limit, below Slack's 255 for {@code action_id})
 * @param label the button text
 * @param kind what the button does, so adapters can map it (a confirm dialog on {@link Kind#CONFIRM}, a prompt)
 */
public record Action(String id, String label, Kind kind) {
    /** Maximum length of {@link #id()}: Discord's {@code custom_id} limit. */
    public static final int MAX_ID_LENGTH = 100;

    /** What a button does. */
    public enum Kind {
        /** Runs the pending destructive command. */
        CONFIRM,
        /** Drops the pending command. */
        CANCEL,
        /** Ends a live stream (Stop following / Detach). */
        STOP,
        /** Anything else. */
        OTHER
    }

    /** Validates. */
    public Action {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(kind, "kind");
        if (id.isEmpty() || id.length() > MAX_ID_LENGTH) {
            throw new IllegalArgumentException("action id must be 1.." + MAX_ID_LENGTH + " characters: " + id);
        }
    }
}
