package dev.stevedore.core.engine;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One row of the engine's container list ({@code GET /containers/json}).
 *
 * @param id the full id (64 hex characters)
 * @param names the names without their leading {@code /}
 * @param image the image as the container was created from it
 * @param command the command line, as the engine reports it
 * @param created when the container was created
 * @param state the engine's state word: {@code created}, {@code running}, {@code exited}, {@code paused}, …
 * @param status the engine's status text, e.g. {@code "Up 3 minutes"}, {@code "Exited (3) 2 seconds ago"}
 * @param ports published ports, e.g. {@code "0.0.0.0:8080->80/tcp"}
 * @param labels the container's labels
 * @param sizeRw bytes written in the container's writable layer, or -1 when not requested
 */
public record ContainerSummary(
        String id,
        List<String> names,
        String image,
        String command,
        Instant created,
        String state,
        String status,
        List<String> ports,
        Map<String, String> labels,
        long sizeRw) {
    /** Validates and copies. */
    public ContainerSummary {
        Objects.requireNonNull(id, "id");
        names = List.copyOf(names);
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(command, "command");
        Objects.requireNonNull(created, "created");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(status, "status");
        ports = List.copyOf(ports);
        labels = Map.copyOf(labels);
    }

    /**
     * The first name, as {@code docker ps} shows it.
     *
     * @return the name, or the short id when the container has none
     */
    public String name() {
        return names.isEmpty() ? id.substring(0, Math.min(12, id.length())) : names.get(0);
    }
}
