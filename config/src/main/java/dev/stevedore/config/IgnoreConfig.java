package dev.stevedore.config;

import java.util.List;
import java.util.Map;

/**
 * Containers that never get exit notices, whatever the routes say (YAML section {@code notifications.ignore}), for
 * example short-lived CI containers.
 *
 * <p>Unlike a route's {@code match}, where every criterion must hold, a container is ignored as soon as <b>any</b>
 * criterion matches: one of the name globs, one of the labels (key with exactly that value), or one of the image
 * globs.
 *
 * @param names container name globs ({@code *} any characters, {@code ?} one); empty means none
 * @param labels labels that mark a container as ignored, each with its exact value; empty means none
 * @param images image reference globs; empty means none
 */
public record IgnoreConfig(List<String> names, Map<String, String> labels, List<String> images) {
    /**
     * Validates and copies.
     *
     * @throws IllegalArgumentException if a glob contains whitespace
     */
    public IgnoreConfig {
        names = List.copyOf(names);
        labels = Map.copyOf(labels);
        images = List.copyOf(images);
        for (String glob : names) {
            Checks.require("names", Checks.glob(glob));
        }
        for (String glob : images) {
            Checks.require("images", Checks.glob(glob));
        }
    }

    /**
     * Ignores nothing.
     *
     * @return an empty ignore list
     */
    public static IgnoreConfig none() {
        return new IgnoreConfig(List.of(), Map.of(), List.of());
    }

    /**
     * Whether nothing is ignored.
     *
     * @return true if there are no names, labels or images
     */
    public boolean isEmpty() {
        return names.isEmpty() && labels.isEmpty() && images.isEmpty();
    }
}
