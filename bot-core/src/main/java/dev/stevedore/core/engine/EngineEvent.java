package dev.stevedore.core.engine;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One event from the engine's event stream ({@code GET /events}), reduced to what the bot uses: which object
 * changed and how.
 *
 * @param type what kind of object the event is about, e.g. {@code "container"} or {@code "image"} (the engine's
 *     {@code Type}, lower case)
 * @param action what happened, as the engine spells it: {@code create}, {@code start}, {@code die},
 *     {@code destroy}, {@code rename}, {@code pull}, {@code tag}, {@code delete}, … (some carry a suffix, e.g.
 *     {@code "exec_start: sh"}; match with {@code startsWith} for those)
 * @param actorId the container id or image reference/id the event is about
 * @param attributes the actor's attributes: for containers the labels plus {@code name}, {@code image} and, on
 *     {@code die}, {@code exitCode}
 * @param time when it happened, at the engine
 */
public record EngineEvent(String type, String action, String actorId, Map<String, String> attributes, Instant time) {
    /** Validates and copies. */
    public EngineEvent {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(actorId, "actorId");
        attributes = Map.copyOf(attributes);
        Objects.requireNonNull(time, "time");
    }
}
