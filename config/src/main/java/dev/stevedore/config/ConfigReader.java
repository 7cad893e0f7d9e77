package dev.stevedore.config;

import java.math.BigInteger;
import java.net.URI;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Turns the tree of maps, lists and scalars that the YAML parser produced into a {@link StevedoreConfig}, collecting
 * <b>every</b> problem with its key path before failing.
 *
 * <p>Conventions it applies to every key: an absent key, a key with no value and a string that is blank after
 * {@code ${VAR}} replacement all mean "not set", so the default or the environment fallback applies. String values
 * are stripped of surrounding whitespace. Discord ids and channel ids may be written as bare numbers.
 *
 * <p>One instance reads one document; it is not thread-safe.
 */
final class ConfigReader {
    private static final List<String> ROOT_KEYS =
            List.of("docker", "access", "confirm", "slack", "discord", "notifications", "audit", "http");
    private static final List<String> DOCKER_KEYS = List.of("host");
    private static final List<String> ACCESS_KEYS = List.of("roles", "bindings", "channels", "directMessages");
    private static final List<String> ROLE_KEYS = List.of("allow", "containers", "labels", "channels");
    private static final List<String> BINDING_KEYS = List.of("role", "slack", "discord", "shell");
    private static final List<String> SLACK_IDS_KEYS = List.of("users", "groups");
    private static final List<String> DISCORD_IDS_KEYS = List.of("users", "roles");
    private static final List<String> SHELL_IDS_KEYS = List.of("users");
    private static final List<String> CHANNELS_KEYS = List.of("slack", "discord");
    private static final List<String> CONFIRM_KEYS = List.of("ttl");
    private static final List<String> SLACK_KEYS =
            List.of("mode", "botToken", "signingSecret", "appToken", "listen", "apiUrl");
    private static final List<String> DISCORD_KEYS = List.of("token", "guilds", "apiUrl", "gatewayUrl",
            "messageContent");
    private static final List<String> NOTIFICATIONS_KEYS = List.of("routes", "crashLoop", "ignore", "logLines");
    private static final List<String> ROUTE_KEYS = List.of("match", "to", "onlyFailures");
    private static final List<String> MATCH_KEYS = List.of("names", "labels", "images");
    private static final List<String> CRASH_LOOP_KEYS = List.of("exits", "window", "recoverAfter");
    private static final List<String> IGNORE_KEYS = List.of("names", "labels", "images");
    private static final List<String> AUDIT_KEYS = List.of("path");
    private static final List<String> HTTP_KEYS = List.of("listen");
    private static final Pattern WHOLE_NUMBER = Pattern.compile("-?[0-9]{1,9}");

    private final Map<String, String> environment;
    private final EnvInterpolator interpolator;
    private final List<String> problems = new ArrayList<>();

    /**
     * Creates a reader.
     *
     * @param environment the variables for {@code ${VAR}} and for token and {@code DOCKER_HOST} fallbacks; not
     *     copied, so pass an immutable map
     */
    private final List<String> notes = new ArrayList<>();

    /**
     * Remarks that are not errors, e.g. a chat section that stays off for want of a token.
     *
     * @return the notes, in reading order
     */
    List<String> notes() {
        return List.copyOf(notes);
    }

    ConfigReader(Map<String, String> environment) {
        this.environment = Objects.requireNonNull(environment, "environment");
        this.interpolator = new EnvInterpolator(environment);
    }

    /**
     * Reads a parsed document.
     *
     * @param document what the YAML parser returned: a map for a normal file, null for an empty one
     * @param source the file the document came from, stored in the result
     * @return the configuration
     * @throws ConfigException if anything is invalid; it lists every problem found
     */
    StevedoreConfig read(@Nullable Object document, Optional<Path> source) {
        Map<String, @Nullable Object> root = Map.of();
        if (document instanceof Map) {
            root = section("", document, ROOT_KEYS);
        } else if (document != null) {
            problem("", "the file must be a mapping of sections such as docker:, access:, slack:, got "
                    + describe(document));
        }
        DockerConfig docker = docker(root.get("docker"));
        AccessConfig access = access(root.get("access"));
        ConfirmConfig confirm = confirm(root.get("confirm"));
        Optional<SlackConfig> slack = slack(root.get("slack"));
        Optional<DiscordConfig> discord = discord(root.get("discord"));
        NotificationsConfig notifications = notifications(root.get("notifications"));
        AuditConfig audit = audit(root.get("audit"));
        HttpConfig http = http(root.get("http"));
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return new StevedoreConfig(docker, access, confirm, audit, slack, discord, notifications, http, source);
    }

    // ---------------------------------------------------------------- sections

    private DockerConfig docker(@Nullable Object value) {
        int mark = problems.size();
        Map<String, @Nullable Object> map = section("docker", value, DOCKER_KEYS);
        String path = "docker.host";
        Optional<String> host = string(path, map.get("host"));
        if (host.isEmpty() && problems.size() == mark) {
            host = fromEnvironment("DOCKER_HOST");
            if (host.isPresent()) {
                path = "docker.host (from DOCKER_HOST)";
            }
        }
        String address = host.orElse(DockerConfig.DEFAULT_HOST);
        report(path, Checks.dockerHost(address));
        return new DockerConfig(problems.size() > mark ? DockerConfig.DEFAULT_HOST : address);
    }

    private AccessConfig access(@Nullable Object value) {
        int mark = problems.size();
        Map<String, @Nullable Object> map = section("access", value, ACCESS_KEYS);
        Map<String, @Nullable Object> declared = mapping("access.roles", map.get("roles"));
        Map<String, RoleConfig> roles = new LinkedHashMap<>();
        declared.forEach((name, body) -> role(name, body).ifPresent(role -> roles.put(name, role)));
        List<BindingConfig> bindings = bindings(map.get("bindings"), declared.keySet());
        ChannelsConfig channels = channels(map.get("channels"));
        boolean directMessages = bool("access.directMessages", map.get("directMessages")).orElse(false);
        return problems.size() > mark
                ? AccessConfig.empty()
                : new AccessConfig(roles, bindings, channels, directMessages);
    }

    private Optional<RoleConfig> role(String name, @Nullable Object value) {
        int mark = problems.size();
        String path = "access.roles." + name;
        report(path, Checks.roleName(name));
        Map<String, @Nullable Object> map = section(path, value, ROLE_KEYS);
        List<String> allow = strings(path + ".allow", map.get("allow"), false, Checks::verb);
        List<String> containers = strings(path + ".containers", map.get("containers"), false, Checks::glob);
        Map<String, String> labels = labels(path + ".labels", map.get("labels"));
        List<String> channels = strings(path + ".channels", map.get("channels"), true, Checks::anyChannel);
        return problems.size() > mark
                ? Optional.empty()
                : Optional.of(new RoleConfig(name, allow, containers, labels, channels));
    }

    private List<BindingConfig> bindings(@Nullable Object value, Set<String> roleNames) {
        List<?> items = list("access.bindings", value);
        List<BindingConfig> bindings = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            int mark = problems.size();
            String path = "access.bindings[" + i + "]";
            Map<String, @Nullable Object> map = section(path, items.get(i), BINDING_KEYS);
            Optional<String> role = string(path + ".role", map.get("role"));
            if (role.isEmpty() && problems.size() == mark) {
                problem(path + ".role", "required: the name of a role under access.roles");
            } else if (role.isPresent() && !roleNames.contains(role.get())) {
                problem(path + ".role", unknownRole(role.get(), roleNames));
            }
            PlatformIds slack = ids(path + ".slack", map.get("slack"), SLACK_IDS_KEYS, false,
                    Checks::slackUser, Checks::slackGroup);
            PlatformIds discord = ids(path + ".discord", map.get("discord"), DISCORD_IDS_KEYS, true,
                    Checks::snowflake, Checks::snowflake);
            PlatformIds shell = ids(path + ".shell", map.get("shell"), SHELL_IDS_KEYS, false,
                    Checks::shellUser, Checks::shellUser);
            if (problems.size() == mark && role.isPresent()) {
                bindings.add(new BindingConfig(role.get(), slack, discord, shell));
            }
        }
        return bindings;
    }

    /** Reads {users, groups} (Slack), {users, roles} (Discord) or {users} (shell); a second key holds groups. */
    private PlatformIds ids(
            String path,
            @Nullable Object value,
            List<String> keys,
            boolean wholeNumbers,
            Function<String, Optional<String>> userCheck,
            Function<String, Optional<String>> groupCheck) {
        if (value == null) {
            return PlatformIds.none();
        }
        Map<String, @Nullable Object> map = section(path, value, keys);
        List<String> users = strings(path + ".users", map.get("users"), wholeNumbers, userCheck);
        List<String> groups = keys.size() < 2
                ? List.of()
                : strings(path + "." + keys.get(1), map.get(keys.get(1)), wholeNumbers, groupCheck);
        return new PlatformIds(users, groups);
    }

    private ChannelsConfig channels(@Nullable Object value) {
        Map<String, @Nullable Object> map = section("access.channels", value, CHANNELS_KEYS);
        List<String> slack = strings("access.channels.slack", map.get("slack"), false, Checks::slackChannel);
        List<String> discord = strings("access.channels.discord", map.get("discord"), true, Checks::snowflake);
        return new ChannelsConfig(slack, discord);
    }

    private ConfirmConfig confirm(@Nullable Object value) {
        Map<String, @Nullable Object> map = section("confirm", value, CONFIRM_KEYS);
        return new ConfirmConfig(positiveDuration("confirm.ttl", map.get("ttl")).orElse(ConfirmConfig.DEFAULT_TTL));
    }

    private Optional<SlackConfig> slack(@Nullable Object value) {
        int mark = problems.size();
        Map<String, @Nullable Object> map = section("slack", value, SLACK_KEYS);
        String mode = string("slack.mode", map.get("mode")).orElse(SlackConfig.MODE_HTTP);
        report("slack.mode", Checks.slackMode(mode));
        Optional<Secret> botToken = secret("slack.botToken", map.get("botToken"), "SLACK_BOT_TOKEN");
        Optional<Secret> signingSecret =
                secret("slack.signingSecret", map.get("signingSecret"), "SLACK_SIGNING_SECRET");
        Optional<Secret> appToken = secret("slack.appToken", map.get("appToken"), "SLACK_APP_TOKEN");
        String listen = listen("slack.listen", map.get("listen"), SlackConfig.DEFAULT_LISTEN);
        URI apiUrl = url("slack.apiUrl", map.get("apiUrl"), true, "http", "https").orElse(SlackConfig.DEFAULT_API_URL);
        if (botToken.isEmpty()) {
            if (value != null) {
                notes.add("slack: the section has no bot token (slack.botToken or SLACK_BOT_TOKEN), so Slack is off");
            }
            return Optional.empty();
        }
        if (SlackConfig.MODE_SOCKET.equals(mode) && appToken.isEmpty()) {
            problem("slack.appToken", "required when slack.mode is socket (set it here or in SLACK_APP_TOKEN)");
        }
        if (SlackConfig.MODE_HTTP.equals(mode) && signingSecret.isEmpty()) {
            problem("slack.signingSecret",
                    "required when slack.mode is http (set it here or in SLACK_SIGNING_SECRET)");
        }
        return problems.size() > mark
                ? Optional.empty()
                : Optional.of(new SlackConfig(mode, botToken.get(), signingSecret, appToken, listen, apiUrl));
    }

    private Optional<DiscordConfig> discord(@Nullable Object value) {
        int mark = problems.size();
        Map<String, @Nullable Object> map = section("discord", value, DISCORD_KEYS);
        Optional<Secret> token = secret("discord.token", map.get("token"), "DISCORD_TOKEN");
        List<String> guilds = strings("discord.guilds", map.get("guilds"), true, Checks::snowflake);
        URI apiUrl = url("discord.apiUrl", map.get("apiUrl"), true, "http", "https")
                .orElse(DiscordConfig.DEFAULT_API_URL);
        URI gatewayUrl = url("discord.gatewayUrl", map.get("gatewayUrl"), false, "wss", "ws", "https", "http")
                .orElse(DiscordConfig.DEFAULT_GATEWAY_URL);
        boolean messageContent = bool("discord.messageContent", map.get("messageContent")).orElse(false);
        if (token.isEmpty() && value != null) {
            notes.add("discord: the section has no token (discord.token or DISCORD_TOKEN), so Discord is off");
        }
        return token.isEmpty() || problems.size() > mark
                ? Optional.empty()
                : Optional.of(new DiscordConfig(token.get(), guilds, apiUrl, gatewayUrl, messageContent));
    }

    private NotificationsConfig notifications(@Nullable Object value) {
        int mark = problems.size();
        Map<String, @Nullable Object> map = section("notifications", value, NOTIFICATIONS_KEYS);
        List<?> items = list("notifications.routes", map.get("routes"));
        List<RouteConfig> routes = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            route("notifications.routes[" + i + "]", items.get(i)).ifPresent(routes::add);
        }
        String path = "notifications.crashLoop";
        Map<String, @Nullable Object> crashLoop = section(path, map.get("crashLoop"), CRASH_LOOP_KEYS);
        int exits = integer(path + ".exits", crashLoop.get("exits")).orElse(CrashLoopConfig.DEFAULT_EXITS);
        if (exits < 1) {
            problem(path + ".exits", "must be at least 1, got " + exits);
        }
        Duration window = positiveDuration(path + ".window", crashLoop.get("window"))
                .orElse(CrashLoopConfig.DEFAULT_WINDOW);
        Duration recoverAfter = positiveDuration(path + ".recoverAfter", crashLoop.get("recoverAfter"))
                .orElse(CrashLoopConfig.DEFAULT_RECOVER_AFTER);
        String ignorePath = "notifications.ignore";
        Map<String, @Nullable Object> ignore = section(ignorePath, map.get("ignore"), IGNORE_KEYS);
        List<String> ignoredNames = strings(ignorePath + ".names", ignore.get("names"), false, Checks::glob);
        Map<String, String> ignoredLabels = labels(ignorePath + ".labels", ignore.get("labels"));
        List<String> ignoredImages = strings(ignorePath + ".images", ignore.get("images"), false, Checks::glob);
        int logLines = integer("notifications.logLines", map.get("logLines"))
                .orElse(NotificationsConfig.DEFAULT_LOG_LINES);
        if (logLines < 0 || logLines > NotificationsConfig.MAX_LOG_LINES) {
            problem("notifications.logLines",
                    "must be 0 to " + NotificationsConfig.MAX_LOG_LINES + ", got " + logLines);
        }
        return problems.size() > mark
                ? NotificationsConfig.defaults()
                : new NotificationsConfig(routes, new CrashLoopConfig(exits, window, recoverAfter),
                        new IgnoreConfig(ignoredNames, ignoredLabels, ignoredImages), logLines);
    }

    private Optional<RouteConfig> route(String path, @Nullable Object value) {
        int mark = problems.size();
        Map<String, @Nullable Object> map = section(path, value, ROUTE_KEYS);
        Map<String, @Nullable Object> match = section(path + ".match", map.get("match"), MATCH_KEYS);
        List<String> names = strings(path + ".match.names", match.get("names"), false, Checks::glob);
        Map<String, String> labels = labels(path + ".match.labels", match.get("labels"));
        List<String> images = strings(path + ".match.images", match.get("images"), false, Checks::glob);
        int beforeTo = problems.size();
        List<String> to = strings(path + ".to", map.get("to"), false, Checks::target);
        if (to.isEmpty() && problems.size() == beforeTo) {
            problem(path + ".to", "required: at least one target (slack:CHANNEL_ID, discord:CHANNEL_ID or shell)");
        }
        boolean onlyFailures = bool(path + ".onlyFailures", map.get("onlyFailures")).orElse(false);
        return problems.size() > mark
                ? Optional.empty()
                : Optional.of(new RouteConfig(names, labels, images, to, onlyFailures));
    }

    private AuditConfig audit(@Nullable Object value) {
        Map<String, @Nullable Object> map = section("audit", value, AUDIT_KEYS);
        Optional<String> text = string("audit.path", map.get("path"));
        if (text.isEmpty()) {
            return AuditConfig.defaults();
        }
        try {
            return new AuditConfig(Path.of(text.get()));
        } catch (InvalidPathException e) {
            problem("audit.path", "not a valid path: " + Checks.quote(text.get()) + " (" + e.getReason() + ")");
            return AuditConfig.defaults();
        }
    }

    private HttpConfig http(@Nullable Object value) {
        Map<String, @Nullable Object> map = section("http", value, HTTP_KEYS);
        return new HttpConfig(listen("http.listen", map.get("listen"), HttpConfig.DEFAULT_LISTEN));
    }

    // ---------------------------------------------------------------- typed values

    /** A mapping whose keys must all be in {@code keys}; absent or null gives an empty map. */
    private Map<String, @Nullable Object> section(String path, @Nullable Object value, List<String> keys) {
        Map<String, @Nullable Object> map = mapping(path, value);
        for (String key : map.keySet()) {
            if (!keys.contains(key)) {
                problem(path, unknownKey(key, keys));
            }
        }
        return map;
    }

    /** A mapping with free keys (role names, labels); absent or null gives an empty map. */
    private Map<String, @Nullable Object> mapping(String path, @Nullable Object value) {
        if (value == null) {
            return Map.of();
        }
        if (!(value instanceof Map<?, ?> raw)) {
            problem(path, "expected a mapping (key: value), got " + describe(value));
            return Map.of();
        }
        Map<String, @Nullable Object> map = new LinkedHashMap<>();
        for (Map.Entry<?, ?> entry : raw.entrySet()) {
            Object key = entry.getKey();
            if (key instanceof String || key instanceof Number || key instanceof Boolean) {
                map.put(key.toString(), entry.getValue());
            } else {
                problem(path, "keys must be plain names, got " + describe(key));
            }
        }
        return map;
    }

    private List<?> list(String path, @Nullable Object value) {
        if (value == null) {
            return List.of();
        }
        if (value instanceof List<?> items) {
            return items;
        }
        problem(path, "expected a list, got " + describe(value) + " (write [a, b] or one '- item' per line)");
        return List.of();
    }

    /** A list of non-empty strings, each passing {@code check}; invalid entries are reported and left out. */
    private List<String> strings(
            String path, @Nullable Object value, boolean wholeNumbers, Function<String, Optional<String>> check) {
        List<?> items = list(path, value);
        List<String> strings = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            String itemPath = path + "[" + i + "]";
            int mark = problems.size();
            Optional<String> text = text(itemPath, items.get(i), wholeNumbers, false);
            if (text.isEmpty()) {
                if (problems.size() == mark) {
                    problem(itemPath, "must not be empty");
                }
                continue;
            }
            Optional<String> problem = check.apply(text.get());
            if (problem.isPresent()) {
                problem(itemPath, problem.get());
            } else {
                strings.add(text.get());
            }
        }
        return strings;
    }

    /** Labels: names to exact values; values may be strings, numbers or booleans, and may be empty. */
    private Map<String, String> labels(String path, @Nullable Object value) {
        Map<String, String> labels = new LinkedHashMap<>();
        mapping(path, value).forEach((name, raw) -> {
            String itemPath = path + "." + name;
            if (name.isBlank()) {
                problem(path, "label names must not be empty");
            } else if (raw == null) {
                problem(itemPath, "missing value (write \"\" to require an empty value)");
            } else if (raw instanceof String text) {
                try {
                    labels.put(name, interpolator.apply(text, false));
                } catch (IllegalArgumentException e) {
                    problem(itemPath, String.valueOf(e.getMessage()));
                }
            } else if (raw instanceof Number || raw instanceof Boolean) {
                labels.put(name, raw.toString());
            } else {
                problem(itemPath, "expected a string, got " + describe(raw));
            }
        });
        return labels;
    }

    private Optional<String> string(String path, @Nullable Object value) {
        return text(path, value, false, false);
    }

    /**
     * A scalar string after {@code ${VAR}} replacement and stripping; empty if absent, null or blank.
     *
     * @param wholeNumbers whether a YAML integer is accepted and turned into its decimal digits (ids)
     * @param secret whether problem messages must not quote the value
     */
    private Optional<String> text(String path, @Nullable Object value, boolean wholeNumbers, boolean secret) {
        if (value == null) {
            return Optional.empty();
        }
        if (value instanceof String raw) {
            try {
                String text = interpolator.apply(raw, secret).strip();
                return text.isEmpty() ? Optional.empty() : Optional.of(text);
            } catch (IllegalArgumentException e) {
                problem(path, String.valueOf(e.getMessage()));
                return Optional.empty();
            }
        }
        if (wholeNumbers && (value instanceof Integer || value instanceof Long || value instanceof BigInteger)) {
            return Optional.of(value.toString());
        }
        boolean scalar = value instanceof Number || value instanceof Boolean;
        problem(path, "expected a string, got " + describe(value) + (scalar ? " (put it in quotes)" : ""));
        return Optional.empty();
    }

    private Optional<Secret> secret(String path, @Nullable Object value, String variable) {
        int mark = problems.size();
        Optional<String> text = text(path, value, false, true);
        if (problems.size() > mark) {
            return Optional.empty();
        }
        String where = path;
        if (text.isEmpty()) {
            text = fromEnvironment(variable);
            where = path + " (from " + variable + ")";
        }
        if (text.isEmpty()) {
            return Optional.empty();
        }
        if (text.get().chars().anyMatch(Character::isWhitespace)) {
            problem(where, "must not contain whitespace");
            return Optional.empty();
        }
        return Optional.of(new Secret(text.get()));
    }

    private Optional<String> fromEnvironment(String variable) {
        String value = environment.get(variable);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.strip());
    }

    private Optional<Boolean> bool(String path, @Nullable Object value) {
        if (value instanceof Boolean flag) {
            return Optional.of(flag);
        }
        if (value instanceof String) {
            Optional<String> text = string(path, value);
            if (text.isPresent()) {
                if (text.get().equalsIgnoreCase("true")) {
                    return Optional.of(true);
                }
                if (text.get().equalsIgnoreCase("false")) {
                    return Optional.of(false);
                }
                problem(path, "expected true or false, got " + Checks.quote(text.get()));
            }
            return Optional.empty();
        }
        if (value != null) {
            problem(path, "expected true or false, got " + describe(value));
        }
        return Optional.empty();
    }

    private Optional<Integer> integer(String path, @Nullable Object value) {
        if (value instanceof Integer number) {
            return Optional.of(number);
        }
        if (value instanceof Long || value instanceof BigInteger) {
            problem(path, "is too large, got " + value);
            return Optional.empty();
        }
        if (value instanceof String) {
            Optional<String> text = string(path, value);
            if (text.isPresent() && WHOLE_NUMBER.matcher(text.get()).matches()) {
                return Optional.of(Integer.parseInt(text.get()));
            }
            text.ifPresent(t -> problem(path, "expected a whole number, got " + Checks.quote(t)));
            return Optional.empty();
        }
        if (value != null) {
            problem(path, "expected a whole number, got " + describe(value));
        }
        return Optional.empty();
    }

    /** A duration that must be more than zero and at most 24 hours. */
    private Optional<Duration> positiveDuration(String path, @Nullable Object value) {
        Optional<Duration> duration = duration(path, value);
        if (duration.isPresent()) {
            Optional<String> problem = Checks.positiveDuration(duration.get());
            if (problem.isPresent()) {
                problem(path, problem.get());
                return Optional.empty();
            }
        }
        return duration;
    }

    private Optional<Duration> duration(String path, @Nullable Object value) {
        if (value instanceof Integer || value instanceof Long) {
            long seconds = ((Number) value).longValue();
            if (seconds >= 0) {
                return Optional.of(Duration.ofSeconds(seconds));
            }
            problem(path, Durations.invalid(value.toString()));
            return Optional.empty();
        }
        if (value instanceof String) {
            Optional<String> text = string(path, value);
            if (text.isPresent()) {
                try {
                    return Optional.of(Durations.parse(text.get()));
                } catch (IllegalArgumentException e) {
                    problem(path, String.valueOf(e.getMessage()));
                }
            }
            return Optional.empty();
        }
        if (value instanceof Number) {
            problem(path, Durations.invalid(value.toString()));
        } else if (value != null) {
            problem(path, "expected a duration such as 30s, 2m or 1h, got " + describe(value));
        }
        return Optional.empty();
    }

    private String listen(String path, @Nullable Object value, String fallback) {
        Optional<String> text = string(path, value);
        if (text.isPresent()) {
            Optional<String> problem = Checks.hostPort(text.get());
            if (problem.isPresent()) {
                problem(path, problem.get());
                return fallback;
            }
        }
        return text.orElse(fallback);
    }

    /** An absolute URL; with {@code directory}, a missing final {@code /} is added so relative paths resolve. */
    private Optional<URI> url(String path, @Nullable Object value, boolean directory, String... schemes) {
        Optional<String> text = string(path, value);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        Optional<String> problem = Checks.url(text.get(), schemes);
        if (problem.isPresent()) {
            problem(path, problem.get());
            return Optional.empty();
        }
        URI url = URI.create(text.get());
        if (directory && url.getRawQuery() == null && url.getRawFragment() == null
                && (url.getRawPath() == null || !url.getRawPath().endsWith("/"))) {
            url = URI.create(text.get() + "/");
        }
        return Optional.of(url);
    }

    // ---------------------------------------------------------------- problems

    private void problem(String path, String problem) {
        problems.add(path.isEmpty() ? problem : path + ": " + problem);
    }

    private void report(String path, Optional<String> problem) {
        problem.ifPresent(text -> problem(path, text));
    }

    private static String unknownKey(String key, List<String> keys) {
        return "unknown key " + Checks.quote(key) + Names.closest(key, keys)
                .map(suggestion -> " (did you mean '" + suggestion + "'?)")
                .orElse(" (expected one of: " + String.join(", ", keys) + ")");
    }

    private static String unknownRole(String role, Collection<String> roleNames) {
        if (roleNames.isEmpty()) {
            return "unknown role " + Checks.quote(role) + " (no roles are defined under access.roles)";
        }
        return "unknown role " + Checks.quote(role) + Names.closest(role, roleNames)
                .map(suggestion -> " (did you mean '" + suggestion + "'?)")
                .orElse(" (defined roles: " + String.join(", ", roleNames) + ")");
    }

    private static String describe(@Nullable Object value) {
        if (value == null) {
            return "nothing";
        } else if (value instanceof String) {
            return "a string";
        } else if (value instanceof Boolean) {
            return "a boolean";
        } else if (value instanceof Number) {
            return "a number";
        } else if (value instanceof List) {
            return "a list";
        } else if (value instanceof Map) {
            return "a mapping";
        } else if (value instanceof byte[]) {
            return "binary data";
        } else if (value instanceof Set) {
            return "a set";
        }
        return "a " + value.getClass().getSimpleName();
    }
}
