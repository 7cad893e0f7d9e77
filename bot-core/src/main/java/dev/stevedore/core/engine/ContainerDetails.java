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
        Map<String, String> labels) {
    /** Validates and copies. */
    public ContainerDetails {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(finishedAt, "finishedAt");
        labels = Map.copyOf(labels);
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
