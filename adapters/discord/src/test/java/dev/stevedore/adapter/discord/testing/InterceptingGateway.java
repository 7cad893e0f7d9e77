package dev.stevedore.adapter.discord.testing;

import dev.stevedore.core.command.ContainerRef;
import dev.stevedore.core.command.ContainerSpec;
import dev.stevedore.core.engine.ContainerDetails;
import dev.stevedore.core.engine.ContainerGateway;
import dev.stevedore.core.engine.ContainerSummary;
import dev.stevedore.core.engine.EngineEvent;
import dev.stevedore.core.engine.EngineVersion;
import dev.stevedore.core.engine.ImageSummary;
import dev.stevedore.core.engine.PullResult;
import dev.stevedore.core.stream.StreamLine;
import java.io.Closeable;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * A {@link ContainerGateway} that runs a hook before every call and then delegates to a real gateway: counts engine
 * calls, or stalls them (a delaying proxy for P22 tests and the acknowledgement benchmark).
 *
 * <p>The hook gets the method name; it may sleep or throw. {@link #events} and {@link #close()} are not intercepted.
 */
public final class InterceptingGateway implements ContainerGateway {
    private final ContainerGateway delegate;
    private final Consumer<String> before;
    private final AtomicInteger calls = new AtomicInteger();

    /**
     * Creates the proxy.
     *
     * @param delegate the real gateway
     * @param before runs before each call with the method name
     */
    public InterceptingGateway(ContainerGateway delegate, Consumer<String> before) {
        this.delegate = delegate;
        this.before = before;
    }

    /**
     * A proxy that blocks every call for a while before delegating, as a stalled engine would.
     *
     * @param delegate the real gateway
     * @param stall how long each call blocks
     * @return the proxy
     */
    public static InterceptingGateway stalled(ContainerGateway delegate, Duration stall) {
        return new InterceptingGateway(delegate, m -> {
            try {
                Thread.sleep(stall.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    /**
     * How many intercepted calls were made.
     *
     * @return the count
     */
    public int calls() {
        return calls.get();
    }

    private void hook(String method) {
        calls.incrementAndGet();
        before.accept(method);
    }

    @Override
    public String host() {
        return delegate.host();
    }

    @Override
    public void ping() {
        hook("ping");
        delegate.ping();
    }

    @Override
    public EngineVersion version() {
        hook("version");
        return delegate.version();
    }

    @Override
    public List<ContainerSummary> listContainers(boolean all) {
        hook("listContainers");
        return delegate.listContainers(all);
    }

    @Override
    public List<ContainerSummary> listStopped() {
        hook("listStopped");
        return delegate.listStopped();
    }

    @Override
    public ContainerDetails inspect(ContainerRef ref) {
        hook("inspect");
        return delegate.inspect(ref);
    }

    @Override
    public String create(ContainerSpec spec) {
        hook("create");
        return delegate.create(spec);
    }

    @Override
    public boolean start(String id) {
        hook("start");
        return delegate.start(id);
    }

    @Override
    public boolean stop(String id, Duration timeout) {
        hook("stop");
        return delegate.stop(id, timeout);
    }

    @Override
    public void restart(String id, Duration timeout) {
        hook("restart");
        delegate.restart(id, timeout);
    }

    @Override
    public void rename(String id, String newName) {
        hook("rename");
        delegate.rename(id, newName);
    }

    @Override
    public void remove(String id, boolean force) {
        hook("remove");
        delegate.remove(id, force);
    }

    @Override
    public String commit(String id, @Nullable String repository, @Nullable String tag) {
        hook("commit");
        return delegate.commit(id, repository, tag);
    }

    @Override
    public List<ImageSummary> listImages() {
        hook("listImages");
        return delegate.listImages();
    }

    @Override
    public PullResult pull(String reference, Consumer<String> progress) {
        hook("pull");
        return delegate.pull(reference, progress);
    }

    @Override
    public List<StreamLine> logs(String id, OptionalInt tailLines, boolean timestamps, boolean tty) {
        hook("logs");
        return delegate.logs(id, tailLines, timestamps, tty);
    }

    @Override
    public Closeable followLogs(String id, OptionalInt tailLines, boolean timestamps, boolean tty,
            Consumer<StreamLine> lines, CompletableFuture<Void> done) {
        hook("followLogs");
        return delegate.followLogs(id, tailLines, timestamps, tty, lines, done);
    }

    @Override
    public void logs(String id, OptionalInt tailLines, java.util.Optional<java.time.Instant> since,
            boolean timestamps, boolean tty, Consumer<StreamLine> each) {
        hook("logs");
        delegate.logs(id, tailLines, since, timestamps, tty, each);
    }

    @Override
    public Closeable followLogs(String id, OptionalInt tailLines, java.util.Optional<java.time.Instant> since,
            boolean timestamps, boolean tty, Consumer<StreamLine> lines, CompletableFuture<Void> done) {
        hook("followLogs");
        return delegate.followLogs(id, tailLines, since, timestamps, tty, lines, done);
    }

    @Override
    public Closeable events(java.util.Optional<java.time.Instant> since, java.util.Set<String> actions,
            Consumer<EngineEvent> events, CompletableFuture<Void> done) {
        return delegate.events(since, actions, events, done);
    }

    @Override
    public Closeable attach(String id, boolean tty, @Nullable InputStream stdin, Consumer<StreamLine> lines,
            CompletableFuture<Void> done) {
        hook("attach");
        return delegate.attach(id, tty, stdin, lines, done);
    }

    @Override
    public CompletableFuture<Long> awaitExit(String id) {
        hook("awaitExit");
        return delegate.awaitExit(id);
    }

    @Override
    public CompletableFuture<Long> awaitNextExit(String id) {
        hook("awaitNextExit");
        return delegate.awaitNextExit(id);
    }

    @Override
    public Closeable events(Consumer<EngineEvent> listener, CompletableFuture<Void> done) {
        return delegate.events(listener, done);
    }

    @Override
    public void close() {
        delegate.close();
    }
}
