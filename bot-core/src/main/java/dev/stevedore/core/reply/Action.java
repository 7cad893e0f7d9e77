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

    /** Prefix of the ids of {@link #command} buttons: {@code stv:cmd:} followed by the command text. */
    public static final String COMMAND_PREFIX = "stv:cmd:";

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

    /**
     * A button that runs a command as whoever clicks it: the bus parses the text as if the clicker had typed it in
     * the conversation of the button, with the clicker's permissions and, for a destructive command, the usual
     * confirmation bound to the clicker. Used by exit alerts (Restart / Logs / Remove); the bot never clicks its own.
     *
     * @param label the button text, e.g. {@code "Restart"}
     * @param commandText the command in docker CLI syntax, e.g. {@code "restart <full container id>"}
     * @return the action, of kind {@link Kind#OTHER}
     * @throws IllegalArgumentException if {@link #COMMAND_PREFIX} plus the text is longer than {@link #MAX_ID_LENGTH}
     */
    public static Action command(String label, String commandText) {
        return new Action(COMMAND_PREFIX + commandText, label, Kind.OTHER);
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
