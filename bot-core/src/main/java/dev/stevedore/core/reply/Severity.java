package dev.stevedore.core.reply;

/** How a {@link Block.Notice} should be marked (emoji in chat, prefix in the terminal). */
public enum Severity {
    /** Something worked. */
    SUCCESS,
    /** Neutral information. */
    INFO,
    /** Needs attention, e.g. a pending confirmation. */
    WARNING,
    /** Something failed. */
    ERROR
}
