package dev.stevedore.core.watch;

import dev.stevedore.core.auth.Caller;
import java.time.Instant;
import java.util.Objects;

/**
 * A container whose exit alerts are silenced until a time ({@code mute NAME DURATION}).
 *
 * @param name the container name the mute applies to (a mute follows the name, so it survives a re-create)
 * @param until when the mute ends, by the bot's clock
 * @param by who muted it
 */
public record Mute(String name, Instant until, Caller by) {
    /** Validates. */
    public Mute {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(until, "until");
        Objects.requireNonNull(by, "by");
    }
}
