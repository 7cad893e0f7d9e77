package dev.stevedore.core.bus;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.stevedore.core.audit.AuditLog;
import dev.stevedore.core.auth.AccessPolicy;
import dev.stevedore.core.command.CommandCatalog;
import dev.stevedore.core.engine.ContainerGateway;
import dev.stevedore.core.internal.bus.DefaultCommandBus;
import dev.stevedore.core.internal.confirm.Confirmations;
import dev.stevedore.core.internal.handler.AttachContainerHandler;
import dev.stevedore.core.internal.handler.CommitContainerHandler;
import dev.stevedore.core.internal.handler.CreateContainerHandler;
import dev.stevedore.core.internal.handler.ListContainersHandler;
import dev.stevedore.core.internal.handler.ListImagesHandler;
import dev.stevedore.core.internal.handler.MuteContainerHandler;
import dev.stevedore.core.internal.handler.PruneContainersHandler;
import dev.stevedore.core.internal.handler.PullImageHandler;
import dev.stevedore.core.internal.handler.RemoveContainersHandler;
import dev.stevedore.core.internal.handler.RenameContainerHandler;
import dev.stevedore.core.internal.handler.RestartContainersHandler;
import dev.stevedore.core.internal.handler.RunContainerHandler;
import dev.stevedore.core.internal.handler.ShowHelpHandler;
import dev.stevedore.core.internal.handler.ShowLogsHandler;
import dev.stevedore.core.internal.handler.ShowNotificationsHandler;
import dev.stevedore.core.internal.handler.ShowVersionHandler;
import dev.stevedore.core.internal.handler.StartContainersHandler;
import dev.stevedore.core.internal.handler.StopContainersHandler;
import dev.stevedore.core.internal.handler.Streams;
import dev.stevedore.core.internal.handler.UnmuteContainerHandler;
import dev.stevedore.core.watch.Notifications;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * Builds the standard {@link CommandBus} over one engine. Required: {@link #engine} and {@link #accessPolicy}.
 *
 * <p>Defaults: confirmation TTL 2 minutes; 8 worker threads with a queue of 64 (beyond that, "busy"); follows end
 * after 30 minutes; system clock and ticker.
 */
public final class CommandBusBuilder {
    private @Nullable ContainerGateway engine;
    private @Nullable AccessPolicy policy;
    private Duration confirmTtl = Duration.ofMinutes(2);
    private Duration maxStreamDuration = Duration.ofMinutes(30);
    private int workers = 8;
    private int queueCapacity = 64;
    private Clock clock = Clock.systemUTC();
    private Ticker ticker = Ticker.systemTicker();
    private String botVersion = "dev";
    private @Nullable ExecutorService executor;
    private AuditLog auditLog = AuditLog.none();
    private @Nullable Notifications notifications;

    /** Creates a builder with the defaults. */
    public CommandBusBuilder() {}

    /**
     * Sets the engine.
     *
     * @param gateway the engine the commands run against
     * @return this builder
     */
    public CommandBusBuilder engine(ContainerGateway gateway) {
        this.engine = Objects.requireNonNull(gateway, "gateway");
        return this;
    }

    /**
     * Sets the access policy.
     *
     * @param accessPolicy who may do what
     * @return this builder
     */
    public CommandBusBuilder accessPolicy(AccessPolicy accessPolicy) {
        this.policy = Objects.requireNonNull(accessPolicy, "accessPolicy");
        return this;
    }

    /**
     * Sets how long a confirmation stays usable.
     *
     * @param ttl positive, e.g. 2 minutes
     * @return this builder
     * @throws IllegalArgumentException if not positive
     */
    public CommandBusBuilder confirmTtl(Duration ttl) {
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("confirmation ttl must be positive: " + ttl);
        }
        this.confirmTtl = ttl;
        return this;
    }

    /**
     * Sets the longest a follow or attach may run.
     *
     * @param max positive, e.g. 30 minutes
     * @return this builder
     * @throws IllegalArgumentException if not positive
     */
    public CommandBusBuilder maxStreamDuration(Duration max) {
        if (max.isNegative() || max.isZero()) {
            throw new IllegalArgumentException("max stream duration must be positive: " + max);
        }
        this.maxStreamDuration = max;
        return this;
    }

    /**
     * Sets the worker pool size and queue.
     *
     * @param threads worker threads, at least 1
     * @param queue commands that may wait, at least 0
     * @return this builder
     * @throws IllegalArgumentException if out of range
     */
    public CommandBusBuilder workers(int threads, int queue) {
        if (threads < 1 || queue < 0) {
            throw new IllegalArgumentException("workers must be >= 1 and queue >= 0: " + threads + ", " + queue);
        }
        this.workers = threads;
        this.queueCapacity = queue;
        return this;
    }

    /**
     * Replaces the executor, e.g. with a direct executor in unit tests.
     *
     * @param executorService runs the work; the bus shuts it down on close
     * @return this builder
     */
    public CommandBusBuilder executor(ExecutorService executorService) {
        this.executor = executorService;
        return this;
    }

    /**
     * Sets the time sources.
     *
     * @param wallClock for ages and expiry instants
     * @param caffeineTicker for cache expiry
     * @return this builder
     */
    public CommandBusBuilder time(Clock wallClock, Ticker caffeineTicker) {
        this.clock = wallClock;
        this.ticker = caffeineTicker;
        return this;
    }

    /**
     * Sets where every invocation and click is recorded.
     *
     * @param log the audit log; default none
     * @return this builder
     */
    public CommandBusBuilder auditLog(AuditLog log) {
        this.auditLog = Objects.requireNonNull(log, "log");
        return this;
    }

    /**
     * Sets the notification state shared with the {@link dev.stevedore.core.watch.ExitWatcher}: {@code mute},
     * {@code unmute} and {@code notifications} work on it, and {@code stop}, {@code restart} and {@code rm -f}
     * record who made a container exit, so its alert names them. Without it, those three commands answer that
     * notifications are not configured.
     *
     * @param shared the notifications; default none
     * @return this builder
     */
    public CommandBusBuilder notifications(Notifications shared) {
        this.notifications = Objects.requireNonNull(shared, "shared");
        return this;
    }

    /**
     * Sets the version {@code version} reports.
     *
     * @param version e.g. {@code 0.1.0}
     * @return this builder
     */
    public CommandBusBuilder botVersion(String version) {
        this.botVersion = version;
        return this;
    }

    /**
     * Builds the bus.
     *
     * @return the bus; close it to stop its threads and streams
     * @throws IllegalStateException if the engine or the policy is missing
     */
    public CommandBus build() {
        if (engine == null || policy == null) {
            throw new IllegalStateException("engine and accessPolicy are required");
        }
        ContainerGateway e = engine;
        Optional<Notifications> n = Optional.ofNullable(notifications);
        CommandCatalog catalog = CommandCatalog.standard();
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(daemon("stevedore-timer"));
        Streams streams = new Streams(scheduler, maxStreamDuration);
        // a queue of 0 means none: ArrayBlockingQueue cannot be empty-sized, SynchronousQueue hands off or rejects
        BlockingQueue<Runnable> queue = queueCapacity == 0 ? new SynchronousQueue<>()
                : new ArrayBlockingQueue<>(queueCapacity);
        ExecutorService pool = executor != null ? executor : new ThreadPoolExecutor(workers, workers, 60,
                TimeUnit.SECONDS, queue, daemon("stevedore-bus"), new ThreadPoolExecutor.AbortPolicy());
        return new DefaultCommandBus(catalog, e, policy, new Confirmations(confirmTtl, clock, ticker), pool, List.of(
                new ListContainersHandler(e, clock),
                new ListImagesHandler(e, clock),
                new ShowVersionHandler(e, botVersion),
                new ShowHelpHandler(catalog),
                new RunContainerHandler(e, streams),
                new CreateContainerHandler(e),
                new StartContainersHandler(e),
                new StopContainersHandler(e, n),
                new RestartContainersHandler(e, n),
                new AttachContainerHandler(e, streams),
                new RenameContainerHandler(e),
                new RemoveContainersHandler(e, n),
                new PruneContainersHandler(e),
                new CommitContainerHandler(e),
                new PullImageHandler(e, streams),
                new ShowLogsHandler(e, streams, clock),
                new MuteContainerHandler(n),
                new UnmuteContainerHandler(n),
                new ShowNotificationsHandler(n)), auditLog);
    }

    private static ThreadFactory daemon(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
