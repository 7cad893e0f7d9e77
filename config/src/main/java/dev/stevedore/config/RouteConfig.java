package dev.stevedore.config;

import java.util.List;
import java.util.Map;

/**
 * Sends notices about matching containers' exits to some conversations (one entry of
 * {@code notifications.routes}).
 *
 * <p>A container matches if every non-empty criterion matches; a route with no criteria matches every container.
 *
 * @param names container name globs ({@code match.names}), any of which may match; empty means any name
 * @param labels labels the container must carry with these exact values ({@code match.labels}); empty means any
 * @param images image reference globs ({@code match.images}), any of which may match; empty means any image
 * @param to targets: {@code slack:CHANNEL_ID}, {@code discord:CHANNEL_ID} or {@code shell}
 * @param onlyFailures if true, only exits with a non-zero code are sent; default false
 */
public record RouteConfig(
        List<String> names, Map<String, String> labels, List<String> images, List<String> to, boolean onlyFailures) {
    /**
     * Validates and copies.
     *
     * @throws IllegalArgumentException if an entry of {@code to} is not {@code slack:ID}, {@code discord:ID} or
     *     {@code shell}
     */
    public RouteConfig {
        names = List.copyOf(names);
        labels = Map.copyOf(labels);
        images = List.copyOf(images);
        to = List.copyOf(to);
        for (String target : to) {
            Checks.require("to", Checks.target(target));
        }
    }
}
