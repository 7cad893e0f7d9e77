package dev.stevedore.core.internal.handler;

import dev.stevedore.core.engine.ContainerSummary;
import dev.stevedore.core.engine.ImageSummary;
import dev.stevedore.core.internal.text.Humanize;
import dev.stevedore.core.reply.Block;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The docker CLI's tables: {@code ps} and {@code images}, same columns and cell formats. */
final class Tables {
    static final List<String> PS_HEADER =
            List.of("CONTAINER ID", "IMAGE", "COMMAND", "CREATED", "STATUS", "PORTS", "NAMES");
    static final List<String> IMAGES_HEADER = List.of("REPOSITORY", "TAG", "IMAGE ID", "CREATED", "SIZE");

    private Tables() {}

    static Block.Table ps(List<ContainerSummary> containers, Instant now) {
        List<List<String>> rows = new ArrayList<>(containers.size());
        for (ContainerSummary c : containers) {
            rows.add(List.of(
                    c.id().substring(0, Math.min(12, c.id().length())),
                    shortImage(c.image()),
                    "\"" + ellipsis(c.command(), 20) + "\"",
                    Humanize.ago(c.created(), now),
                    c.status(),
                    String.join(", ", c.ports()),
                    String.join(",", c.names())));
        }
        return new Block.Table(PS_HEADER, rows);
    }

    static Block.Table images(List<ImageSummary> images, Instant now) {
        List<List<String>> rows = new ArrayList<>();
        for (ImageSummary i : images) {
            String id = i.id().startsWith("sha256:") ? i.id().substring(7) : i.id();
            id = id.substring(0, Math.min(12, id.length()));
            String created = Humanize.ago(i.created(), now);
            String size = Humanize.bytes(i.sizeBytes());
            if (i.repoTags().isEmpty()) {
                rows.add(List.of("<none>", "<none>", id, created, size));
            }
            for (String rt : i.repoTags()) {
                int colon = rt.lastIndexOf(':');
                int slash = rt.lastIndexOf('/');
                String repo = colon > slash ? rt.substring(0, colon) : rt;
                String tag = colon > slash ? rt.substring(colon + 1) : "<none>";
                rows.add(List.of(repo, tag, id, created, size));
            }
        }
        return new Block.Table(IMAGES_HEADER, rows);
    }

    /** The CLI shows image ids (sha256:…) shortened to 12 characters. */
    private static String shortImage(String image) {
        return image.startsWith("sha256:") ? image.substring(7, Math.min(19, image.length())) : image;
    }

    /** Cuts to {@code max} characters with a trailing "…", never inside a surrogate pair. */
    static String ellipsis(String s, int max) {
        if (s.codePointCount(0, s.length()) <= max) {
            return s;
        }
        return s.substring(0, s.offsetByCodePoints(0, max - 1)) + "…";
    }
}
