package dev.stevedore.core.watch;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.stevedore.config.NotificationsConfig;
import dev.stevedore.core.auth.Caller;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the command bus and the {@link ExitWatcher} share about notifications: the configured routes, the mutes in
 * force ({@code mute}, {@code unmute}, {@code notifications}), and the exits the bot itself is about to cause
 * ({@code stop}, {@code restart}, {@code rm -f}), so that their alerts name who caused them.
 *
 * <p>Thread-safe. Mutes end by the wall clock; a recorded exit cause is forgotten after the time the command may
 * take plus {@link #CAUSE_MARGIN}, or once the watcher has claimed it for the container's next exit.
 */
public final class Notifications {
    /** How long an exit cause outlives the command's own timeout: 30 seconds. */
    public static final Duration CAUSE_MARGIN = Duration.ofSeconds(30);

    /** The longest mute: 30 days. */
    public static final Duration MAX_MUTE = Duration.ofDays(30);

    private final NotificationsConfig config;
    private final Clock clock;
    private final Map<String, Mute> mutes = new ConcurrentHashMap<>();
    private final Cache<String, Pending> causes;

    /**
     * Notifications on the system clock.
     *
     * @param config the routes, crash-loop and ignore settings
     */
    public Notifications(NotificationsConfig config) {
        this(config, Clock.systemUTC(), Ticker.systemTicker());
    }

    /**
     * Notifications on given time sources.
     *
     * @param config the routes, crash-loop and ignore settings
     * @param clock for mute ends and cause times
     * @param ticker for forgetting unclaimed exit causes
     */
    public Notifications(NotificationsConfig config, Clock clock, Ticker ticker) {
        this.config = Objects.requireNonNull(config, "config");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.causes = Caffeine.newBuilder()
                .ticker(ticker)
                .maximumSize(10_000)
                .expireAfter(new Expiry<String, Pending>() {
                    @Override
                    public long expireAfterCreate(String key, Pending value, long currentTime) {
                        return value.ttl().toNanos();
                    }

                    @Override
                    public long expireAfterUpdate(String key, Pending value, long currentTime,
                            long currentDuration) {
                        return value.ttl().toNanos();
                    }

                    @Override
                    public long expireAfterRead(String key, Pending value, long currentTime, long currentDuration) {
                        return currentDuration;
                    }
                })
                .build();
    }

    private record Pending(ExitCause cause, Duration ttl) {}

    /**
     * The notification settings from the configuration.
     *
     * @return the routes, crash-loop settings, ignore list and log lines
     */
    public NotificationsConfig config() {
        return config;
    }

    /**
     * The wall clock mutes are measured with.
     *
     * @return the clock
     */
    public Clock clock() {
        return clock;
    }

    // ------------------------------------------------------------------------------------------------ mutes

    /**
     * Silences a container's alerts (exits, crash-loop updates, recovery) for a while; replaces an earlier mute.
     *
     * @param name the container name
     * @param duration how long, more than zero and at most {@link #MAX_MUTE}
     * @param by who muted it
     * @return the mute in force
     * @throws IllegalArgumentException if the duration is out of range
     */
    public Mute mute(String name, Duration duration, Caller by) {
        if (duration.isNegative() || duration.isZero() || duration.compareTo(MAX_MUTE) > 0) {
            throw new IllegalArgumentException("mute duration must be more than 0 and at most 30 days: " + duration);
        }
        Mute m = new Mute(name, clock.instant().plus(duration), by);
        mutes.put(name, m);
        return m;
    }

    /**
     * Ends a container's mute.
     *
     * @param name the container name
     * @return the mute that was in force, or empty if it was not muted
     */
    public Optional<Mute> unmute(String name) {
        Mute m = mutes.remove(name);
        return m == null || !m.until().isAfter(clock.instant()) ? Optional.empty() : Optional.of(m);
    }

    /**
     * The mute in force for a container.
     *
     * @param name the container name
     * @return the mute, or empty if its alerts go out
     */
    public Optional<Mute> mutedFor(String name) {
        Mute m = mutes.get(name);
        if (m == null) {
            return Optional.empty();
        }
        if (!m.until().isAfter(clock.instant())) {
            mutes.remove(name, m);
            return Optional.empty();
        }
        return Optional.of(m);
    }

    /**
     * The mutes in force, by name.
     *
     * @return a snapshot, sorted by container name
     */
    public List<Mute> mutes() {
        Instant now = clock.instant();
        mutes.values().removeIf(m -> !m.until().isAfter(now));
        return mutes.values().stream().sorted(Comparator.comparing(Mute::name)).toList();
    }

    // ------------------------------------------------------------------------------------------- exit causes

    /**
     * Records that the bot is about to make a container exit, before the command is sent to the engine (the exit
     * event may arrive before the engine answers the command).
     *
     * @param containerId the full container id
     * @param caller who ran the command (the confirmer, for a confirmed one)
     * @param verb {@code stopped}, {@code restarted} or {@code removed}
     * @param within how long the command may take, e.g. the stop timeout; the cause is kept this long plus
     *     {@link #CAUSE_MARGIN}
     */
    public void expectExit(String containerId, Caller caller, String verb, Duration within) {
        Duration ttl = within.isNegative() ? CAUSE_MARGIN : within.plus(CAUSE_MARGIN);
        causes.put(containerId, new Pending(new ExitCause(caller, verb, clock.instant()), ttl));
    }

    /**
     * Forgets a recorded cause, e.g. when the engine answered that the container was already stopped.
     *
     * @param containerId the full container id
     */
    public void cancelExpectedExit(String containerId) {
        causes.invalidate(containerId);
    }

    /**
     * Takes the recorded cause of a container's exit, if the bot caused it; a cause is claimed at most once.
     *
     * @param containerId the full container id
     * @return who caused it and how, or empty for an exit the bot did not cause
     */
    public Optional<ExitCause> claimExitCause(String containerId) {
        Pending p = causes.getIfPresent(containerId);
        if (p == null) {
            return Optional.empty();
        }
        causes.invalidate(containerId);
        return Optional.of(p.cause());
    }
}
