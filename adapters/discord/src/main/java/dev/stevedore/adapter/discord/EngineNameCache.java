package dev.stevedore.adapter.discord;

import com.github.benmanes.caffeine.cache.AsyncLoadingCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.stevedore.core.engine.ContainerGateway;
import dev.stevedore.core.engine.ContainerSummary;
import dev.stevedore.core.engine.EngineEvent;
import dev.stevedore.core.engine.ImageSummary;
import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's container and image names for autocomplete, in a Caffeine cache kept fresh by the engine's events,
 * so that no keystroke ever calls the engine.
 *
 * <p>Reads ({@link #containers()}, {@link #images()}) never block: they return the last snapshot (empty before the
 * first load) and at most trigger a background load. A container or image event ({@code create}, {@code destroy},
 * {@code rename}, {@code start}, {@code die}, any image event, {@code commit}) reloads the matching list on the
 * cache's own thread; events during a load cause one more load, so the snapshot is never older than the last event.
 * When the event stream ends (the engine restarted) the cache subscribes again with backoff and reloads both lists;
 * when the engine cannot report events, the lists are reloaded at most every {@link #POLL_WITHOUT_EVENTS}.
 *
 * <p>Thread-safe. {@link #close()} ends the subscription and the thread.
 */
final class EngineNameCache implements AutoCloseable {
    /** Refresh period when the engine reports no events. */
    static final Duration POLL_WITHOUT_EVENTS = Duration.ofSeconds(3);
    /** Refresh period while events flow: a safety net only. */
    static final Duration POLL_WITH_EVENTS = Duration.ofMinutes(5);
    private static final Logger log = LoggerFactory.getLogger(EngineNameCache.class);
    private static final Set<String> CONTAINER_ACTIONS = Set.of("create", "destroy", "rename", "start", "die",
            "pause", "unpause");

    /** Which list. */
    enum Kind {
        CONTAINERS,
        IMAGES
    }

    /**
     * A container as autocomplete shows it.
     *
     * @param name the first name
     * @param id the full id
     * @param state the engine's state word: running, exited, created…
     * @param image the image it runs
     * @param labels its labels, for access checks
     * @param created when it was created
     */
    record ContainerName(String name, String id, String state, String image, Map<String, String> labels,
            Instant created) {
        boolean running() {
            return state.equals("running") || state.equals("restarting") || state.equals("paused");
        }
    }

    /** A loaded list and the event generation it saw. */
    private record Snapshot(List<?> items, long generation) {}

    private final ContainerGateway engine;
    private final ScheduledExecutorService executor;
    private final AsyncLoadingCache<Kind, Snapshot> cache;
    private final Map<Kind, AtomicLong> generations = new EnumMap<>(Kind.class);
    private volatile @Nullable Closeable subscription;
    private volatile boolean closed;
    private volatile boolean eventsWork;
    private final java.util.concurrent.atomic.AtomicInteger failures = new java.util.concurrent.atomic.AtomicInteger();

    /**
     * Creates the cache; nothing is loaded until {@link #start()}.
     *
     * @param engine the engine
     * @param executor runs loads and resubscriptions; one thread is enough
     */
    EngineNameCache(ContainerGateway engine, ScheduledExecutorService executor) {
        this.engine = engine;
        this.executor = executor;
        for (Kind k : Kind.values()) {
            generations.put(k, new AtomicLong());
        }
        this.cache = Caffeine.newBuilder()
                .executor(executor)
                .refreshAfterWrite(POLL_WITHOUT_EVENTS)
                .buildAsync((kind, exec) -> CompletableFuture.supplyAsync(() -> load(kind), exec));
    }

    /** Subscribes to the engine's events and loads both lists in the background. */
    void start() {
        subscribe();
        for (Kind k : Kind.values()) {
            cache.get(k);
        }
    }

    private Snapshot load(Kind kind) {
        long generation = generations.get(kind).get();
        if (kind == Kind.CONTAINERS) {
            List<ContainerName> names = engine.listContainers(true).stream()
                    .map(c -> new ContainerName(c.name(), c.id(), c.state(), c.image(), c.labels(), c.created()))
                    .toList();
            return new Snapshot(names, generation);
        }
        List<String> refs = engine.listImages().stream()
                .map(ImageSummary::repoTags)
                .flatMap(List::stream)
                .filter(t -> !t.equals("<none>:<none>"))
                .distinct()
                .sorted()
                .toList();
        return new Snapshot(refs, generation);
    }

    /**
     * The containers, newest first, as last loaded.
     *
     * @return the containers; empty before the first load finished
     */
    @SuppressWarnings("unchecked")
    List<ContainerName> containers() {
        return (List<ContainerName>) current(Kind.CONTAINERS);
    }

    /**
     * The image references ({@code repository:tag}), sorted, as last loaded.
     *
     * @return the references; empty before the first load finished
     */
    @SuppressWarnings("unchecked")
    List<String> images() {
        return (List<String>) current(Kind.IMAGES);
    }

    private List<?> current(Kind kind) {
        CompletableFuture<Snapshot> f = cache.get(kind);
        Snapshot s = f.isDone() && !f.isCompletedExceptionally() ? f.join() : null;
        return s == null ? List.of() : s.items();
    }

    /**
     * Reloads a list in the background, e.g. after an event; never blocks.
     *
     * @param kind which list
     */
    void changed(Kind kind) {
        generations.get(kind).incrementAndGet();
        reload(kind);
    }

    private void reload(Kind kind) {
        if (closed) {
            return;
        }
        cache.synchronous().refresh(kind).whenComplete((s, error) -> {
            if (error != null) {
                log.debug("reloading {} for autocomplete failed", kind, error);
            } else if (s != null && s.generation() < generations.get(kind).get()) {
                // an event arrived while this load was running: load once more
                reload(kind);
            }
        });
    }

    private void onEvent(EngineEvent e) {
        if (!eventsWork) {
            eventsWork = true;
            cache.synchronous().policy().refreshAfterWrite().ifPresent(p -> p.setRefreshesAfter(POLL_WITH_EVENTS));
        }
        if (e.type().equals("container")) {
            if (CONTAINER_ACTIONS.contains(e.action())) {
                changed(Kind.CONTAINERS);
            } else if (e.action().equals("commit")) {
                changed(Kind.IMAGES);
            }
        } else if (e.type().equals("image")) {
            changed(Kind.IMAGES);
        }
    }

    private void subscribe() {
        if (closed) {
            return;
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        try {
            subscription = engine.events(this::onEvent, done);
        } catch (RuntimeException e) {
            done.completeExceptionally(e);
        }
        done.whenComplete((v, error) -> {
            if (closed) {
                return;
            }
            eventsWork = false;
            cache.synchronous().policy().refreshAfterWrite().ifPresent(p -> p.setRefreshesAfter(POLL_WITHOUT_EVENTS));
            long delay = Math.min(30, 1L << Math.min(5, failures.getAndIncrement()));
            log.debug("engine event stream ended ({}); subscribing again in {} s",
                    error == null ? "closed by the engine" : error.getMessage(), delay);
            executor.schedule(() -> {
                subscribe();
                changed(Kind.CONTAINERS);
                changed(Kind.IMAGES);
            }, delay, TimeUnit.SECONDS);
        });
        // a subscription that stays up for a while resets the backoff
        executor.schedule(() -> {
            if (!done.isDone()) {
                failures.set(0);
            }
        }, 60, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        closed = true;
        Closeable s = subscription;
        if (s != null) {
            try {
                s.close();
            } catch (IOException e) {
                log.debug("closing the engine event stream failed", e);
            }
        }
    }

    /** The ContainerSummary fields this cache keeps; for tests. */
    static ContainerName of(ContainerSummary c) {
        return new ContainerName(c.name(), c.id(), c.state(), c.image(), c.labels(), c.created());
    }
}
