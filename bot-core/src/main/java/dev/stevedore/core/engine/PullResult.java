package dev.stevedore.core.engine;

import java.util.Objects;

/**
 * The outcome of a pull, checked against the local image store (never a false "failed").
 *
 * @param reference the full reference pulled, with its tag
 * @param imageId the local image id afterwards
 * @param upToDate true if nothing new was downloaded
 */
public record PullResult(String reference, String imageId, boolean upToDate) {
    /** Validates. */
    public PullResult {
        Objects.requireNonNull(reference, "reference");
        Objects.requireNonNull(imageId, "imageId");
    }
}
