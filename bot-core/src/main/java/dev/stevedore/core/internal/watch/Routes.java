package dev.stevedore.core.internal.watch;

import dev.stevedore.config.IgnoreConfig;
import dev.stevedore.config.NotificationsConfig;
import dev.stevedore.config.RouteConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Decides which targets get a container's notice: the ignore list first (any criterion ignores), then every route
 * whose criteria all match (name globs, labels with exact values, image globs; an empty criterion matches anything).
 * A route with {@code onlyFailures} skips exit code 0. A target named by several matching routes gets one notice.
 *
 * <p>Immutable and thread-safe; globs are compiled once.
 */
final class Routes {
    private final List<Route> routes;
    private final List<Pattern> ignoredNames;
    private final Map<String, String> ignoredLabels;
    private final List<Pattern> ignoredImages;

    private record Route(List<Pattern> names, Map<String, String> labels, List<Pattern> images, List<Target> to,
            boolean onlyFailures) {}

    Routes(NotificationsConfig config) {
        List<Route> rs = new ArrayList<>();
        for (RouteConfig r : config.routes()) {
            rs.add(new Route(globs(r.names()), r.labels(), globs(r.images()),
                    r.to().stream().map(Target::parse).toList(), r.onlyFailures()));
        }
        this.routes = List.copyOf(rs);
        IgnoreConfig ignore = config.ignore();
        this.ignoredNames = globs(ignore.names());
        this.ignoredLabels = ignore.labels();
        this.ignoredImages = globs(ignore.images());
    }

    /**
     * Whether any route exists at all.
     *
     * @return false when no notices can ever be sent
     */
    boolean any() {
        return !routes.isEmpty();
    }

    /**
     * Whether the ignore list covers a container.
     *
     * @param name its name
     * @param labels its labels
     * @param image its image reference
     * @return true if any ignore criterion matches
     */
    boolean ignored(String name, Map<String, String> labels, String image) {
        if (ignoredNames.stream().anyMatch(p -> p.matcher(name).matches())
                || ignoredImages.stream().anyMatch(p -> p.matcher(image).matches())) {
            return true;
        }
        for (Map.Entry<String, String> e : ignoredLabels.entrySet()) {
            if (e.getValue().equals(labels.get(e.getKey()))) {
                return true;
            }
        }
        return false;
    }

    /**
     * The targets of a container's exit notice.
     *
     * @param name its name
     * @param labels its labels
     * @param image its image reference
     * @param exitCode the exit code, for {@code onlyFailures}; for a crash loop pass a non-zero code
     * @return the targets in configuration order, each once; empty when ignored or no route matches
     */
    List<Target> targets(String name, Map<String, String> labels, String image, long exitCode) {
        if (ignored(name, labels, image)) {
            return List.of();
        }
        Map<String, Target> out = new LinkedHashMap<>();
        for (Route r : routes) {
            if (r.onlyFailures() && exitCode == 0) {
                continue;
            }
            if (matches(r, name, labels, image)) {
                r.to().forEach(t -> out.putIfAbsent(t.key(), t));
            }
        }
        return List.copyOf(out.values());
    }

    private static boolean matches(Route r, String name, Map<String, String> labels, String image) {
        if (!r.names().isEmpty() && r.names().stream().noneMatch(p -> p.matcher(name).matches())) {
            return false;
        }
        if (!r.images().isEmpty() && r.images().stream().noneMatch(p -> p.matcher(image).matches())) {
            return false;
        }
        for (Map.Entry<String, String> e : r.labels().entrySet()) {
            if (!e.getValue().equals(labels.get(e.getKey()))) {
                return false;
            }
        }
        return true;
    }

    private static List<Pattern> globs(List<String> globs) {
        return globs.stream().map(Routes::glob).toList();
    }

    /**
     * A shell-style glob as a regular expression: {@code *} any characters, {@code ?} one, the rest literal.
     *
     * @param glob e.g. {@code web-*}
     * @return the pattern, matched against the whole text
     */
    static Pattern glob(String glob) {
        StringBuilder re = new StringBuilder();
        StringBuilder literal = new StringBuilder();
        for (char ch : glob.toCharArray()) {
            if (ch == '*' || ch == '?') {
                if (literal.length() > 0) {
                    re.append(Pattern.quote(literal.toString()));
                    literal.setLength(0);
                }
                re.append(ch == '*' ? ".*" : ".");
            } else {
                literal.append(ch);
            }
        }
        if (literal.length() > 0) {
            re.append(Pattern.quote(literal.toString()));
        }
        return Pattern.compile(re.toString(), Pattern.DOTALL);
    }
}
