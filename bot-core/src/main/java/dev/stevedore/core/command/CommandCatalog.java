package dev.stevedore.core.command;

import dev.stevedore.core.error.UsageException;
import dev.stevedore.core.reply.Visibility;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Every command the bot understands, in the docker CLI's spelling. Used to parse, to answer {@code help}, to
 * complete in the shell and to register typed commands on chat platforms.
 *
 * <p>Immutable and thread-safe.
 */
public final class CommandCatalog {
    private static final Pattern NEW_NAME = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]+");
    private static final Pattern RESTART = Pattern.compile("no|always|unless-stopped|on-failure(?::[0-9]{1,4})?");
    private static final Pattern IMAGE_REF = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9._:/@-]*");
    /**
     * A name for a new image, as the engine's reference grammar allows it: an optional registry host[:port], path
     * components in lower case, and an optional tag (no digest: a commit makes a new image).
     */
    private static final Pattern COMMIT_TARGET = Pattern.compile(
            "(?:[a-zA-Z0-9.-]+(?::[0-9]+)?/)?[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*"
                    + "(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*(?::[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?");

    private final List<CommandSpec> specs;
    private final Map<String, CommandSpec> byName;

    private CommandCatalog(List<CommandSpec> specs) {
        this.specs = List.copyOf(specs);
        Map<String, CommandSpec> map = new LinkedHashMap<>();
        for (CommandSpec s : specs) {
            register(map, s.name(), s);
            for (String alias : s.aliases()) {
                register(map, alias, s);
            }
        }
        this.byName = Map.copyOf(map);
    }

    private static void register(Map<String, CommandSpec> map, String name, CommandSpec spec) {
        if (map.putIfAbsent(name, spec) != null) {
            throw new IllegalStateException("command name registered twice: " + name);
        }
    }

    /**
     * The specs, in help order.
     *
     * @return every spec, once each
     */
    public List<CommandSpec> specs() {
        return specs;
    }

    /**
     * A spec by any of its spellings.
     *
     * @param name e.g. {@code "ps"}, {@code "container ls"}
     * @return the spec, or empty if unknown
     */
    public Optional<CommandSpec> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /**
     * All spellings, primary names and aliases, for completion.
     *
     * @return the names, sorted
     */
    public List<String> names() {
        return byName.keySet().stream().sorted().toList();
    }

    /**
     * The spec that builds a command type.
     *
     * @param type a {@link Command} record class
     * @return the spec, or empty if none builds it
     */
    public Optional<CommandSpec> specFor(Class<? extends Command> type) {
        return specs.stream().filter(s -> s.type() == type).findFirst();
    }

    /**
     * The known spelling closest to a mistyped one, for "did you mean".
     *
     * @param typo what the user typed
     * @return the closest name within edit distance 2 (or sharing a 3-letter prefix), or empty
     */
    public Optional<String> closest(String typo) {
        String t = typo.toLowerCase(java.util.Locale.ROOT);
        if (t.isEmpty() || t.startsWith("-")) {
            return Optional.empty();
        }
        // short words need a closer match: "y" is no typo of "ps"
        int allowed = t.length() <= 2 ? 0 : t.length() <= 4 ? 1 : 2;
        return byName.keySet().stream()
                .filter(n -> !n.startsWith("-"))
                .map(n -> Map.entry(n, n.endsWith(" " + t) ? 0 : distance(t, n)))
                .filter(e -> e.getValue() <= allowed || (t.length() >= 3 && e.getKey().startsWith(t)))
                .min(Comparator.comparingInt((Map.Entry<String, Integer> e) -> e.getValue())
                        .thenComparing(Map.Entry::getKey))
                .map(Map.Entry::getKey);
    }

    static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    /**
     * The standard catalog: every operation of the docker lecture plus logs, restart and help.
     *
     * @return the catalog
     */
    public static CommandCatalog standard() {
        List<CommandSpec> s = new ArrayList<>();
        ArgSpec container = new ArgSpec("CONTAINER", ArgSpec.Kind.CONTAINER, true, false, "container name or id");
        ArgSpec containers = new ArgSpec("CONTAINER", ArgSpec.Kind.CONTAINER, true, true, "container names or ids");
        ArgSpec image = new ArgSpec("IMAGE", ArgSpec.Kind.IMAGE, true, false, "image, e.g. busybox:1.36");
        ArgSpec cmd = new ArgSpec("COMMAND", ArgSpec.Kind.TEXT, false, true, "command and arguments to run");
        OptionSpec stopTime = OptionSpec.value("time", 't', "SECONDS", "seconds to wait before killing (default 10)");

        s.add(spec("ps", List.of("container ls", "container list", "container ps"), "ps",
                "List containers (running only, unless -a)",
                List.of(OptionSpec.flag("all", 'a', "show all containers, also stopped ones")), List.of(), true,
                false, Visibility.PUBLIC, Command.ListContainers.class,
                a -> new Command.ListContainers(a.flag("all"))));
        s.add(spec("images", List.of("image ls", "image list"), "images", "List images", List.of(), List.of(), true,
                false, Visibility.PUBLIC, Command.ListImages.class, a -> new Command.ListImages()));
        s.add(spec("run", List.of("container run"), "run", "Create and start a container from an image",
                List.of(
                        OptionSpec.flag("detach", 'd', "run in the background and print the container id"),
                        OptionSpec.flag("interactive", 'i', "keep stdin open (attach session)"),
                        OptionSpec.flag("tty", 't', "allocate a pseudo-TTY"),
                        OptionSpec.value("name", (char) 0, "NAME", "container name"),
                        OptionSpec.repeated("env", 'e', "KEY=VALUE", "set an environment variable"),
                        OptionSpec.repeated("publish", 'p', "HOST:CONTAINER", "publish a port"),
                        OptionSpec.repeated("label", 'l', "KEY=VALUE", "set a label"),
                        OptionSpec.flag("rm", (char) 0, "remove the container when it exits"),
                        OptionSpec.value("restart", (char) 0, "POLICY",
                                "restart policy: no, always, unless-stopped, on-failure[:N]")),
                List.of(image, cmd), false, false, Visibility.PUBLIC, Command.RunContainer.class,
                a -> new Command.RunContainer(containerSpec(a), a.flag("detach"))));
        s.add(spec("create", List.of("container create"), "create", "Create a container without starting it",
                List.of(
                        OptionSpec.flag("interactive", 'i', "keep stdin open"),
                        OptionSpec.flag("tty", 't', "allocate a pseudo-TTY"),
                        OptionSpec.value("name", (char) 0, "NAME", "container name"),
                        OptionSpec.repeated("env", 'e', "KEY=VALUE", "set an environment variable"),
                        OptionSpec.repeated("publish", 'p', "HOST:CONTAINER", "publish a port"),
                        OptionSpec.repeated("label", 'l', "KEY=VALUE", "set a label"),
                        OptionSpec.flag("rm", (char) 0, "remove the container when it exits"),
                        OptionSpec.value("restart", (char) 0, "POLICY",
                                "restart policy: no, always, unless-stopped, on-failure[:N]")),
                List.of(image, cmd), false, false, Visibility.PUBLIC, Command.CreateContainer.class,
                a -> new Command.CreateContainer(containerSpec(a))));
        s.add(spec("start", List.of("container start"), "start", "Start stopped or created containers", List.of(),
                List.of(containers), true, false, Visibility.PUBLIC, Command.StartContainers.class,
                a -> new Command.StartContainers(a.containers(0))));
        s.add(spec("stop", List.of("container stop"), "stop", "Stop running containers (SIGTERM, then SIGKILL)",
                List.of(stopTime), List.of(containers), true, false, Visibility.PUBLIC,
                Command.StopContainers.class, a -> new Command.StopContainers(a.containers(0), a.seconds("time"))));
        s.add(spec("restart", List.of("container restart"), "restart", "Restart containers", List.of(stopTime),
                List.of(containers), true, false, Visibility.PUBLIC, Command.RestartContainers.class,
                a -> new Command.RestartContainers(a.containers(0), a.seconds("time"))));
        s.add(spec("attach", List.of("container attach"), "attach",
                "Stream a running container's output; your lines go to its stdin", List.of(), List.of(container),
                true, false, Visibility.PUBLIC, Command.AttachContainer.class,
                a -> new Command.AttachContainer(ContainerRef.parse(a.positionals().get(0)))));
        s.add(spec("rename", List.of("container rename"), "rename", "Rename a container", List.of(),
                List.of(container, new ArgSpec("NEW_NAME", ArgSpec.Kind.NAME, true, false, "the new name")), true,
                false, Visibility.PUBLIC, Command.RenameContainer.class,
                a -> new Command.RenameContainer(
                        ContainerRef.parse(a.positionals().get(0)), newName(a, a.positionals().get(1)))));
        s.add(spec("rm", List.of("container rm", "container remove"), "rm",
                "Remove containers (asks for confirmation)",
                List.of(OptionSpec.flag("force", 'f', "kill and remove running containers")),
                List.of(containers), true, true, Visibility.PUBLIC, Command.RemoveContainers.class,
                a -> new Command.RemoveContainers(a.containers(0), a.flag("force"))));
        s.add(spec("container prune", List.of(), "prune",
                "Remove all stopped containers (shows what would go, then asks)", List.of(), List.of(), true, true,
                Visibility.PUBLIC, Command.PruneContainers.class, a -> new Command.PruneContainers()));
        s.add(spec("commit", List.of("container commit"), "commit",
                "Create a new image from a container's changes", List.of(),
                List.of(container, new ArgSpec("REPOSITORY[:TAG]", ArgSpec.Kind.NAME, false, false,
                        "name of the new image")),
                true, false, Visibility.PUBLIC, Command.CommitContainer.class, CommandCatalog::commit));
        s.add(spec("pull", List.of("image pull"), "pull", "Pull an image from a registry", List.of(),
                List.of(image), true, false, Visibility.PUBLIC, Command.PullImage.class,
                a -> new Command.PullImage(imageRef(a, a.positionals().get(0)))));
        s.add(spec("logs", List.of("container logs"), "logs", "Show a container's output",
                List.of(
                        OptionSpec.flag("follow", 'f', "keep streaming new output until the container exits"),
                        OptionSpec.value("tail", 'n', "N", "number of lines from the end, or all (default all)"),
                        OptionSpec.flag("timestamps", 't', "show timestamps"),
                        OptionSpec.value("since", (char) 0, "DURATION|TIME",
                                "only lines since a duration ago (10m, 1h) or a time (RFC 3339)"),
                        OptionSpec.value("grep", (char) 0, "REGEX", "only lines matching a Java regex")),
                List.of(container), true, false, Visibility.PUBLIC, Command.ShowLogs.class,
                a -> new Command.ShowLogs(ContainerRef.parse(a.positionals().get(0)), a.countOrAll("tail"),
                        a.flag("follow"), a.flag("timestamps"), a.value("since").map(v -> logsSince(a, v)),
                        a.value("grep").map(v -> logsGrep(a, v)))));
        s.add(spec("mute", List.of(), "mute", "Silence a container's exit alerts for a while (e.g. 30m, 2h)",
                List.of(), List.of(container, new ArgSpec("DURATION", ArgSpec.Kind.TEXT, true, false,
                        "how long: 30s, 10m, 2h, 1h30m, 1d (at most 30 days)")),
                true, false, Visibility.PUBLIC, Command.MuteContainer.class,
                a -> new Command.MuteContainer(ContainerRef.parse(a.positionals().get(0)),
                        muteDuration(a, a.positionals().get(1)))));
        s.add(spec("unmute", List.of(), "unmute", "Let a muted container's exit alerts through again", List.of(),
                List.of(new ArgSpec("CONTAINER", ArgSpec.Kind.CONTAINER, true, false, "the muted container's name")),
                true, false, Visibility.PUBLIC, Command.UnmuteContainer.class,
                a -> new Command.UnmuteContainer(ContainerRef.parse(a.positionals().get(0)).value())));
        s.add(spec("notifications", List.of(), "notifications",
                "Show where exit alerts go (routes) and the mutes in force", List.of(), List.of(), true, false,
                Visibility.ONLY_CALLER, Command.ShowNotifications.class, a -> new Command.ShowNotifications()));
        s.add(spec("version", List.of("-v", "--version"), "version", "Show the bot, engine and API versions",
                List.of(), List.of(), true, false, Visibility.ONLY_CALLER, Command.ShowVersion.class,
                a -> new Command.ShowVersion()));
        s.add(spec("help", List.of("--help", "-h"), "help", "List commands, or explain one", List.of(),
                List.of(new ArgSpec("COMMAND", ArgSpec.Kind.COMMAND, false, true, "the command to explain")), true,
                false, Visibility.ONLY_CALLER, Command.ShowHelp.class,
                a -> new Command.ShowHelp(
                        a.positionals().isEmpty() ? Optional.empty() : Optional.of(String.join(" ", a.positionals())))));
        return new CommandCatalog(s);
    }

    private static CommandSpec spec(String name, List<String> aliases, String verb, String summary,
            List<OptionSpec> options, List<ArgSpec> args, boolean interspersed, boolean destructive,
            Visibility visibility, Class<? extends Command> type, java.util.function.Function<ParsedArgs, Command> f) {
        return new CommandSpec(name, aliases, verb, summary, options, args, interspersed, destructive, visibility,
                type, f);
    }

    private static ContainerSpec containerSpec(ParsedArgs a) {
        Optional<String> name = a.value("name").map(n -> newName(a, n));
        for (String e : a.all("env")) {
            if (e.isEmpty() || e.startsWith("=")) {
                throw new UsageException("invalid environment variable: " + e, Optional.of(a.spec().usageLine()));
            }
        }
        for (String l : a.all("label")) {
            if (l.isEmpty() || l.startsWith("=")) {
                throw new UsageException("invalid label: " + l, Optional.of(a.spec().usageLine()));
            }
        }
        String restart = a.value("restart").orElse("");
        if (!restart.isEmpty() && !RESTART.matcher(restart).matches()) {
            throw new UsageException("invalid restart policy \"" + ContainerRef.display(restart)
                    + "\": use no, always, unless-stopped or on-failure[:N]", Optional.of(a.spec().usageLine()));
        }
        if (a.flag("rm") && !restart.isEmpty() && !restart.equals("no")) {
            throw new UsageException("--rm and --restart cannot be combined (a removed container cannot restart)",
                    Optional.of(a.spec().usageLine()));
        }
        return new ContainerSpec(imageRef(a, a.positionals().get(0)), name, a.all("env"), a.all("publish"),
                a.all("label"), a.flag("interactive"), a.flag("tty"), a.flag("rm"), a.rest(1), restart);
    }

    private static final Pattern MUTE_DURATION =
            Pattern.compile("(?:(\\d{1,3})d)?(?:(\\d{1,4})h)?(?:(\\d{1,6})m)?(?:(\\d{1,7})s)?");
    private static final java.time.Duration MAX_MUTE = java.time.Duration.ofDays(30);

    /** {@code --since}: a duration as {@code mute} takes it, or an RFC 3339 time (docker logs' two forms). */
    private static Command.ShowLogs.Since logsSince(ParsedArgs a, String text) {
        String t = text.strip();
        if (!t.isEmpty() && Character.isDigit(t.charAt(0)) && t.length() >= 10 && t.charAt(4) == '-') {
            try {
                return new Command.ShowLogs.Since(Optional.empty(),
                        Optional.of(java.time.OffsetDateTime.parse(t).toInstant()));
            } catch (java.time.format.DateTimeParseException e) {
                throw new UsageException("invalid --since time " + ContainerRef.display(text)
                        + ": use RFC 3339, e.g. 2026-11-30T14:00:00Z, or a duration such as 10m or 1h",
                        Optional.of(a.spec().usageLine()));
            }
        }
        java.util.regex.Matcher m = MUTE_DURATION.matcher(t.toLowerCase(java.util.Locale.ROOT));
        if (t.isEmpty() || !m.matches() || t.chars().allMatch(Character::isDigit)) {
            throw new UsageException("invalid --since " + ContainerRef.display(text)
                    + ": use a duration such as 30s, 10m, 1h30m or an RFC 3339 time such as 2026-11-30T14:00:00Z",
                    Optional.of(a.spec().usageLine()));
        }
        java.time.Duration d = java.time.Duration.ZERO;
        long[] unitSeconds = {86_400, 3_600, 60, 1};
        for (int i = 0; i < 4; i++) {
            if (m.group(i + 1) != null) {
                d = d.plusSeconds(Long.parseLong(m.group(i + 1)) * unitSeconds[i]);
            }
        }
        if (d.isZero()) {
            throw new UsageException("--since needs a duration above 0s, got " + ContainerRef.display(text),
                    Optional.of(a.spec().usageLine()));
        }
        return new Command.ShowLogs.Since(Optional.of(d), Optional.empty());
    }

    /** {@code --grep}: compiled once here so that a bad pattern is a usage error, not a failure later. */
    private static String logsGrep(ParsedArgs a, String regex) {
        try {
            Pattern.compile(regex);
            return regex;
        } catch (java.util.regex.PatternSyntaxException e) {
            throw new UsageException("invalid --grep pattern " + ContainerRef.display(regex) + ": "
                    + e.getDescription() + (e.getIndex() >= 0 ? " near position " + e.getIndex() : ""),
                    Optional.of(a.spec().usageLine()));
        }
    }

    private static java.time.Duration muteDuration(ParsedArgs a, String text) {
        java.util.regex.Matcher m = MUTE_DURATION.matcher(text.strip().toLowerCase(java.util.Locale.ROOT));
        if (text.isBlank() || !m.matches() || text.strip().chars().allMatch(Character::isDigit)) {
            throw new UsageException("invalid duration " + ContainerRef.display(text)
                    + ": use e.g. 30s, 10m, 2h, 1h30m or 1d", Optional.of(a.spec().usageLine()));
        }
        java.time.Duration d = java.time.Duration.ZERO;
        long[] unitSeconds = {86_400, 3_600, 60, 1};
        for (int i = 0; i < 4; i++) {
            if (m.group(i + 1) != null) {
                d = d.plusSeconds(Long.parseLong(m.group(i + 1)) * unitSeconds[i]);
            }
        }
        if (d.isZero() || d.compareTo(MAX_MUTE) > 0) {
            throw new UsageException("a mute lasts more than 0s and at most 30 days, got " + ContainerRef.display(text),
                    Optional.of(a.spec().usageLine()));
        }
        return d;
    }

    private static String newName(ParsedArgs a, String name) {
        String n = name.startsWith("/") ? name.substring(1) : name;
        if (n.length() > ContainerRef.MAX_LENGTH || !NEW_NAME.matcher(n).matches()) {
            throw new UsageException("invalid container name " + ContainerRef.display(name)
                    + ": use 2 to " + ContainerRef.MAX_LENGTH
                    + " of a-z A-Z 0-9 _ . - (starting with a letter or digit)",
                    Optional.of(a.spec().usageLine()));
        }
        return n;
    }

    private static String imageRef(ParsedArgs a, String ref) {
        if (ref.length() > 255 || !IMAGE_REF.matcher(ref).matches()) {
            throw new UsageException("invalid image reference " + ContainerRef.display(ref),
                    Optional.of(a.spec().usageLine()));
        }
        return ref;
    }

    private static Command commit(ParsedArgs a) {
        ContainerRef c = ContainerRef.parse(a.positionals().get(0));
        Optional<String> target = a.positional(1);
        if (target.isEmpty()) {
            return new Command.CommitContainer(c, Optional.empty(), Optional.empty());
        }
        String ref = imageRef(a, target.get());
        if (!COMMIT_TARGET.matcher(ref).matches()) {
            throw new UsageException("invalid image name " + ContainerRef.display(ref)
                    + ": use [REGISTRY/]REPOSITORY[:TAG] in lower case, e.g. team/web:v2",
                    Optional.of(a.spec().usageLine()));
        }
        int slash = ref.lastIndexOf('/');
        int colon = ref.lastIndexOf(':');
        if (colon > slash) {
            return new Command.CommitContainer(c, Optional.of(ref.substring(0, colon)),
                    Optional.of(ref.substring(colon + 1)));
        }
        return new Command.CommitContainer(c, Optional.of(ref), Optional.empty());
    }
}
