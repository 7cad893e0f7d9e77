package dev.stevedore.core.watch;

import dev.stevedore.core.auth.Caller;
import dev.stevedore.core.auth.Platform;
import java.time.Instant;
import java.util.Objects;

/**
 * Who made a container exit through the bot, so its alert says so instead of looking like a crash.
 *
 * @param caller who ran the command (or confirmed it)
 * @param verb what the command did to the container, as a past participle: {@code stopped}, {@code restarted},
 *     {@code removed}
 * @param at when the command was sent to the engine, by the bot's clock
 */
public record ExitCause(Caller caller, String verb, Instant at) {
    /** Validates. */
    public ExitCause {
        Objects.requireNonNull(caller, "caller");
        Objects.requireNonNull(verb, "verb");
        Objects.requireNonNull(at, "at");
    }

    /**
     * The cause in words.
     *
     * @return e.g. {@code "stopped by alice via Slack"}, {@code "removed by bob in the shell"}
     */
    public String describe() {
        return verb + " by " + caller.displayName() + via(caller.platform());
    }

    private static String via(Platform p) {
        switch (p) {
            case SLACK:
                return " via Slack";
            case DISCORD:
                return " via Discord";
            case SHELL:
                return " in the shell";
            default:
                throw new AssertionError(p);
        }
    }
}
