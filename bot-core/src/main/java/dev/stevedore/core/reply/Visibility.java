package dev.stevedore.core.reply;

/** Who sees a reply. */
public enum Visibility {
    /** Everyone in the conversation: results of actions, saying who ran them. */
    PUBLIC,
    /** Only the caller: errors, refusals, help (Slack ephemeral, Discord ephemeral flag). */
    ONLY_CALLER
}
