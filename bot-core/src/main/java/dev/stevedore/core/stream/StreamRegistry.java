package dev.stevedore.core.stream;

import dev.stevedore.core.auth.Caller;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The live streams shown in chat right now, by id, so that a Stop/Detach button ({@value #STOP_PREFIX}{@code <id>})
 * and thread replies (stdin) reach the right one. Shared by the command bus, which handles the buttons, and the
 * adapters, which register what they show.
 *
 * <p>Thread-safe.
 */
public final class StreamRegistry {
    /** The action id prefix of a Stop/Detach button; the stream id follows. */
    public static final String STOP_PREFIX = "stv:stop:";
    private static final SecureRandom RANDOM = new SecureRandom();
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();

    /** Creates an empty registry. */
    public StreamRegistry() {}

    /**
     * A stream being shown.
     *
     * @param id the stream id (in the button's action id)
     * @param requester who started it: the only one, besides an admin, who may stop it or type into it
     * @param stream the stream
     * @param stopper ends it, given who stopped it (their display name)
     */
    public record Entry(String id, Caller requester, LiveStream stream, Consumer<Caller> stopper) {}

    /**
     * Registers a stream under a new random id.
     *
     * @param requester who started it
     * @param stream the stream
     * @param stopper called (at most once per click) with who stopped it
     * @return the entry, with its new id
     */
    public Entry register(Caller requester, LiveStream stream, Consumer<Caller> stopper) {
        byte[] b = new byte[12];
        RANDOM.nextBytes(b);
        Entry e = new Entry(Base64.getUrlEncoder().withoutPadding().encodeToString(b), requester, stream, stopper);
        entries.put(e.id(), e);
        return e;
    }

    /**
     * Forgets a stream that has ended.
     *
     * @param id its id
     */
    public void remove(String id) {
        entries.remove(id);
    }

    /**
     * A stream by id.
     *
     * @param id its id
     * @return the entry, or empty once it ended
     */
    public Optional<Entry> find(String id) {
        return Optional.ofNullable(entries.get(id));
    }

    /**
     * How many streams are shown.
     *
     * @return the count
     */
    public int size() {
        return entries.size();
    }
}
