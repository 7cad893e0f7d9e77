package dev.stevedore.core.testing;

import dev.stevedore.core.command.ContainerRef;
import dev.stevedore.core.command.ContainerSpec;
import dev.stevedore.core.engine.ContainerDetails;
import dev.stevedore.core.engine.ContainerGateway;
import dev.stevedore.core.engine.ContainerSummary;
import dev.stevedore.core.engine.EngineEvent;
import dev.stevedore.core.engine.EngineVersion;
import dev.stevedore.core.engine.ImageSummary;
import dev.stevedore.core.engine.PullResult;
import dev.stevedore.core.error.ConflictException;
import dev.stevedore.core.error.EngineUnavailableException;
import dev.stevedore.core.error.NoSuchContainerException;
import dev.stevedore.core.error.NoSuchImageException;
import dev.stevedore.core.error.UsageException;
import dev.stevedore.core.internal.text.Humanize;
import dev.stevedore.core.stream.StreamLine;
import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * An in-memory Docker Engine behind our {@link ContainerGateway} port, for unit tests of everything above the
 * engine (bus, handlers, streams, adapters).
 *
 * <p>It keeps containers (64-hex ids, names, images, states, labels, TTY, exit codes, scripted output), images and a
 * small "registry" for {@code pull}, and follows the engine's observable rules where the bot depends on them:
 * <ul>
 *   <li>references resolve as the engine does: full id, then exact name, then unique id prefix (an ambiguous prefix
 *       is a usage error, nothing matching is {@link NoSuchContainerException});
 *   <li>{@code remove} of a running container without force is a {@link ConflictException};
 *   <li>{@code start} of a running container and {@code stop} of a stopped one return {@code false} (status 304);
 *   <li>{@code awaitExit} of a container that is not running completes at once with its exit code (the engine's
 *       default {@code not-running} wait condition), otherwise when it exits; {@code awaitNextExit} always waits
 *       for the next exit ({@code next-exit});
 *   <li>a follow of a stopped container sends its output and ends; of a running one, stays open until it exits or
 *       the handle is closed.
 * </ul>
 *
 * <p>It also publishes the engine's container events as the engine does ({@code start}; {@code kill} then
 * {@code die} on stop; {@code die} on {@link #setExited}; {@code destroy} on removal), keeps the last
 * {@link #EVENT_BUFFER} of them for {@code since} replays, and lets tests publish any event ({@link #emitEvent}), make
 * a container exit ({@link #emitExit}), and end or break the event streams as an engine restart would
 * ({@link #endEventStreams}, {@link #failEventStreams}). Each event gets a distinct time: the clock plus a
 * nanosecond sequence.
 *
 * <p>Every port call is recorded in {@link #calls()} as {@code "method arg..."}, e.g.
 * {@code "remove <id> force=false"}.
 * Calls can be slowed ({@link #delay}), held until released ({@link #blockCalls}) or made to fail ({@link #failOn}).
 * Output callbacks run on the thread that causes them (the caller of {@link #print} or {@link #setExited}), never
 * while the fake holds its lock. Thread-safe.
 */
public final class FakeContainerGateway implements ContainerGateway {
    /** What {@link #host()} answers. */
    public static final String HOST = "fake://engine";
    /** The image new containers get unless told otherwise. */
    public static final String DEFAULT_IMAGE = "busybox:latest";

    private final Clock clock;
    private final List<Container> containers = new ArrayList<>(); // guarded by this
    private final List<ImageSummary> images = new ArrayList<>(); // guarded by this
    private final List<String> registry = new ArrayList<>(); // guarded by this
    private final List<String> calls = new CopyOnWriteArrayList<>();
    private final Map<String, RuntimeException> failures = new ConcurrentHashMap<>();
    private final AtomicInteger sequence = new AtomicInteger();
    private final Semaphore heldCalls = new Semaphore(0);
    private volatile Duration delay = Duration.ZERO;
    private volatile @Nullable CountDownLatch gate;
    private volatile EngineVersion version = new EngineVersion("24.0.7", "1.43", "linux", "amd64");
    private volatile boolean closed;
    private final List<EngineEvent> eventLog = new ArrayList<>(); // guarded by this
    private final List<EventSubscriber> eventSubscribers = new CopyOnWriteArrayList<>();
    private final AtomicLong eventNanos = new AtomicLong();

    /** How many past events the fake keeps for {@code since} replays, as the engine does: 256. */
    public static final int EVENT_BUFFER = 256;

    /** A fake engine on the system clock. */
    public FakeContainerGateway() {
        this(Clock.systemUTC());
    }

    /**
     * A fake engine whose creation and start times, statuses and timestamps come from {@code clock}.
     *
     * @param clock e.g. a {@link MutableClock}
     */
    public FakeContainerGateway(Clock clock) {
        this.clock = clock;
    }

    // =====================================================================================================
    // Test set-up and inspection
    // =====================================================================================================

    /**
     * Adds a running container from {@link #DEFAULT_IMAGE}.
     *
     * @param name its name
     * @return the container, for further set-up
     * @throws IllegalStateException if the name is taken
     */
    public Container addRunning(String name) {
        Container c = add(name);
        synchronized (this) {
            c.state = "running";
            c.startedAt = clock.instant();
        }
        return c;
    }

    /**
     * Adds a container that ran and exited.
     *
     * @param name its name
     * @param exitCode its exit code
     * @return the container
     * @throws IllegalStateException if the name is taken
     */
    public Container addExited(String name, long exitCode) {
        Container c = add(name);
        synchronized (this) {
            c.state = "exited";
            c.exitCode = exitCode;
            c.startedAt = clock.instant();
            c.finishedAt = clock.instant();
        }
        return c;
    }

    /**
     * Adds a container that was created and never started.
     *
     * @param name its name
     * @return the container
     * @throws IllegalStateException if the name is taken
     */
    public Container addCreated(String name) {
        return add(name);
    }

    private synchronized Container add(String name) {
        if (findByName(name).isPresent()) {
            throw new IllegalStateException("a container named " + name + " already exists");
        }
        Container c = new Container(newId(name), name);
        containers.add(c);
        return c;
    }

    /**
     * A container by name, full id or unique id prefix.
     *
     * @param nameOrId the reference
     * @return the container
     * @throws AssertionError if there is none
     */
    public Container container(String nameOrId) {
        return find(nameOrId).orElseThrow(() -> new AssertionError("fake engine has no container " + nameOrId));
    }

    /**
     * A container by name, full id or unique id prefix, if it exists.
     *
     * @param nameOrId the reference
     * @return the container, or empty
     */
    public synchronized Optional<Container> find(String nameOrId) {
        try {
            return Optional.of(resolve(nameOrId));
        } catch (NoSuchContainerException | UsageException e) {
            return Optional.empty();
        }
    }

    /**
     * Whether a container exists, by name or id.
     *
     * @param nameOrId the reference
     * @return true if it does
     */
    public boolean exists(String nameOrId) {
        return find(nameOrId).isPresent();
    }

    /**
     * All containers, in the order they were added.
     *
     * @return a snapshot
     */
    public synchronized List<Container> containers() {
        return List.copyOf(containers);
    }

    /**
     * Removes a container behind the bot's back (as another user of the engine would); not recorded as a call.
     *
     * @param nameOrId the container
     */
    public void removeContainer(String nameOrId) {
        Container c = container(nameOrId);
        Runnable notify;
        boolean wasRunning;
        synchronized (this) {
            wasRunning = c.running();
            notify = wasRunning ? c.exitLocked(137) : () -> { };
            containers.remove(c);
        }
        notify.run();
        if (wasRunning) {
            publish(c, "die", Map.of("exitCode", "137"));
        }
        publish(c, "destroy", Map.of());
    }

    /**
     * Starts a container behind the bot's back; not recorded as a call.
     *
     * @param nameOrId the container
     */
    public void setRunning(String nameOrId) {
        Container c = container(nameOrId);
        synchronized (this) {
            c.state = "running";
            c.startedAt = clock.instant();
        }
        publish(c, "start", Map.of());
    }

    /**
     * Makes a container exit (as if its main process ended): followers get end of stream, {@code awaitExit} futures
     * complete with the code, and a container created with {@code --rm} disappears. Not recorded as a call.
     *
     * @param nameOrId the container
     * @param exitCode the exit code
     */
    public void setExited(String nameOrId, long exitCode) {
        Container c = container(nameOrId);
        Runnable notify;
        synchronized (this) {
            notify = c.exitLocked(exitCode);
        }
        notify.run();
        publish(c, "die", Map.of("exitCode", String.valueOf(exitCode)));
    }

    /**
     * The container prints lines on stdout: they are kept for {@code logs} and sent to every follower and attached
     * session.
     *
     * @param nameOrId the container
     * @param lines the lines, without newlines
     */
    public void print(String nameOrId, String... lines) {
        emit(nameOrId, StreamLine.Source.STDOUT, lines);
    }

    /**
     * The container prints lines on stderr.
     *
     * @param nameOrId the container
     * @param lines the lines
     */
    public void printError(String nameOrId, String... lines) {
        emit(nameOrId, StreamLine.Source.STDERR, lines);
    }

    private void emit(String nameOrId, StreamLine.Source source, String... lines) {
        Container c = container(nameOrId);
        List<Subscriber> targets;
        List<StreamLine> out = new ArrayList<>();
        synchronized (this) {
            for (String l : lines) {
                StreamLine line = new StreamLine(c.tty ? StreamLine.Source.STDOUT : source, l);
                c.output.add(line);
                out.add(line);
            }
            targets = List.copyOf(c.subscribers);
        }
        for (Subscriber s : targets) {
            out.forEach(s::deliver);
        }
    }

    /**
     * Adds a local image.
     *
     * @param repoTag e.g. {@code "busybox:1.36"}; a missing tag means {@code latest}
     * @param sizeBytes its size
     * @return the image id, {@code sha256:…}
     */
    public synchronized String addImage(String repoTag, long sizeBytes) {
        String ref = normalize(repoTag);
        String id = "sha256:" + newId(ref);
        images.add(new ImageSummary(id, List.of(ref), clock.instant(), sizeBytes));
        return id;
    }

    /**
     * Adds a dangling image (no repository, no tag).
     *
     * @param sizeBytes its size
     * @return the image id
     */
    public synchronized String addDanglingImage(long sizeBytes) {
        String id = "sha256:" + newId("<none>");
        images.add(new ImageSummary(id, List.of(), clock.instant(), sizeBytes));
        return id;
    }

    /**
     * Makes an image available to {@code pull}.
     *
     * @param reference e.g. {@code "127.0.0.1:5000/team/app:1.2"}
     */
    public synchronized void addToRegistry(String reference) {
        registry.add(normalize(reference));
    }

    /**
     * The local images.
     *
     * @return a snapshot, in the order they were added
     */
    public synchronized List<ImageSummary> images() {
        return List.copyOf(images);
    }

    /**
     * Sets what {@link #version()} answers.
     *
     * @param engineVersion the version
     */
    public void setVersion(EngineVersion engineVersion) {
        this.version = engineVersion;
    }

    /**
     * Every port call so far, in order, e.g. {@code "inspect web"}, {@code "remove <64-hex id> force=true"}.
     *
     * @return a snapshot
     */
    public List<String> calls() {
        return List.copyOf(calls);
    }

    /**
     * The calls of one method.
     *
     * @param method e.g. {@code "remove"}
     * @return the matching entries, in order
     */
    public List<String> calls(String method) {
        return calls.stream().filter(c -> c.equals(method) || c.startsWith(method + " ")).toList();
    }

    /** Forgets the recorded calls. */
    public void clearCalls() {
        calls.clear();
    }

    /**
     * Makes every later call of {@code method} throw {@code failure} (after it is recorded), until cleared.
     *
     * @param method the port method name, e.g. {@code "listContainers"}
     * @param failure what to throw, e.g. a {@link EngineUnavailableException} or any bug-like runtime exception
     */
    public void failOn(String method, RuntimeException failure) {
        failures.put(method, failure);
    }

    /** Removes every failure set with {@link #failOn}. */
    public void clearFailures() {
        failures.clear();
    }

    /**
     * Makes every later call sleep first, like a slow engine.
     *
     * @param perCall how long; zero for none
     */
    public void delay(Duration perCall) {
        this.delay = perCall;
    }

    /**
     * Holds every later call until {@link #releaseCalls()}, like a stalled engine. Use
     * {@link #awaitHeldCall(Duration)} to know a call is waiting.
     */
    public void blockCalls() {
        gate = new CountDownLatch(1);
    }

    /**
     * Waits until some call is held by {@link #blockCalls()}.
     *
     * @param timeout how long to wait
     * @return true if a call is held
     * @throws InterruptedException if interrupted
     */
    public boolean awaitHeldCall(Duration timeout) throws InterruptedException {
        return heldCalls.tryAcquire(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Lets held calls (and later ones) go on. */
    public void releaseCalls() {
        CountDownLatch g = gate;
        gate = null;
        if (g != null) {
            g.countDown();
        }
    }

    /**
     * The follow and attach connections still open (not closed by the client, not ended by an exit).
     *
     * @return the count
     */
    public synchronized int openStreams() {
        int n = 0;
        for (Container c : containers) {
            n += c.subscribers.size();
        }
        return n;
    }

    /**
     * Whether {@link #close()} was called.
     *
     * @return true once closed
     */
    public boolean isClosed() {
        return closed;
    }

    // =====================================================================================================
    // The port
    // =====================================================================================================

    @Override
    public String host() {
        return HOST;
    }

    @Override
    public void ping() {
        enter("ping");
    }

    @Override
    public EngineVersion version() {
        enter("version");
        return version;
    }

    @Override
    public List<ContainerSummary> listContainers(boolean all) {
        enter("listContainers", "all=" + all);
        synchronized (this) {
            return newestFirst().stream()
                    .filter(c -> all || c.running())
                    .map(c -> c.summary(-1))
                    .toList();
        }
    }

    @Override
    public List<ContainerSummary> listStopped() {
        enter("listStopped");
        synchronized (this) {
            return newestFirst().stream()
                    .filter(c -> c.state.equals("created") || c.state.equals("exited") || c.state.equals("dead"))
                    .map(c -> c.summary(c.sizeRw))
                    .toList();
        }
    }

    @Override
    public ContainerDetails inspect(ContainerRef ref) {
        enter("inspect", ref.value());
        synchronized (this) {
            return resolve(ref.value()).details();
        }
    }

    @Override
    public String create(ContainerSpec spec) {
        enter("create", spec.image() + spec.name().map(n -> " name=" + n).orElse(""));
        synchronized (this) {
            if (!hasImage(spec.image())) {
                throw new NoSuchImageException("no such image: " + spec.image() + " (pull it first)");
            }
            String name = spec.name().orElse("fake_" + (sequence.get() + 1));
            if (findByName(name).isPresent()) {
                throw new ConflictException("the name " + name
                        + " is already in use by another container — rm it or pick another name");
            }
            Container c = new Container(newId(name), name);
            c.image = spec.image();
            c.command = spec.command().isEmpty() ? "sh" : String.join(" ", spec.command());
            c.tty = spec.tty();
            c.openStdin = spec.interactive();
            c.autoRemove = spec.autoRemove();
            c.ports.addAll(spec.ports());
            for (String l : spec.labels()) {
                int eq = l.indexOf('=');
                c.labels.put(eq < 0 ? l : l.substring(0, eq), eq < 0 ? "" : l.substring(eq + 1));
            }
            c.env.addAll(spec.env());
            containers.add(c);
            return c.id;
        }
    }

    @Override
    public boolean start(String id) {
        enter("start", id);
        synchronized (this) {
            Container c = byId(id);
            if (c.running()) {
                return false;
            }
            c.state = "running";
            c.startedAt = clock.instant();
        }
        publish(byIdOrNull(id), "start", Map.of());
        return true;
    }

    @Override
    public boolean stop(String id, Duration timeout) {
        enter("stop", id, "timeout=" + timeout.toSeconds());
        Runnable notify;
        Container stopped;
        synchronized (this) {
            Container c = byId(id);
            if (!c.running()) {
                return false;
            }
            notify = c.exitLocked(c.stopExitCode);
            stopped = c;
        }
        publish(stopped, "kill", Map.of("signal", "15"));
        notify.run();
        publish(stopped, "die", Map.of("exitCode", String.valueOf(stopped.exitCode())));
        return true;
    }

    @Override
    public void restart(String id, Duration timeout) {
        enter("restart", id, "timeout=" + timeout.toSeconds());
        Runnable notify;
        Container c;
        boolean wasRunning;
        synchronized (this) {
            c = byId(id);
            wasRunning = c.running();
            notify = wasRunning ? c.exitLocked(c.stopExitCode) : () -> { };
            c.state = "running";
            c.startedAt = clock.instant();
            if (!containers.contains(c)) { // --rm containers are not removed by a restart
                containers.add(c);
            }
        }
        if (wasRunning) {
            publish(c, "kill", Map.of("signal", "15"));
        }
        notify.run();
        if (wasRunning) {
            publish(c, "die", Map.of("exitCode", String.valueOf(c.exitCode())));
        }
        publish(c, "start", Map.of());
    }

    @Override
    public void rename(String id, String newName) {
        enter("rename", id, newName);
        synchronized (this) {
            Container c = byId(id);
            Optional<Container> other = findByName(newName);
            if (other.isPresent() && other.get() != c) {
                throw new ConflictException("the name " + newName + " is already in use by another container");
            }
            c.name = newName;
        }
    }

    @Override
    public void remove(String id, boolean force) {
        enter("remove", id, "force=" + force);
        Runnable notify = () -> { };
        Container c;
        boolean killed = false;
        synchronized (this) {
            c = byId(id);
            if (c.running()) {
                if (!force) {
                    throw new ConflictException(c.shortId() + " is running — stop it first or use rm -f");
                }
                notify = c.exitLocked(137);
                killed = true;
            }
            containers.remove(c);
        }
        if (killed) {
            publish(c, "kill", Map.of("signal", "9"));
        }
        notify.run();
        if (killed) {
            publish(c, "die", Map.of("exitCode", "137"));
        }
        publish(c, "destroy", Map.of());
    }

    @Override
    public String commit(String id, @Nullable String repository, @Nullable String tag) {
        enter("commit", id, String.valueOf(repository), String.valueOf(tag));
        synchronized (this) {
            Container c = byId(id);
            String imageId = "sha256:" + newId("commit:" + c.id);
            List<String> tags = repository == null ? List.of()
                    : List.of(repository + ":" + (tag == null ? "latest" : tag));
            images.add(new ImageSummary(imageId, tags, clock.instant(), Math.max(0, c.sizeRw)));
            return imageId;
        }
    }

    @Override
    public List<ImageSummary> listImages() {
        enter("listImages");
        synchronized (this) {
            List<ImageSummary> out = new ArrayList<>(images);
            out.sort(Comparator.comparing(ImageSummary::created).reversed());
            return out;
        }
    }

    @Override
    public PullResult pull(String reference, Consumer<String> progress) {
        enter("pull", reference);
        String ref = normalize(reference);
        synchronized (this) {
            if (!registry.contains(ref)) {
                throw new NoSuchImageException("cannot pull " + ref + ": manifest unknown");
            }
        }
        progress.accept("Pulling from " + ref);
        Optional<ImageSummary> local = localImage(ref);
        if (local.isPresent()) {
            progress.accept("Status: Image is up to date for " + ref);
            return new PullResult(ref, local.get().id(), true);
        }
        progress.accept("Download complete");
        String id = addImage(ref, 4_261_000);
        return new PullResult(ref, id, false);
    }

    @Override
    public List<StreamLine> logs(String id, OptionalInt tailLines, boolean timestamps, boolean tty) {
        enter("logs", id, "tail=" + (tailLines.isPresent() ? tailLines.getAsInt() : "all"));
        synchronized (this) {
            return tail(byId(id), tailLines, timestamps);
        }
    }

    /** {@inheritDoc} The fake keeps no log times: with {@code since} every line counts as recent; the call records it. */
    @Override
    public void logs(String id, OptionalInt tailLines, Optional<Instant> since, boolean timestamps, boolean tty,
            Consumer<StreamLine> each) {
        if (since.isEmpty()) {
            logs(id, tailLines, timestamps, tty, each);
            return;
        }
        enter("logs", id, "tail=" + (tailLines.isPresent() ? tailLines.getAsInt() : "all"), "since=" + since.get());
        List<StreamLine> lines;
        synchronized (this) {
            lines = tail(byId(id), tailLines, timestamps);
        }
        lines.forEach(each);
    }

    /** {@inheritDoc} The fake keeps no log times: with {@code since} every past line counts as recent. */
    @Override
    public Closeable followLogs(String id, OptionalInt tailLines, Optional<Instant> since, boolean timestamps,
            boolean tty, Consumer<StreamLine> lines, CompletableFuture<Void> done) {
        return followLogs(id, tailLines, timestamps, tty, lines, done);
    }

    @Override
    public Closeable followLogs(String id, OptionalInt tailLines, boolean timestamps, boolean tty,
            Consumer<StreamLine> lines, CompletableFuture<Void> done) {
        enter("followLogs", id, "tail=" + (tailLines.isPresent() ? tailLines.getAsInt() : "all"));
        List<StreamLine> past;
        Subscriber s;
        boolean ended;
        synchronized (this) {
            Container c = byId(id);
            past = tail(c, tailLines, timestamps);
            s = new Subscriber(c, lines, done, null);
            ended = !c.running();
            if (!ended) {
                c.subscribers.add(s);
            }
        }
        past.forEach(s::deliver);
        if (ended) {
            done.complete(null);
        }
        return s;
    }

    @Override
    public Closeable attach(String id, boolean tty, @Nullable InputStream stdin, Consumer<StreamLine> lines,
            CompletableFuture<Void> done) {
        enter("attach", id, "stdin=" + (stdin != null));
        Subscriber s;
        synchronized (this) {
            Container c = byId(id);
            s = new Subscriber(c, lines, done, stdin);
            c.subscribers.add(s);
        }
        s.readStdin();
        return s;
    }

    @Override
    public CompletableFuture<Long> awaitExit(String id) {
        enter("awaitExit", id);
        synchronized (this) {
            Container c = byId(id);
            CompletableFuture<Long> f = new CompletableFuture<>();
            if (!c.running()) {
                f.complete(c.exitCode); // the engine's default wait condition, not-running, is met at once
            } else {
                c.exitWaiters.add(f);
            }
            return f;
        }
    }

    @Override
    public CompletableFuture<Long> awaitNextExit(String id) {
        enter("awaitNextExit", id);
        synchronized (this) {
            CompletableFuture<Long> f = new CompletableFuture<>();
            byId(id).exitWaiters.add(f); // condition=next-exit: never met by the current state
            return f;
        }
    }

    @Override
    public Closeable events(Consumer<EngineEvent> listener, CompletableFuture<Void> done) {
        enter("events");
        EventSubscriber s = new EventSubscriber(Set.of(), listener, done);
        eventSubscribers.add(s);
        return s;
    }

    @Override
    public Closeable events(Optional<Instant> since, Set<String> actions, Consumer<EngineEvent> listener,
            CompletableFuture<Void> done) {
        enter("events", "since=" + since.map(Instant::toString).orElse("-"),
                "actions=" + String.join(",", actions.stream().sorted().toList()));
        EventSubscriber s = new EventSubscriber(actions, listener, done);
        List<EngineEvent> replay;
        synchronized (this) {
            replay = since.isEmpty() ? List.of()
                    : eventLog.stream().filter(e -> !e.time().isBefore(since.get())).toList();
            eventSubscribers.add(s);
        }
        replay.forEach(s::deliver);
        return s;
    }

    @Override
    public void close() {
        closed = true;
    }

    // =====================================================================================================
    // Engine events
    // =====================================================================================================

    /**
     * Publishes a container event as the engine would: kept for {@code since} replays and sent to every open
     * subscription whose actions include it. Delivered on the calling thread.
     *
     * @param nameOrId the container (its id, name, image and labels go into the event)
     * @param action e.g. {@code "oom"}, {@code "start"}
     * @param attributes extra attributes, e.g. {@code exitCode}, {@code signal}
     * @return the event
     */
    public EngineEvent emitEvent(String nameOrId, String action, Map<String, String> attributes) {
        return publish(container(nameOrId), action, attributes);
    }

    /**
     * Publishes a prepared event (for replays and events of containers the fake does not know).
     *
     * @param event the event
     * @return the event
     */
    public EngineEvent emitEvent(EngineEvent event) {
        synchronized (this) {
            eventLog.add(event);
            if (eventLog.size() > EVENT_BUFFER) {
                eventLog.remove(0);
            }
        }
        for (EventSubscriber s : eventSubscribers) {
            s.deliver(event);
        }
        return event;
    }

    /**
     * Makes a running container exit with a code and publishes its {@code die} event (same as {@link #setExited}).
     *
     * @param nameOrId the container
     * @param exitCode the exit code
     */
    public void emitExit(String nameOrId, long exitCode) {
        setExited(nameOrId, exitCode);
    }

    /**
     * The events published so far that the fake still keeps (at most {@link #EVENT_BUFFER}).
     *
     * @return a snapshot, oldest first
     */
    public synchronized List<EngineEvent> events() {
        return List.copyOf(eventLog);
    }

    /**
     * Ends every open event subscription normally, as a proxy that cuts idle connections or an engine shutting down
     * does (CASES.md P06).
     */
    public void endEventStreams() {
        for (EventSubscriber s : List.copyOf(eventSubscribers)) {
            eventSubscribers.remove(s);
            s.done.complete(null);
        }
    }

    /**
     * Breaks every open event subscription, as a connection reset does.
     *
     * @param failure what the subscriptions complete with
     */
    public void failEventStreams(RuntimeException failure) {
        for (EventSubscriber s : List.copyOf(eventSubscribers)) {
            eventSubscribers.remove(s);
            s.done.completeExceptionally(failure);
        }
    }

    /** Forgets the kept events, as a restarted engine has none from before its restart. */
    public synchronized void forgetEvents() {
        eventLog.clear();
    }

    /**
     * The event subscriptions still open.
     *
     * @return the count
     */
    public int openEventStreams() {
        return eventSubscribers.size();
    }

    private EngineEvent publish(@Nullable Container c, String action, Map<String, String> extra) {
        if (c == null) {
            throw new AssertionError("no container for event " + action);
        }
        Map<String, String> attributes = new LinkedHashMap<>();
        synchronized (this) {
            attributes.putAll(c.labels);
            attributes.put("name", c.name);
            attributes.put("image", c.image);
        }
        attributes.putAll(extra);
        Instant time = clock.instant().plusNanos(eventNanos.incrementAndGet());
        return emitEvent(new EngineEvent("container", action, c.id, attributes, time));
    }

    private synchronized @Nullable Container byIdOrNull(String id) {
        for (Container c : containers) {
            if (c.id.equals(id)) {
                return c;
            }
        }
        return null;
    }

    /** One open event subscription. */
    private final class EventSubscriber implements Closeable {
        private final Set<String> actions;
        private final Consumer<EngineEvent> listener;
        private final CompletableFuture<Void> done;

        EventSubscriber(Set<String> actions, Consumer<EngineEvent> listener, CompletableFuture<Void> done) {
            this.actions = Set.copyOf(actions);
            this.listener = listener;
            this.done = done;
        }

        void deliver(EngineEvent e) {
            if (done.isDone() || !actions.isEmpty() && !actions.contains(e.action())) {
                return;
            }
            listener.accept(e);
        }

        @Override
        public void close() {
            eventSubscribers.remove(this);
            done.complete(null);
        }
    }

    // =====================================================================================================
    // Internals
    // =====================================================================================================

    private void enter(String method, String... args) {
        calls.add(args.length == 0 ? method : method + " " + String.join(" ", args));
        if (closed) {
            throw new EngineUnavailableException("cannot reach the Docker Engine at " + HOST + ": client closed");
        }
        CountDownLatch g = gate;
        if (g != null) {
            heldCalls.release();
            try {
                if (!g.await(30, TimeUnit.SECONDS)) {
                    throw new EngineUnavailableException("fake engine held a call for 30 s: " + method);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new EngineUnavailableException("interrupted while calling " + method, e);
            }
        }
        Duration d = delay;
        if (!d.isZero()) {
            try {
                Thread.sleep(d.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new EngineUnavailableException("interrupted while calling " + method, e);
            }
        }
        RuntimeException failure = failures.get(method);
        if (failure != null) {
            throw failure;
        }
    }

    private Container resolve(String ref) {
        for (Container c : containers) {
            if (c.id.equals(ref)) {
                return c;
            }
        }
        Optional<Container> named = findByName(ref);
        if (named.isPresent()) {
            return named.get();
        }
        List<Container> prefixed = containers.stream().filter(c -> c.id.startsWith(ref)).toList();
        if (prefixed.size() > 1) {
            throw new UsageException("\"" + ref + "\" matches several containers — give more of the id",
                    Optional.empty());
        }
        if (prefixed.isEmpty()) {
            throw new NoSuchContainerException(ContainerRef.display(ref));
        }
        return prefixed.get(0);
    }

    private Container byId(String id) {
        for (Container c : containers) {
            if (c.id.equals(id)) {
                return c;
            }
        }
        throw new NoSuchContainerException(id.substring(0, Math.min(12, id.length())));
    }

    private Optional<Container> findByName(String name) {
        return containers.stream().filter(c -> c.name.equals(name)).findFirst();
    }

    private List<Container> newestFirst() {
        List<Container> out = new ArrayList<>(containers);
        out.sort(Comparator.comparing((Container c) -> c.createdAt).thenComparingInt(c -> c.seq).reversed());
        return out;
    }

    private List<StreamLine> tail(Container c, OptionalInt tailLines, boolean timestamps) {
        List<StreamLine> all = c.output;
        int from = tailLines.isPresent() ? Math.max(0, all.size() - tailLines.getAsInt()) : 0;
        List<StreamLine> out = new ArrayList<>(all.subList(from, all.size()));
        if (timestamps) {
            String ts = clock.instant().toString() + " ";
            out.replaceAll(l -> new StreamLine(l.source(), ts + l.text()));
        }
        return out;
    }

    private boolean hasImage(String ref) {
        return localImage(normalize(ref)).isPresent()
                || images.stream().anyMatch(i -> i.id().equals(ref) || i.id().equals("sha256:" + ref));
    }

    private synchronized Optional<ImageSummary> localImage(String normalized) {
        return images.stream().filter(i -> i.repoTags().contains(normalized)).findFirst();
    }

    private static String normalize(String ref) {
        int slash = ref.lastIndexOf('/');
        int colon = ref.lastIndexOf(':');
        return ref.contains("@") || colon > slash ? ref : ref + ":latest";
    }

    private String newId(String seed) {
        int n = sequence.incrementAndGet();
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((n + "/" + seed).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    /**
     * One container of the fake engine. Setters return {@code this} for chaining and take effect at once.
     */
    public final class Container {
        private final String id;
        private final int seq;
        private String name;
        private String image = DEFAULT_IMAGE;
        private String command = "sh";
        private String state = "created";
        private long exitCode;
        private long stopExitCode;
        private boolean oomKilled;
        private String restartPolicy = "no";
        private int restartMaxRetries;
        private int restartCount;
        private Instant createdAt;
        private @Nullable Instant startedAt;
        private @Nullable Instant finishedAt;
        private boolean tty;
        private boolean openStdin;
        private boolean autoRemove;
        private boolean echoStdin;
        private long sizeRw;
        private final Map<String, String> labels = new LinkedHashMap<>();
        private final List<String> ports = new ArrayList<>();
        private final List<String> env = new ArrayList<>();
        private final List<StreamLine> output = new ArrayList<>();
        private final List<String> stdinLines = new CopyOnWriteArrayList<>();
        private final List<Subscriber> subscribers = new ArrayList<>();
        private final List<CompletableFuture<Long>> exitWaiters = new ArrayList<>();

        private Container(String id, String name) {
            this.id = id;
            this.name = name;
            this.seq = sequence.get();
            this.createdAt = clock.instant();
        }

        /** @return the full 64-hex id */
        public String id() {
            return id;
        }

        /** @return the first 12 characters of the id */
        public String shortId() {
            return id.substring(0, 12);
        }

        /** @return the current name */
        public String name() {
            synchronized (FakeContainerGateway.this) {
                return name;
            }
        }

        /** @return the image reference it was created from */
        public String image() {
            synchronized (FakeContainerGateway.this) {
                return image;
            }
        }

        /** @return the engine's state word: created, running, exited… */
        public String state() {
            synchronized (FakeContainerGateway.this) {
                return state;
            }
        }

        /** @return whether it runs now */
        public boolean running() {
            synchronized (FakeContainerGateway.this) {
                return state.equals("running") || state.equals("paused") || state.equals("restarting");
            }
        }

        /** @return the last exit code */
        public long exitCode() {
            synchronized (FakeContainerGateway.this) {
                return exitCode;
            }
        }

        /** @return its labels */
        public Map<String, String> labels() {
            synchronized (FakeContainerGateway.this) {
                return Map.copyOf(labels);
            }
        }

        /** @return its environment, as created */
        public List<String> env() {
            synchronized (FakeContainerGateway.this) {
                return List.copyOf(env);
            }
        }

        /** @return whether it was created with {@code --rm} */
        public boolean autoRemove() {
            synchronized (FakeContainerGateway.this) {
                return autoRemove;
            }
        }

        /** @return the lines received on its stdin through {@code attach}, in order */
        public List<String> stdinLines() {
            return List.copyOf(stdinLines);
        }

        /**
         * @param ref the image reference
         * @return this
         */
        public Container image(String ref) {
            synchronized (FakeContainerGateway.this) {
                this.image = ref;
            }
            return this;
        }

        /**
         * @param commandLine the command as {@code docker ps} shows it
         * @return this
         */
        public Container command(String commandLine) {
            synchronized (FakeContainerGateway.this) {
                this.command = commandLine;
            }
            return this;
        }

        /**
         * @param key label key
         * @param value label value
         * @return this
         */
        public Container label(String key, String value) {
            synchronized (FakeContainerGateway.this) {
                labels.put(key, value);
            }
            return this;
        }

        /**
         * @param withTty whether it has a TTY (one raw output stream)
         * @return this
         */
        public Container tty(boolean withTty) {
            synchronized (FakeContainerGateway.this) {
                this.tty = withTty;
            }
            return this;
        }

        /**
         * @param open whether stdin is kept open ({@code -i})
         * @return this
         */
        public Container openStdin(boolean open) {
            synchronized (FakeContainerGateway.this) {
                this.openStdin = open;
            }
            return this;
        }

        /**
         * Makes the container print every stdin line back on stdout, as {@code cat} would.
         *
         * @param echo whether to echo
         * @return this
         */
        public Container echoStdin(boolean echo) {
            synchronized (FakeContainerGateway.this) {
                this.echoStdin = echo;
            }
            return this;
        }

        /**
         * @param bytes the size of its writable layer, as a prune reports it
         * @return this
         */
        public Container sizeRw(long bytes) {
            synchronized (FakeContainerGateway.this) {
                this.sizeRw = bytes;
            }
            return this;
        }

        /**
         * @param mapping a published port as {@code docker ps} shows it, e.g. {@code 0.0.0.0:8080->80/tcp}
         * @return this
         */
        public Container port(String mapping) {
            synchronized (FakeContainerGateway.this) {
                ports.add(mapping);
            }
            return this;
        }

        /**
         * @param instant when it was created (for CREATED and ordering)
         * @return this
         */
        public Container createdAt(Instant instant) {
            synchronized (FakeContainerGateway.this) {
                this.createdAt = instant;
            }
            return this;
        }

        /**
         * @param instant when it last started (for "Up …")
         * @return this
         */
        public Container startedAt(Instant instant) {
            synchronized (FakeContainerGateway.this) {
                this.startedAt = instant;
            }
            return this;
        }

        /**
         * @param code the exit code a {@code stop} gives it (0 by default; 137 or 143 for a real SIGKILL/SIGTERM)
         * @return this
         */
        public Container stopExitCode(long code) {
            synchronized (FakeContainerGateway.this) {
                this.stopExitCode = code;
            }
            return this;
        }

        /**
         * @param policy the restart policy: {@code no}, {@code always}, {@code unless-stopped}, {@code on-failure}
         * @param maxRetries for {@code on-failure}, the most restarts; 0 for no limit
         * @return this
         */
        public Container restartPolicy(String policy, int maxRetries) {
            synchronized (FakeContainerGateway.this) {
                this.restartPolicy = policy;
                this.restartMaxRetries = maxRetries;
            }
            return this;
        }

        /** @return how often the restart policy restarted it */
        public int restartCount() {
            synchronized (FakeContainerGateway.this) {
                return restartCount;
            }
        }

        /**
         * @param count how often the restart policy restarted it ({@code RestartCount})
         * @return this
         */
        public Container restartCount(int count) {
            synchronized (FakeContainerGateway.this) {
                this.restartCount = count;
            }
            return this;
        }

        /**
         * @param killed whether the kernel killed it for memory
         * @return this
         */
        public Container oomKilled(boolean killed) {
            synchronized (FakeContainerGateway.this) {
                this.oomKilled = killed;
            }
            return this;
        }

        /**
         * Output printed before the test starts (no follower sees it live).
         *
         * @param lines stdout lines
         * @return this
         */
        public Container logs(String... lines) {
            synchronized (FakeContainerGateway.this) {
                for (String l : lines) {
                    output.add(new StreamLine(StreamLine.Source.STDOUT, l));
                }
            }
            return this;
        }

        /**
         * Error output printed before the test starts.
         *
         * @param lines stderr lines
         * @return this
         */
        public Container errorLogs(String... lines) {
            synchronized (FakeContainerGateway.this) {
                for (String l : lines) {
                    output.add(new StreamLine(tty ? StreamLine.Source.STDOUT : StreamLine.Source.STDERR, l));
                }
            }
            return this;
        }

        // guarded by the gateway's lock; returns what to run after releasing it
        private Runnable exitLocked(long code) {
            state = "exited";
            exitCode = code;
            finishedAt = clock.instant();
            List<Subscriber> subs = List.copyOf(subscribers);
            subscribers.clear();
            List<CompletableFuture<Long>> waiters = List.copyOf(exitWaiters);
            exitWaiters.clear();
            if (autoRemove) {
                containers.remove(this);
            }
            return () -> {
                subs.forEach(s -> s.done.complete(null));
                waiters.forEach(w -> w.complete(code));
            };
        }

        private ContainerDetails details() {
            return new ContainerDetails(id, name, image, state, running(), exitCode, oomKilled,
                    Optional.ofNullable(startedAt), Optional.ofNullable(finishedAt), tty, openStdin, labels,
                    restartPolicy, restartMaxRetries, restartCount);
        }

        private ContainerSummary summary(long size) {
            return new ContainerSummary(id, List.of(name), image, command, createdAt, state, status(), ports,
                    labels, size);
        }

        private String status() {
            Instant now = clock.instant();
            switch (state) {
                case "running":
                    return "Up " + Humanize.duration(Duration.between(startedAt == null ? now : startedAt, now));
                case "exited":
                    return "Exited (" + exitCode + ") "
                            + Humanize.duration(Duration.between(finishedAt == null ? now : finishedAt, now)) + " ago";
                case "created":
                    return "Created";
                default:
                    return state.substring(0, 1).toUpperCase(java.util.Locale.ROOT) + state.substring(1);
            }
        }

        @Override
        public String toString() {
            return name + "(" + shortId() + ", " + state + ")";
        }
    }

    /** One open follow or attach connection. */
    private final class Subscriber implements Closeable {
        private final Container container;
        private final Consumer<StreamLine> lines;
        private final CompletableFuture<Void> done;
        private final @Nullable InputStream stdin;
        private volatile boolean closed;

        Subscriber(Container container, Consumer<StreamLine> lines, CompletableFuture<Void> done,
                @Nullable InputStream stdin) {
            this.container = container;
            this.lines = lines;
            this.done = done;
            this.stdin = stdin;
        }

        void deliver(StreamLine line) {
            if (!closed && !done.isDone()) {
                lines.accept(line);
            }
        }

        void readStdin() {
            InputStream in = stdin;
            if (in == null) {
                return;
            }
            Thread t = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = r.readLine()) != null) {
                        container.stdinLines.add(line);
                        boolean echo;
                        synchronized (FakeContainerGateway.this) {
                            echo = container.echoStdin;
                        }
                        if (echo) {
                            print(container.id, line);
                        }
                    }
                } catch (IOException | RuntimeException e) {
                    // the session ended; a real engine just closes the connection
                }
            }, "fake-engine-stdin-" + container.shortId());
            t.setDaemon(true);
            t.start();
        }

        @Override
        public void close() {
            synchronized (FakeContainerGateway.this) {
                container.subscribers.remove(this);
            }
            // like docker-java, closing does not complete `done` on the caller's thread; no more lines are delivered
            closed = true;
        }
    }
}
