package dev.stevedore.core.internal.watch;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.stevedore.config.CrashLoopConfig;
import dev.stevedore.core.command.ContainerRef;
import dev.stevedore.core.engine.ContainerDetails;
import dev.stevedore.core.engine.ContainerGateway;
import dev.stevedore.core.engine.EngineEvent;
import dev.stevedore.core.error.CommandException;
import dev.stevedore.core.error.NoSuchContainerException;
import dev.stevedore.core.port.MessageRef;
import dev.stevedore.core.port.MessageSink;
import dev.stevedore.core.port.MessageSinks;
import dev.stevedore.core.reply.Reply;
import dev.stevedore.core.stream.StreamLine;
import dev.stevedore.core.watch.ExitCause;
import dev.stevedore.core.watch.ExitWatcher;
import dev.stevedore.core.watch.Notifications;
import java.io.Closeable;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link ExitWatcher}: one engine event subscription, resumed after every end, and a per-container state machine
 * that turns {@code die} events into alerts, coalescing crash loops into one alert edited in place.
 *
 * <p>Threading: engine events arrive on the stream's thread, which only de-duplicates them and moves the cursor;
 * everything else (state, engine look-ups, posting) runs on {@code executor}, one task at a time, so the state needs
 * no locks. Timers hop back onto the executor. Every task is guarded: a failure is logged and the watcher goes on.
 */
public final class DefaultExitWatcher implements ExitWatcher {
    /** The engine actions the watcher subscribes to. */
    static final Set<String> ACTIONS = Set.of("die", "oom", "start", "kill", "destroy");
    private static final Logger log = LoggerFactory.getLogger(DefaultExitWatcher.class);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(15);
    /** How close the engine's FinishedAt must be to the die event to be this exit's (a restart moves StartedAt). */
    private static final Duration SAME_EXIT = Duration.ofSeconds(5);
    /** A kill request (docker stop/kill) explains an exit that follows within this time. */
    private static final Duration KILL_TO_EXIT = Duration.ofMinutes(2);

    /**
     * Timing of the watcher.
     *
     * @param backoffMin the first reconnect delay, doubled after each failed attempt
     * @param backoffMax the longest reconnect delay
     * @param idleResubscribe resubscribe after this long without any event (a stream can die silently, P06)
     * @param minEditInterval the shortest time between two edits of a crash-loop alert (platform rate limits)
     * @param lookupBudget how long an alert waits for the container's last lines before it goes out without them
     *     (they are edited in when they come)
     */
    public record Settings(Duration backoffMin, Duration backoffMax, Duration idleResubscribe,
            Duration minEditInterval, Duration lookupBudget) {
        /** Validates. */
        public Settings {
            Objects.requireNonNull(backoffMin, "backoffMin");
            Objects.requireNonNull(backoffMax, "backoffMax");
            Objects.requireNonNull(idleResubscribe, "idleResubscribe");
            Objects.requireNonNull(minEditInterval, "minEditInterval");
            Objects.requireNonNull(lookupBudget, "lookupBudget");
            if (backoffMin.isNegative() || backoffMin.isZero() || backoffMax.compareTo(backoffMin) < 0) {
                throw new IllegalArgumentException("backoff must be positive and min <= max: " + backoffMin + ", "
                        + backoffMax);
            }
            if (idleResubscribe.isNegative() || idleResubscribe.isZero() || minEditInterval.isNegative()) {
                throw new IllegalArgumentException("idle period must be positive and edit interval not negative: "
                        + idleResubscribe + ", " + minEditInterval);
            }
        }

        /**
         * The defaults: backoff 1 s doubling to 30 s, resubscribe after 5 minutes of silence, at most one crash-loop
         * edit every 2 seconds, last lines awaited at most 300 ms.
         *
         * @return the default settings
         */
        public static Settings defaults() {
            return new Settings(Duration.ofSeconds(1), Duration.ofSeconds(30), Duration.ofMinutes(5),
                    Duration.ofSeconds(2), DEFAULT_LOOKUP_BUDGET);
        }

        /** How long an alert waits for the last lines by default: 300 ms, for a p99 under 500 ms (DESIGN §8). */
        public static final Duration DEFAULT_LOOKUP_BUDGET = Duration.ofMillis(300);
    }

    private final ContainerGateway engine;
    private final Notifications notifications;
    private final MessageSinks sinks;
    private final Executor executor;
    private final Executor inspector;
    private final Timer timer;
    private final Clock clock;
    private final Settings settings;
    private final Runnable onClose;
    private final Routes routes;
    private final CrashLoopConfig crashLoop;
    private final ExitEventDeduper deduper;

    // shared with the stream threads
    private final AtomicBoolean started = new AtomicBoolean();
    private volatile boolean closed;
    private volatile boolean subscribed;
    private volatile @Nullable Instant cursor;
    /** Events seen for the first time (replays do not count): what tells a live stream from a silent one. */
    private final AtomicLong eventsReceived = new AtomicLong();
    private final AtomicLong subscriptions = new AtomicLong();
    private final AtomicLong alertsPosted = new AtomicLong();
    private final Set<String> missingSinks = ConcurrentHashMap.newKeySet();

    // confined to the executor
    private @Nullable Closeable current;
    private int generation;
    private int failures;
    private @Nullable Instant firstSubscribedAt;
    private Instant subscribedAt = Instant.EPOCH;
    private long eventsAtSubscribe;
    private long eventsAtIdleCheck;
    private Timer.@Nullable Task idleTask;
    private Timer.@Nullable Task reconnectTask;
    private Timer.@Nullable Task sweepTask;
    private final Map<String, Track> tracks = new HashMap<>();

    /**
     * Creates a watcher; nothing happens until {@link #start()}.
     *
     * @param engine the engine to watch
     * @param notifications routes, mutes and exit causes
     * @param sinks the adapters' sinks
     * @param executor runs the watcher's work one task at a time (a single thread; a direct executor in tests)
     * @param inspector runs container look-ups off the watcher's thread when a container starts, so its details
     *     are at hand when it dies (a few threads; a direct executor in tests)
     * @param timer runs delayed work (reconnects, idle checks, throttled edits, recovery checks)
     * @param ticker for the de-duplication cache
     * @param settings timing
     * @param onClose run once at the end of {@link #close()}, e.g. to shut the executor down
     */
    public DefaultExitWatcher(ContainerGateway engine, Notifications notifications, MessageSinks sinks,
            Executor executor, Executor inspector, Timer timer, Ticker ticker, Settings settings, Runnable onClose) {
        this.engine = Objects.requireNonNull(engine, "engine");
        this.notifications = Objects.requireNonNull(notifications, "notifications");
        this.sinks = Objects.requireNonNull(sinks, "sinks");
        this.executor = Objects.requireNonNull(executor, "executor");
        this.inspector = Objects.requireNonNull(inspector, "inspector");
        this.timer = Objects.requireNonNull(timer, "timer");
        this.clock = notifications.clock();
        this.settings = Objects.requireNonNull(settings, "settings");
        this.onClose = Objects.requireNonNull(onClose, "onClose");
        this.routes = new Routes(notifications.config());
        this.crashLoop = notifications.config().crashLoop();
        this.deduper = new ExitEventDeduper(ticker);
    }

    // ======================================================================================== lifecycle

    @Override
    public void start() {
        if (closed) {
            throw new IllegalStateException("the exit watcher is closed");
        }
        if (!started.compareAndSet(false, true)) {
            throw new IllegalStateException("the exit watcher was started before");
        }
        if (!routes.any()) {
            log.info("no notification routes configured: exit alerts are off");
        }
        CompletableFuture<Void> first = new CompletableFuture<>();
        run("subscribe", () -> {
            try {
                subscribe();
            } finally {
                first.complete(null);
            }
        });
        try {
            first.get(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            log.warn("the engine event subscription is not confirmed yet; the watcher keeps trying");
        }
        sweepTask = timer.schedule(crashLoop.window(), () -> run("sweep", this::sweep));
        if (routes.any()) {
            learnRunningContainers();
        }
    }

    @Override
    public void resubscribe() {
        run("resubscribe", () -> {
            if (!closed && started.get()) {
                dropSubscription();
                subscribe();
            }
        });
    }

    @Override
    public Status status() {
        return new Status(subscribed, subscriptions.get(), Optional.ofNullable(cursor), alertsPosted.get());
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            executor.execute(() -> {
                dropSubscription();
                cancel(reconnectTask);
                cancel(sweepTask);
                for (Track t : tracks.values()) {
                    cancel(t.recovery);
                    if (t.incident != null) {
                        cancel(t.incident.editTask);
                    }
                }
            });
        } catch (RejectedExecutionException e) {
            // already shut down
        }
        onClose.run();
    }

    /** Runs a task on the executor; a failure is logged, never thrown, never kills the executor. */
    private void run(String what, Runnable task) {
        try {
            executor.execute(() -> {
                try {
                    task.run();
                } catch (RuntimeException | Error e) {
                    log.warn("exit watcher: {} failed; going on", what, e);
                }
            });
        } catch (RejectedExecutionException e) {
            if (!closed) {
                log.warn("exit watcher: {} rejected", what);
            }
        }
    }

    private Timer.Task later(Duration delay, String what, Runnable task) {
        return timer.schedule(delay, () -> run(what, task));
    }

    private static void cancel(Timer.@Nullable Task task) {
        if (task != null) {
            task.cancel();
        }
    }

    // ===================================================================================== subscription

    private void subscribe() {
        if (closed) {
            return;
        }
        cancel(reconnectTask);
        reconnectTask = null;
        int gen = ++generation;
        Instant from = cursor;
        Optional<Instant> since = Optional.ofNullable(from != null ? from : firstSubscribedAt);
        subscribedAt = clock.instant();
        if (firstSubscribedAt == null) {
            firstSubscribedAt = subscribedAt;
        }
        eventsAtSubscribe = eventsReceived.get();
        eventsAtIdleCheck = eventsAtSubscribe;
        subscriptions.incrementAndGet();
        subscribed = true;
        CompletableFuture<Void> done = new CompletableFuture<>();
        done.whenComplete((v, error) -> run("stream end", () -> onStreamEnd(gen, error)));
        try {
            current = engine.events(since, ACTIONS, this::onEvent, done);
            if (since.isPresent()) {
                log.info("subscribed to engine events again, replaying from {}", since.get());
            } else {
                log.info("subscribed to engine events");
            }
        } catch (RuntimeException e) {
            done.completeExceptionally(e);
        }
        scheduleIdleCheck(gen);
    }

    private void dropSubscription() {
        generation++; // the old stream's end is not a failure
        subscribed = false;
        cancel(idleTask);
        idleTask = null;
        Closeable c = current;
        current = null;
        if (c != null) {
            try {
                c.close();
            } catch (IOException | RuntimeException e) {
                log.debug("closing the event stream failed", e);
            }
        }
    }

    private void onStreamEnd(int gen, @Nullable Throwable error) {
        if (gen != generation || closed) {
            return;
        }
        subscribed = false;
        cancel(idleTask);
        idleTask = null;
        current = null;
        boolean wasHealthy = eventsReceived.get() > eventsAtSubscribe
                || Duration.between(subscribedAt, clock.instant()).compareTo(settings.backoffMax()) >= 0;
        if (wasHealthy) {
            failures = 0;
        }
        Duration delay = backoff(failures++);
        Instant from = cursor != null ? cursor : firstSubscribedAt;
        if (error == null) {
            log.info("the engine ended the event stream; resubscribing in {} ms from {}", delay.toMillis(), from);
        } else {
            Throwable cause = error instanceof java.util.concurrent.CompletionException && error.getCause() != null
                    ? error.getCause() : error;
            String why = cause instanceof CommandException ? cause.getMessage() : cause.getClass().getSimpleName()
                    + ": " + cause.getMessage();
            log.warn("the engine event stream failed ({}); resubscribing in {} ms from {}", why, delay.toMillis(),
                    from);
            log.debug("event stream failure", cause);
        }
        reconnectTask = later(delay, "reconnect", this::subscribe);
    }

    private Duration backoff(int failed) {
        Duration d = settings.backoffMin();
        for (int i = 0; i < failed && d.compareTo(settings.backoffMax()) < 0; i++) {
            d = d.multipliedBy(2);
        }
        return d.compareTo(settings.backoffMax()) > 0 ? settings.backoffMax() : d;
    }

    private void scheduleIdleCheck(int gen) {
        cancel(idleTask);
        idleTask = later(settings.idleResubscribe(), "idle check", () -> {
            if (gen != generation || closed) {
                return;
            }
            long now = eventsReceived.get();
            if (now == eventsAtIdleCheck) {
                log.info("no engine events for {} s; resubscribing in case the stream died silently (P06)",
                        settings.idleResubscribe().toSeconds());
                dropSubscription();
                subscribe();
            } else {
                eventsAtIdleCheck = now;
                scheduleIdleCheck(gen);
            }
        });
    }

    /** On the stream's thread: count, move the cursor, drop replays, hand over to the executor. */
    private void onEvent(EngineEvent e) {
        if (closed) {
            return;
        }
        Instant c = cursor;
        if (c == null || e.time().isAfter(c)) {
            cursor = e.time();
        }
        if (!deduper.firstSighting(e)) {
            log.debug("replayed event skipped: {} {} {}", e.action(), e.actorId(), e.time());
            return;
        }
        eventsReceived.incrementAndGet();
        run(e.action() + " of " + e.attributes().getOrDefault("name", e.actorId()), () -> handle(e));
    }

    // ===================================================================================== containers

    private void handle(EngineEvent e) {
        if (!e.type().isEmpty() && !e.type().equals("container")) {
            return;
        }
        Track busy = tracks.get(e.actorId());
        if (busy != null && busy.pendingExit) {
            busy.backlog.addLast(e); // its previous exit is being looked up: keep this container's events in order
            return;
        }
        dispatch(e);
    }

    private void dispatch(EngineEvent e) {
        switch (e.action()) {
            case "die":
                onDie(e);
                break;
            case "oom":
                watched(e).ifPresent(t -> t.oomSinceStart = true);
                break;
            case "kill":
                watched(e).ifPresent(t -> {
                    t.killSignals.add(ExitMeaning.signalName(e.attributes().getOrDefault("signal", "?")));
                    t.killAt = e.time();
                });
                break;
            case "start":
                watched(e).ifPresent(t -> onStart(t, e));
                break;
            case "destroy":
                Track gone = tracks.remove(e.actorId());
                if (gone != null) {
                    cancel(gone.recovery);
                    if (gone.incident != null) {
                        endIncident(gone, "removed");
                    }
                }
                break;
            default:
                break;
        }
    }

    /** The container's state, if any route could ever want it (routes match on name, labels and image). */
    private Optional<Track> watched(EngineEvent e) {
        Map<String, String> attrs = e.attributes();
        String name = attrs.getOrDefault("name", shortId(e.actorId()));
        String image = attrs.getOrDefault("image", "");
        Map<String, String> labels = labels(attrs);
        if (routes.targets(name, labels, image, 1).isEmpty()) {
            return Optional.ofNullable(tracks.get(e.actorId())); // keep a loop's state even if renamed away
        }
        Track t = tracks.computeIfAbsent(e.actorId(), Track::new);
        t.name = name;
        t.image = image;
        t.labels = labels;
        t.touched = clock.instant();
        return Optional.of(t);
    }

    private void onStart(Track t, EngineEvent e) {
        learn(t.id, e.time());
        t.startedAt = e.time();
        t.oomSinceStart = false;
        t.killSignals.clear();
        t.killAt = null;
        Incident inc = t.incident;
        if (inc != null) {
            cancel(t.recovery);
            Instant startedAt = e.time();
            t.recovery = later(crashLoop.recoverAfter(), "recovery check", () -> recover(t, inc, startedAt));
        }
    }

    /** What the engine tells about an exit beyond its event: the container's details and its last lines. */
    private record Lookup(@Nullable ContainerDetails details, boolean inspectedNow, List<String> lines) {}

    /**
     * A {@code die}: the container's last lines (and its details, if they were not learned at its start) are read
     * off the watcher's thread, because the engine publishes {@code die} while it still holds the container's lock
     * for its clean-up (unmount, network), so any look-up of that container waits 40-400 ms. Meanwhile the watcher
     * handles other containers; this container's later events wait in its backlog. If the look-up takes longer
     * than the budget, the alert goes out without the lines, and is edited when they come.
     */
    private void onDie(EngineEvent e) {
        String id = e.actorId();
        Optional<ExitCause> cause = notifications.claimExitCause(id);
        Optional<Track> watched = watched(e);
        if (watched.isEmpty()) {
            return;
        }
        Track t = watched.get();
        cancel(t.recovery);
        t.recovery = null;
        t.pendingExit = true;
        ContainerDetails known = t.details;
        long asked = System.nanoTime();
        CompletableFuture<Lookup> lookup = new CompletableFuture<>();
        try {
            inspector.execute(() -> {
                try {
                    ContainerDetails d = known != null ? known : inspect(id);
                    lookup.complete(new Lookup(d, known == null, d == null ? List.of() : lastLines(d)));
                } catch (RuntimeException ex) {
                    lookup.complete(new Lookup(known, false, List.of()));
                }
            });
        } catch (RejectedExecutionException ex) {
            lookup.complete(new Lookup(known, false, List.of()));
        }
        AtomicBoolean finished = new AtomicBoolean();
        Timer.Task budget = lookup.isDone() ? null : later(settings.lookupBudget(), "exit of " + t.name, () -> {
            if (finished.compareAndSet(false, true)) {
                log.debug("looking up the exit of {} takes longer than {} ms: alerting without its last lines",
                        t.name, settings.lookupBudget().toMillis());
                finishDie(t, e, cause, new Lookup(known, false, List.of()));
            }
        });
        lookup.thenAccept(found -> run("exit of " + t.name, () -> {
            cancel(budget);
            if (log.isDebugEnabled()) {
                log.debug("exit of {}: looked up in {} ms{}", t.name, (System.nanoTime() - asked) / 1_000_000,
                        found.inspectedNow() ? " (inspected)" : "");
            }
            if (finished.compareAndSet(false, true)) {
                finishDie(t, e, cause, found);
            } else {
                lateLines(t, e, found);
            }
        }));
    }

    private void finishDie(Track t, EngineEvent e, Optional<ExitCause> cause, Lookup found) {
        try {
            alertExit(t, e, cause, found);
        } finally {
            t.pendingExit = false;
            while (!t.pendingExit && !t.backlog.isEmpty()) {
                EngineEvent next = t.backlog.removeFirst();
                try {
                    dispatch(next);
                } catch (RuntimeException ex) {
                    log.warn("exit watcher: {} of {} failed; going on", next.action(), t.name, ex);
                }
            }
        }
    }

    private void alertExit(Track t, EngineEvent e, Optional<ExitCause> cause, Lookup found) {
        String id = t.id;
        ContainerDetails d = found.details();
        ContainerDetails latest = t.details; // learned at the latest start, possibly after the look-up began
        if (d != null && latest != null && latest.id().equals(d.id()) && latest.restartCount() > d.restartCount()) {
            d = latest;
        }
        OptionalLong code = parseCode(e.attributes().get("exitCode"));
        boolean oom = t.oomSinceStart || (found.inspectedNow() && d != null && d.oomKilled());
        Instant killAt = t.killAt;
        Optional<String> killed = killAt != null && !t.killSignals.isEmpty()
                && Duration.between(killAt, e.time()).compareTo(KILL_TO_EXIT) <= 0
                ? Optional.of(String.join(", then ", t.killSignals)) : Optional.empty();
        ExitAlerts.Exit exit = new ExitAlerts.Exit(id, t.name, t.image, code, oom, ran(t, d, e.time()),
                found.lines(), cause, killed, d == null ? "no" : d.restartPolicy(), d == null ? 0 : d.restartCount(),
                d != null);
        t.lastExit = exit;
        t.lastDieAt = e.time();
        t.exits.addLast(e.time());
        Instant windowStart = e.time().minus(crashLoop.window());
        while (!t.exits.isEmpty() && t.exits.peekFirst().isBefore(windowStart)) {
            t.exits.removeFirst();
        }
        if (notifications.mutedFor(t.name).isPresent()) {
            log.debug("{} is muted: exit {} not alerted", t.name, code);
            return;
        }
        List<Target> targets = routes.targets(t.name, t.labels, t.image, code.orElse(1));
        Incident inc = t.incident;
        boolean byHand = cause.isPresent() || killed.isPresent();
        if (byHand) {
            if (inc != null) {
                endIncident(t, cause.map(ExitCause::describe)
                        .orElse("stopped outside the bot (docker stop or kill)"));
                return;
            }
            postSingle(t, exit, targets);
            return;
        }
        // a restart policy that brings it back after this exit, and a second exit within the window: a loop, not a
        // single exit. (RestartCount is not required: it is learned asynchronously at each start and may lag.)
        boolean policyLoop = d != null && code.isPresent() && d.restartsAfter(code.getAsLong())
                && t.exits.size() >= 2;
        boolean looping = inc != null || policyLoop || t.exits.size() >= crashLoop.exits();
        if (!looping) {
            postSingle(t, exit, targets);
            return;
        }
        Instant now = clock.instant();
        if (inc != null && inc.openedAt.plus(crashLoop.window()).isBefore(now)) {
            // one alert per window: an old loop alert has scrolled away, start a fresh one
            cancel(inc.editTask);
            inc.closed = true;
            inc = null;
        }
        if (inc == null) {
            inc = new Incident(now);
            Alert previous = t.lastAlert;
            if (previous != null && !previous.postedAt.plus(crashLoop.window()).isBefore(now)) {
                // the exit alert that started it becomes the loop alert: one message, edited in place
                inc.messages.putAll(previous.messages);
                inc.shown.putAll(previous.shown);
            }
            t.lastAlert = null;
            t.incident = inc;
        }
        inc.last = exit;
        inc.exits = t.exits.size();
        Reply r = inc.render(crashLoop.window());
        for (Target target : targets) {
            if (!inc.messages.containsKey(target)) {
                inc.messages.put(target, post(target, r));
                inc.shown.put(target, r);
            }
        }
        requestEdit(inc);
    }

    /** The last lines of an exit already alerted without them (the look-up took longer than the budget). */
    private void lateLines(Track t, EngineEvent e, Lookup found) {
        ExitAlerts.Exit posted = t.lastExit;
        if ((found.lines().isEmpty() && found.details() == null) || posted == null || !e.time().equals(t.lastDieAt)) {
            return;
        }
        ContainerDetails d = found.details();
        ExitAlerts.Exit complete = d == null ? posted.withLines(found.lines())
                : new ExitAlerts.Exit(posted.containerId(), posted.name(), posted.image(), posted.exitCode(),
                        posted.oomKilled() || found.inspectedNow() && d.oomKilled(), posted.ran().isPresent()
                                ? posted.ran() : ran(t, d, e.time()), found.lines(), posted.cause(),
                        posted.killSignal(), d.restartPolicy(), d.restartCount(), true);
        t.lastExit = complete;
        Alert a = t.lastAlert;
        if (a != null && a.exit == posted) {
            a.exit = complete;
            Reply r = ExitAlerts.single(complete);
            for (Map.Entry<Target, CompletableFuture<MessageRef>> m : a.messages.entrySet()) {
                a.shown.put(m.getKey(), r);
                m.setValue(edit(m.getKey(), m.getValue(), r));
            }
        }
        Incident inc = t.incident;
        if (inc != null && inc.last == posted) {
            inc.last = complete;
            requestEdit(inc);
        }
    }

    private void postSingle(Track t, ExitAlerts.Exit exit, List<Target> targets) {
        if (targets.isEmpty()) {
            return;
        }
        Reply r = ExitAlerts.single(exit);
        Alert a = new Alert(clock.instant(), exit);
        for (Target target : targets) {
            a.messages.put(target, post(target, r));
            a.shown.put(target, r);
        }
        t.lastAlert = a;
    }

    private void recover(Track t, Incident inc, Instant startedAt) {
        if (t.incident != inc || inc.closed || (t.lastDieAt != null && t.lastDieAt.isAfter(startedAt))) {
            return;
        }
        if (notifications.mutedFor(t.name).isEmpty()) {
            Reply r = ExitAlerts.recovered(t.name, crashLoop.recoverAfter(), inc.exits);
            for (Target target : inc.messages.keySet()) {
                post(target, r);
            }
        }
        endIncident(t, ExitAlerts.since(startedAt));
    }

    private void endIncident(Track t, String ending) {
        Incident inc = t.incident;
        t.incident = null;
        t.exits.clear();
        t.lastAlert = null;
        if (inc == null || inc.closed) {
            return;
        }
        cancel(inc.editTask);
        inc.editTask = null;
        inc.ending = ending;
        if (notifications.mutedFor(t.name).isEmpty()) {
            editNow(inc);
        }
        inc.closed = true;
    }

    private void requestEdit(Incident inc) {
        if (inc.editTask != null || inc.closed) {
            return; // a pending edit renders the latest state when it runs
        }
        Instant now = clock.instant();
        Duration since = inc.lastEditAt == null ? settings.minEditInterval()
                : Duration.between(inc.lastEditAt, now);
        if (since.compareTo(settings.minEditInterval()) >= 0) {
            editNow(inc);
            return;
        }
        inc.editTask = later(settings.minEditInterval().minus(since), "crash-loop edit", () -> {
            inc.editTask = null;
            if (!inc.closed) {
                editNow(inc);
            }
        });
    }

    private void editNow(Incident inc) {
        if (inc.last == null) {
            return;
        }
        Reply r = inc.render(crashLoop.window());
        inc.lastEditAt = clock.instant();
        for (Map.Entry<Target, CompletableFuture<MessageRef>> m : inc.messages.entrySet()) {
            Target target = m.getKey();
            if (r.equals(inc.shown.get(target))) {
                continue;
            }
            inc.shown.put(target, r);
            m.setValue(edit(target, m.getValue(), r));
        }
    }

    /**
     * Looks a container up off the watcher's thread and keeps its details for its exit alert: its TTY (to read its
     * output right), its restart policy and count, when it started.
     *
     * @param id the container
     * @param startedAt the engine time of the start event, to drop an answer older than a later start
     */
    private void learn(String id, Instant startedAt) {
        try {
            inspector.execute(() -> {
                ContainerDetails d = inspectQuietly(id);
                if (d != null) {
                    run("details of " + d.name(), () -> {
                        Track t = tracks.get(id);
                        if (t != null && (t.startedAt == null || !t.startedAt.isAfter(startedAt))) {
                            t.details = d;
                        }
                    });
                }
            });
        } catch (RejectedExecutionException e) {
            // closing
        }
    }

    /** At start: the running containers some route matches, so that their first exit is alerted fast too. */
    private void learnRunningContainers() {
        try {
            inspector.execute(() -> {
                List<dev.stevedore.core.engine.ContainerSummary> running;
                try {
                    running = engine.listContainers(false);
                } catch (RuntimeException e) {
                    log.debug("cannot list the running containers: {}", safe(e));
                    return;
                }
                for (dev.stevedore.core.engine.ContainerSummary c : running) {
                    if (routes.targets(c.name(), c.labels(), c.image(), 1).isEmpty() || closed) {
                        continue;
                    }
                    ContainerDetails d = inspectQuietly(c.id());
                    if (d != null) {
                        run("details of " + d.name(), () -> {
                            Track t = tracks.computeIfAbsent(d.id(), Track::new);
                            if (t.details == null && t.startedAt == null) {
                                t.name = d.name();
                                t.image = d.image();
                                t.labels = d.labels();
                                t.details = d;
                            }
                        });
                    }
                }
            });
        } catch (RejectedExecutionException e) {
            // closing
        }
    }

    private @Nullable ContainerDetails inspectQuietly(String id) {
        try {
            return engine.inspect(new ContainerRef(id));
        } catch (RuntimeException e) {
            return null;
        }
    }

    // ======================================================================================== engine

    private @Nullable ContainerDetails inspect(String id) {
        for (int attempt = 1; ; attempt++) {
            try {
                return engine.inspect(new ContainerRef(id));
            } catch (NoSuchContainerException e) {
                return null; // removed already (--rm, rm -f)
            } catch (RuntimeException e) {
                if (attempt >= 2) {
                    log.warn("cannot inspect {} for its exit alert: {}", shortId(id), safe(e));
                    return null;
                }
                // a pooled connection may be stale after an engine restart: one retry
            }
        }
    }

    private List<String> lastLines(ContainerDetails d) {
        int n = notifications.config().logLines();
        if (n == 0) {
            return List.of();
        }
        try {
            List<StreamLine> lines = engine.logs(d.id(), OptionalInt.of(n), false, d.tty());
            List<String> out = new ArrayList<>(lines.size());
            int from = Math.max(0, lines.size() - n);
            for (int i = from; i < lines.size(); i++) {
                out.add(lines.get(i).text());
            }
            return out;
        } catch (RuntimeException e) {
            log.debug("cannot read the last lines of {}: {}", d.name(), safe(e));
            return List.of();
        }
    }

    private static Optional<Duration> ran(Track t, @Nullable ContainerDetails d, Instant died) {
        if (d != null && d.startedAt().isPresent() && d.finishedAt().isPresent()) {
            Instant s = d.startedAt().get();
            Instant f = d.finishedAt().get();
            if (!f.isBefore(s) && Duration.between(f, died).abs().compareTo(SAME_EXIT) <= 0) {
                return Optional.of(Duration.between(s, f));
            }
        }
        if (t.startedAt != null && !died.isBefore(t.startedAt)) {
            return Optional.of(Duration.between(t.startedAt, died));
        }
        if (d != null && d.startedAt().isPresent() && !died.isBefore(d.startedAt().get())) {
            return Optional.of(Duration.between(d.startedAt().get(), died));
        }
        return Optional.empty();
    }

    // ========================================================================================= sinks

    private CompletableFuture<MessageRef> post(Target target, Reply r) {
        Optional<MessageSink> sink = sinks.get(target.platform());
        if (sink.isEmpty()) {
            if (missingSinks.add(target.key())) {
                log.warn("no {} adapter is running: notices to {} are dropped", target.platform(), target.key());
            }
            return CompletableFuture.failedFuture(new IllegalStateException("no sink for " + target.key()));
        }
        missingSinks.remove(target.key());
        alertsPosted.incrementAndGet();
        try {
            CompletableFuture<MessageRef> f = sink.get().post(target.conversation(), r);
            f.whenComplete((ref, error) -> {
                if (error != null) {
                    log.warn("posting a notice to {} failed: {}", target.key(), safe(error));
                }
            });
            return f;
        } catch (RuntimeException e) {
            log.warn("posting a notice to {} failed: {}", target.key(), safe(e));
            return CompletableFuture.failedFuture(e);
        }
    }

    private CompletableFuture<MessageRef> edit(Target target, CompletableFuture<MessageRef> posted, Reply r) {
        return posted.thenCompose(ref -> {
            Optional<MessageSink> sink = sinks.get(target.platform());
            if (sink.isEmpty()) {
                return CompletableFuture.completedFuture(ref);
            }
            try {
                return sink.get().edit(ref, r).handle((edited, error) -> {
                    if (error != null) {
                        log.warn("editing a notice in {} failed: {}", target.key(), safe(error));
                        return ref;
                    }
                    // a sink may post anew when the first post had failed (empty id): edit that message next time
                    return edited == null ? ref : edited;
                });
            } catch (RuntimeException e) {
                log.warn("editing a notice in {} failed: {}", target.key(), safe(e));
                return CompletableFuture.completedFuture(ref);
            }
        });
    }

    // ====================================================================================== helpers

    private void sweep() {
        Instant cutoff = clock.instant().minus(crashLoop.window().multipliedBy(2));
        tracks.values().removeIf(t -> t.incident == null && t.recovery == null && t.touched.isBefore(cutoff));
        sweepTask = later(crashLoop.window(), "sweep", this::sweep);
    }

    private static Map<String, String> labels(Map<String, String> attributes) {
        Map<String, String> labels = new HashMap<>(attributes);
        labels.remove("name");
        labels.remove("image");
        labels.remove("exitCode");
        labels.remove("signal");
        return labels;
    }

    private static OptionalLong parseCode(@Nullable String code) {
        if (code == null) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Long.parseLong(code.strip()));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    private static String safe(Throwable e) {
        return e instanceof CommandException ? String.valueOf(e.getMessage()) : e.getClass().getSimpleName();
    }

    private static String shortId(String id) {
        return id.substring(0, Math.min(12, id.length()));
    }

    /** One watched container. Confined to the executor. */
    private final class Track {
        final String id;
        String name;
        String image = "";
        Map<String, String> labels = Map.of();
        Instant touched = clock.instant();
        @Nullable Instant startedAt;
        @Nullable Instant lastDieAt;
        boolean oomSinceStart;
        final List<String> killSignals = new ArrayList<>();
        @Nullable Instant killAt;
        final Deque<Instant> exits = new ArrayDeque<>();
        ExitAlerts.@Nullable Exit lastExit;
        /** What the engine said about it when it last started; confined to the executor. */
        @Nullable ContainerDetails details;
        /** Whether an exit is being looked up; its later events wait in {@link #backlog}. */
        boolean pendingExit;
        final Deque<EngineEvent> backlog = new ArrayDeque<>();
        @Nullable Alert lastAlert;
        @Nullable Incident incident;
        Timer.@Nullable Task recovery;

        Track(String id) {
            this.id = id;
            this.name = shortId(id);
        }
    }

    /** A posted single-exit alert, by target. */
    private static final class Alert {
        final Instant postedAt;
        ExitAlerts.Exit exit;
        final Map<Target, CompletableFuture<MessageRef>> messages = new LinkedHashMap<>();
        final Map<Target, Reply> shown = new HashMap<>();

        Alert(Instant postedAt, ExitAlerts.Exit exit) {
            this.postedAt = postedAt;
            this.exit = exit;
        }
    }

    /** A crash loop: one alert per target, edited in place. */
    private static final class Incident {
        final Instant openedAt;
        final Map<Target, CompletableFuture<MessageRef>> messages = new LinkedHashMap<>();
        final Map<Target, Reply> shown = new HashMap<>();
        ExitAlerts.@Nullable Exit last;
        int exits;
        @Nullable String ending;
        @Nullable Instant lastEditAt;
        Timer.@Nullable Task editTask;
        boolean closed;

        Incident(Instant openedAt) {
            this.openedAt = openedAt;
        }

        Reply render(Duration window) {
            ExitAlerts.Exit e = Objects.requireNonNull(last, "last");
            return ending == null ? ExitAlerts.crashLoop(e, exits, window)
                    : ExitAlerts.loopEnded(e, exits, window, ending);
        }
    }
}
