package dev.stevedore.core.internal.watch;

import dev.stevedore.core.auth.Platform;
import dev.stevedore.core.bus.ConversationRef;
import java.util.Optional;

/**
 * Where a notice goes: one entry of a route's {@code to} list.
 *
 * @param key the entry as configured, e.g. {@code slack:C0123ABCD}, {@code discord:112233}, {@code shell}
 * @param platform the adapter whose sink posts it
 * @param conversation the channel
 */
record Target(String key, Platform platform, ConversationRef conversation) {

    /**
     * Parses a configured target.
     *
     * @param key {@code slack:ID}, {@code discord:ID} or {@code shell} (validated by the config module)
     * @return the target
     * @throws IllegalArgumentException if it has none of these forms
     */
    static Target parse(String key) {
        if (key.equals("shell")) {
            return new Target(key, Platform.SHELL, ConversationRef.shell());
        }
        if (key.startsWith("slack:")) {
            return new Target(key, Platform.SLACK,
                    new ConversationRef(Platform.SLACK, "", key.substring(6), Optional.empty()));
        }
        if (key.startsWith("discord:")) {
            return new Target(key, Platform.DISCORD,
                    new ConversationRef(Platform.DISCORD, "", key.substring(8), Optional.empty()));
        }
        throw new IllegalArgumentException("not a notification target: " + key);
    }
}
