package dev.stevedore.core.engine;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What the engine knows of one container ({@code GET /containers/{id}/json}), reduced to what the bot uses.
 *
 * @param id the full id
 * @param name the name without the leading {@code /}
 * @param image the image reference it was created from
 * @param state the state word: {@code created}, {@code running}, {@code restarting}, {@code exited}, …
 * @param running whether it is running now (also true while paused or restarting)
 * @param exitCode the last exit code; 0 when it never ran
 * @param oomKilled whether the kernel killed it for memory ({@code State.OOMKilled})
 * @param startedAt when it last started, if ever
 * @param finishedAt when it last stopped, if ever
 * @param tty whether it has a TTY: its output is then one raw stream, not multiplexed
 * @param openStdin whether stdin was kept open ({@code -i})
 * @param labels its labels
 * @param restartPolicy its restart policy ({@code HostConfig.RestartPolicy.Name}): {@code no}, {@code always},
 *     {@code unless-stopped} or {@code on-failure}; {@code no} when unset
 * @param restartMaxRetries for {@code on-failure}, the most restarts the engine tries; 0 means no limit
 * @param restartCount how many times the engine has restarted it by its policy since it was last started by hand
 *     ({@code RestartCount})
 */
public record ContainerDetails(
        String id,
        String name,
        String image,
        String state,
        boolean running,
        long exitCode,
        boolean oomKilled,
        Optional<Instant> startedAt,
        Optional<Instant> finishedAt,
        boolean tty,
        boolean openStdin,
        Map<String, String> labels,
        String restartPolicy,
        int restartMaxRetries,
        int restartCount) {
    /** Validates and copies. */
    public ContainerDetails {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(finishedAt, "finishedAt");
        labels = Map.copyOf(labels);
        Objects.requireNonNull(restartPolicy, "restartPolicy");
        if (restartPolicy.isEmpty()) {
            restartPolicy = "no";
        }
    }

    /**
     * A container without a restart policy that was never restarted by one, as before restart policies were read.
     *
     * @param id the full id
     * @param name the name without the leading {@code /}
     * @param image the image reference
     * @param state the state word
     * @param running whether it runs now
     * @param exitCode the last exit code
     * @param oomKilled whether the kernel killed it for memory
     * @param startedAt when it last started
     * @param finishedAt when it last stopped
     * @param tty whether it has a TTY
     * @param openStdin whether stdin was kept open
     * @param labels its labels
     */
    public ContainerDetails(String id, String name, String image, String state, boolean running, long exitCode,
            boolean oomKilled, Optional<Instant> startedAt, Optional<Instant> finishedAt, boolean tty,
            boolean openStdin, Map<String, String> labels) {
        this(id, name, image, state, running, exitCode, oomKilled, startedAt, finishedAt, tty, openStdin, labels, "no",
                0, 0);
    }

    /**
     * Whether the engine's restart policy restarts this container after an exit with this code (unless someone
     * stopped it by hand, which no policy overrides).
     *
     * @param code the exit code
     * @return true for {@code always} and {@code unless-stopped}; for {@code on-failure}, when the code is not 0
     *     and the retries are not used up
     */
    public boolean restartsAfter(long code) {
        switch (restartPolicy) {
            case "always":
            case "unless-stopped":
                return true;
            case "on-failure":
                // the count may already include the restart after this exit (details read a moment late), so a
                // count equal to the maximum still means this exit was retried
                return code != 0 && (restartMaxRetries == 0 || restartCount <= restartMaxRetries);
            default:
                return false;
        }
    }

    /**
     * The first 12 characters of the id, as the CLI shows it.
     *
     * @return the short id
     */
    public String shortId() {
        return id.substring(0, Math.min(12, id.length()));
    }
}
