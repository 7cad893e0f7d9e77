package dev.stevedore.core.port;

import dev.stevedore.core.auth.Platform;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@link MessageSink} of each running adapter, by platform: where the core sends what is not the reply to a
 * command (exit alerts, crash-loop updates). The app creates one registry; each adapter registers its sink when it
 * starts and unregisters it when it stops, so a notice for a platform that is not running is dropped (and logged by
 * the sender) rather than queued.
 *
 * <p>Thread-safe: adapters register on their own threads while the exit watcher reads.
 */
public final class MessageSinks {
    private final Map<Platform, MessageSink> sinks = new ConcurrentHashMap<>();

    /** Creates an empty registry. */
    public MessageSinks() {}

    /**
     * Registers the sink of a platform.
     *
     * @param platform the adapter's platform
     * @param sink its sink
     * @throws IllegalStateException if another sink is registered for that platform (unregister it first)
     */
    public void register(Platform platform, MessageSink sink) {
        Objects.requireNonNull(platform, "platform");
        Objects.requireNonNull(sink, "sink");
        MessageSink before = sinks.putIfAbsent(platform, sink);
        if (before != null && before != sink) {
            throw new IllegalStateException("a message sink is already registered for " + platform);
        }
    }

    /**
     * Removes a platform's sink, if it is still the given one. Idempotent.
     *
     * @param platform the platform
     * @param sink the sink registered earlier
     */
    public void unregister(Platform platform, MessageSink sink) {
        sinks.remove(platform, sink);
    }

    /**
     * The sink of a platform.
     *
     * @param platform the platform
     * @return its sink, or empty if its adapter is not running
     */
    public Optional<MessageSink> get(Platform platform) {
        return Optional.ofNullable(sinks.get(platform));
    }

    /**
     * The platforms that have a sink now.
     *
     * @return a snapshot
     */
    public Set<Platform> platforms() {
        return Set.copyOf(sinks.keySet());
    }
}
