package dev.stevedore.core.engine;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One row of the engine's image list.
 *
 * @param id the image id, {@code sha256:…}
 * @param repoTags {@code repository:tag} pairs; empty for a dangling image
 * @param created when the image was built
 * @param sizeBytes the image's size in bytes
 */
public record ImageSummary(String id, List<String> repoTags, Instant created, long sizeBytes) {
    /** Validates and copies. */
    public ImageSummary {
        Objects.requireNonNull(id, "id");
        repoTags = List.copyOf(repoTags);
        Objects.requireNonNull(created, "created");
    }
}
