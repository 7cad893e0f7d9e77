package dev.stevedore.adapter.discord;

import dev.stevedore.core.command.ArgSpec;
import dev.stevedore.core.command.CommandSpec;
import dev.stevedore.core.command.OptionSpec;
import dev.stevedore.core.command.ShellWords;
import dev.stevedore.core.error.UsageException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import net.dv8tion.jda.api.interactions.IntegrationType;
import net.dv8tion.jda.api.interactions.InteractionContextType;
import net.dv8tion.jda.api.interactions.commands.OptionType;
import net.dv8tion.jda.api.interactions.commands.build.CommandData;
import net.dv8tion.jda.api.interactions.commands.build.Commands;
import net.dv8tion.jda.api.interactions.commands.build.OptionData;
import net.dv8tion.jda.api.interactions.commands.build.SlashCommandData;
import net.dv8tion.jda.api.interactions.commands.build.SubcommandData;
import net.dv8tion.jda.api.interactions.commands.build.SubcommandGroupData;
import org.jspecify.annotations.Nullable;

/**
 * The {@code /docker} slash command generated from the core's command specs, and the way back from a slash
 * command's typed options to the docker-CLI text the core parses.
 *
 * <p>One subcommand per {@link CommandSpec} (two-word names such as {@code container prune} become
 * {@code container-prune}), plus {@code cli} that takes raw docker-CLI text, so {@code /docker rm container:web
 * force:true} and {@code /docker cli text:"rm -f web"} give the same text, {@code rm --force web}, and so the same
 * command. When there are more than {@value #MAX_ENTRIES} entries, two-word commands move into subcommand groups
 * named after their first word ({@code /docker container prune}).
 *
 * <p>Typed options follow the spec: a boolean flag becomes a BOOLEAN option, a value whose placeholder is
 * {@code N} or {@code SECONDS} an INTEGER (at least 0), every other value a STRING; a repeatable flag takes several
 * shell words in one STRING ({@code env:"A=1 B='x y'"}); container and image arguments autocomplete; a variadic
 * container argument becomes {@code container} plus {@code more} (space-separated). Required options come first, as
 * Discord requires.
 *
 * <p>Discord's limits are checked when the model is built: at most <b>25</b> subcommands or groups per command and
 * 25 options per subcommand, names of <b>1-32 characters of {@code [a-z0-9_-]}</b>, descriptions of at most
 * <b>100</b> characters (longer ones are cut). Immutable and thread-safe.
 */
public final class DiscordCommandModel {
    /** The slash command's name. */
    public static final String COMMAND = "docker";
    /** The subcommand that takes raw docker-CLI text. */
    public static final String CLI = "cli";
    /** The option of {@link #CLI}. */
    public static final String CLI_TEXT = "text";
    /** Discord's limit on subcommands (and groups) per command, and on options per subcommand. */
    public static final int MAX_ENTRIES = CommandData.MAX_OPTIONS;
    /** The extra option of a variadic container argument. */
    static final String MORE = "more";
    private static final Pattern NAME = Pattern.compile("[a-z0-9_-]{1,32}");
    private static final Pattern SAFE_WORD = Pattern.compile("[A-Za-z0-9_./:@%+=,^-]+");
    private static final int MAX_DESCRIPTION = OptionData.MAX_DESCRIPTION_LENGTH;

    /** How an option's value goes back into CLI text. */
    enum Source {
        /** A boolean flag: {@code --name} when true. */
        FLAG,
        /** A flag with one value: {@code --name VALUE}. */
        VALUE,
        /** A repeatable flag: {@code --name V} per shell word of the value. */
        REPEATED,
        /** A positional argument, quoted as one word. */
        ARGUMENT,
        /** Extra containers of a variadic argument, one word each. */
        MORE,
        /** Free text, appended as typed (shell words are the parser's business). */
        RAW
    }

    /**
     * One typed option of a subcommand and where its value goes.
     *
     * @param name the Discord option name
     * @param type the Discord option type
     * @param source how the value is written back
     * @param cliName the long flag name for flags, the argument placeholder for arguments
     * @param completion what autocomplete offers: containers, images, command names, or nothing
     */
    record Binding(String name, OptionType type, Source source, String cliName, Completion completion) {}

    /** What autocomplete offers for an option. */
    enum Completion {
        /** No autocomplete. */
        NONE,
        /** Container names. */
        CONTAINER,
        /** Image references. */
        IMAGE,
        /** Command names (for help). */
        COMMAND
    }

    /**
     * A subcommand and the spec it runs.
     *
     * @param group the subcommand group, or null
     * @param name the subcommand name
     * @param spec the spec; null for {@link #CLI}
     * @param bindings the options, in Discord order (required first)
     */
    record Route(@Nullable String group, String name, @Nullable CommandSpec spec, List<Binding> bindings) {
        String path() {
            return group == null ? name : group + " " + name;
        }

        Optional<Binding> binding(String optionName) {
            return bindings.stream().filter(b -> b.name().equals(optionName)).findFirst();
        }
    }

    private final Map<String, Route> routes;

    private DiscordCommandModel(Map<String, Route> routes) {
        this.routes = routes;
    }

    /**
     * Builds the model from command specs.
     *
     * @param specs the catalog's specs, in help order
     * @return the model
     * @throws IllegalStateException if the specs cannot fit Discord's limits even with subcommand groups, or two
     *     commands or options map to the same Discord name
     */
    public static DiscordCommandModel of(List<CommandSpec> specs) {
        boolean grouped = specs.size() + 1 > MAX_ENTRIES;
        Map<String, Route> routes = new LinkedHashMap<>();
        Set<String> topLevel = new HashSet<>();
        Map<String, Integer> groupSizes = new LinkedHashMap<>();
        for (CommandSpec s : specs) {
            String[] words = s.name().split(" ");
            String group = grouped && words.length == 2 ? discordName(words[0]) : null;
            String name = group != null ? discordName(words[1]) : discordName(String.join("-", words));
            Route r = new Route(group, name, s, bindings(s));
            if (routes.putIfAbsent(r.path(), r) != null) {
                throw new IllegalStateException("two commands map to /docker " + r.path());
            }
            if (group == null) {
                topLevel.add(name);
            } else {
                topLevel.add(group);
                groupSizes.merge(group, 1, Integer::sum);
            }
        }
        Route cli = new Route(null, CLI, null, List.of(
                new Binding(CLI_TEXT, OptionType.STRING, Source.RAW, "TEXT", Completion.NONE)));
        if (routes.putIfAbsent(CLI, cli) != null || !topLevel.add(CLI)) {
            throw new IllegalStateException("a command is named " + CLI + ", which /docker cli uses");
        }
        if (topLevel.size() > MAX_ENTRIES) {
            throw new IllegalStateException("/docker would have " + topLevel.size() + " subcommands and groups; "
                    + "Discord allows " + MAX_ENTRIES);
        }
        groupSizes.forEach((g, n) -> {
            if (n > MAX_ENTRIES) {
                throw new IllegalStateException("/docker " + g + " would have " + n + " subcommands; Discord allows "
                        + MAX_ENTRIES);
            }
        });
        return new DiscordCommandModel(java.util.Collections.unmodifiableMap(routes));
    }

    /**
     * Turns a command name into a Discord name: lower case, anything outside {@code [a-z0-9_-]} becomes {@code _}.
     *
     * @param name e.g. {@code "container prune"} (spaces are mapped by the caller), {@code "NEW_NAME"}
     * @return the Discord name
     * @throws IllegalStateException if nothing valid is left
     */
    static String discordName(String name) {
        String n = name.toLowerCase(java.util.Locale.ROOT);
        int bracket = n.indexOf('[');
        if (bracket > 0) {
            n = n.substring(0, bracket);
        }
        n = n.replaceAll("[^a-z0-9_-]+", "_").replaceAll("^_+|_+$", "");
        if (n.length() > 32) {
            n = n.substring(0, 32);
        }
        if (!NAME.matcher(n).matches()) {
            throw new IllegalStateException("no valid Discord name for " + name);
        }
        return n;
    }

    private static List<Binding> bindings(CommandSpec s) {
        List<Binding> required = new ArrayList<>();
        List<Binding> optional = new ArrayList<>();
        List<Binding> trailing = new ArrayList<>();
        for (ArgSpec a : s.arguments()) {
            String name = discordName(a.name());
            Completion c = switch (a.kind()) {
                case CONTAINER -> Completion.CONTAINER;
                case IMAGE -> Completion.IMAGE;
                case COMMAND -> Completion.COMMAND;
                case NAME, TEXT -> Completion.NONE;
            };
            Source src = a.variadic() && (a.kind() == ArgSpec.Kind.TEXT || a.kind() == ArgSpec.Kind.COMMAND)
                    ? Source.RAW : Source.ARGUMENT;
            Binding b = new Binding(name, OptionType.STRING, src, a.name(), c);
            (a.required() ? required : trailing).add(b);
            if (a.variadic() && a.kind() == ArgSpec.Kind.CONTAINER) {
                trailing.add(new Binding(MORE, OptionType.STRING, Source.MORE, a.name(), Completion.CONTAINER));
            }
        }
        for (OptionSpec o : s.options()) {
            String name = discordName(o.longName());
            switch (o.kind()) {
                case FLAG -> optional.add(new Binding(name, OptionType.BOOLEAN, Source.FLAG, o.longName(),
                        Completion.NONE));
                case VALUE -> optional.add(new Binding(name, numeric(o) ? OptionType.INTEGER : OptionType.STRING,
                        Source.VALUE, o.longName(), Completion.NONE));
                case REPEATED -> optional.add(new Binding(name, OptionType.STRING, Source.REPEATED, o.longName(),
                        Completion.NONE));
            }
        }
        List<Binding> all = new ArrayList<>(required);
        all.addAll(optional);
        all.addAll(trailing);
        Set<String> names = new HashSet<>();
        for (Binding b : all) {
            if (!names.add(b.name())) {
                throw new IllegalStateException("/docker " + s.name() + " has two options named " + b.name());
            }
        }
        if (all.size() > MAX_ENTRIES) {
            throw new IllegalStateException("/docker " + s.name() + " would have " + all.size() + " options");
        }
        return List.copyOf(all);
    }

    private static boolean numeric(OptionSpec o) {
        return o.valueName().equals("N") || o.valueName().equals("SECONDS");
    }

    /**
     * The slash command definition.
     *
     * @param contexts where the command may be used: {@link InteractionContextType#GUILD}, plus
     *     {@link InteractionContextType#BOT_DM} when direct messages are allowed
     * @return {@code /docker} with its subcommands (and groups), installable in guilds
     */
    public SlashCommandData definition(Collection<InteractionContextType> contexts) {
        SlashCommandData cmd = Commands.slash(COMMAND, "Run docker commands on the team's Docker Engine")
                .setContexts(contexts)
                .setIntegrationTypes(IntegrationType.GUILD_INSTALL);
        Map<String, SubcommandGroupData> groups = new LinkedHashMap<>();
        List<SubcommandData> top = new ArrayList<>();
        for (Route r : orderedRoutes()) {
            SubcommandData sub = new SubcommandData(r.name(), description(r));
            for (Binding b : r.bindings()) {
                sub.addOptions(option(r, b));
            }
            if (r.group() == null) {
                top.add(sub);
            } else {
                groups.computeIfAbsent(r.group(),
                        g -> new SubcommandGroupData(g, cut("docker " + g + " commands"))).addSubcommands(sub);
            }
        }
        cmd.addSubcommands(top);
        cmd.addSubcommandGroups(groups.values());
        return cmd;
    }

    /**
     * The routes in registration order: the catalog's help order, then {@code cli}.
     *
     * @return the routes
     */
    List<Route> orderedRoutes() {
        return List.copyOf(routes.values());
    }

    private static String description(Route r) {
        if (r.spec() == null) {
            return "Any docker command as you would type it, e.g. ps -a or rm -f web";
        }
        return cut(r.spec().summary());
    }

    private static OptionData option(Route r, Binding b) {
        CommandSpec s = r.spec();
        String description;
        boolean required;
        if (s == null) {
            description = "the command, e.g. ps -a, logs --tail 20 web, rm -f web";
            required = true;
        } else if (b.source() == Source.MORE) {
            description = "more containers, separated by spaces";
            required = false;
        } else if (b.source() == Source.ARGUMENT || b.source() == Source.RAW) {
            ArgSpec a = s.arguments().stream().filter(x -> x.name().equals(b.cliName())).findFirst().orElseThrow();
            description = a.help() + (a.kind() == ArgSpec.Kind.TEXT ? " (shell words)" : "");
            required = a.required();
        } else {
            OptionSpec o = s.option(b.cliName()).orElseThrow();
            String flag = o.shortName().map(c -> "-" + c).orElse("--" + o.longName());
            description = o.help() + (b.source() == Source.REPEATED ? "; several: separate with spaces" : "")
                    + " (" + flag + ")";
            required = false;
        }
        OptionData d = new OptionData(b.type(), b.name(), cut(description), required,
                b.completion() != Completion.NONE);
        if (b.type() == OptionType.INTEGER) {
            d.setMinValue(0);
        }
        if (b.type() == OptionType.STRING) {
            d.setMaxLength(OptionData.MAX_STRING_OPTION_LENGTH);
        }
        return d;
    }

    private static String cut(String description) {
        return DiscordText.cut(description, MAX_DESCRIPTION);
    }

    /**
     * The route of a subcommand.
     *
     * @param group the subcommand group from the interaction, or null
     * @param subcommand the subcommand name from the interaction
     * @return the route, or empty for an unknown subcommand (a stale registration)
     */
    Optional<Route> route(@Nullable String group, @Nullable String subcommand) {
        if (subcommand == null) {
            return Optional.empty();
        }
        return Optional.ofNullable(routes.get(group == null ? subcommand : group + " " + subcommand));
    }

    /**
     * Writes a subcommand's typed options back as docker-CLI text, the form the core parses.
     *
     * @param route the subcommand
     * @param options option name to value: {@link Boolean}, {@link Long} or {@link String}; absent options left out
     * @return e.g. {@code "rm --force web"}; for {@code cli}, the text as typed
     * @throws UsageException if the value of a repeatable flag has an unclosed quote
     */
    static String toCommandText(Route route, Map<String, Object> options) {
        CommandSpec spec = route.spec();
        if (spec == null) {
            return String.valueOf(options.getOrDefault(CLI_TEXT, "")).strip();
        }
        StringBuilder flags = new StringBuilder(spec.name());
        for (OptionSpec o : spec.options()) {
            Object v = options.get(optionName(route, o.longName(), true));
            if (v == null) {
                continue;
            }
            switch (o.kind()) {
                case FLAG -> {
                    if (Boolean.TRUE.equals(v)) {
                        flags.append(" --").append(o.longName());
                    }
                }
                case VALUE -> flags.append(" --").append(o.longName()).append(' ').append(quote(String.valueOf(v)));
                case REPEATED -> {
                    for (String w : ShellWords.split(String.valueOf(v))) {
                        flags.append(" --").append(o.longName()).append(' ').append(quote(w));
                    }
                }
            }
        }
        Object rawValue = route.bindings().stream().filter(b -> b.source() == Source.RAW)
                .map(b -> options.get(b.name())).filter(Objects::nonNull).findFirst().orElse(null);
        String raw = rawValue == null || String.valueOf(rawValue).isBlank() ? null : String.valueOf(rawValue).strip();
        // positionals in the spec's order (Discord lists required options first; the CLI wants them in place)
        List<String> positionals = orderPositionals(spec, route, options);
        StringBuilder out = new StringBuilder(flags);
        if (positionals.stream().anyMatch(p -> p.startsWith("-"))) {
            out.append(" --");
        }
        for (String p : positionals) {
            out.append(' ').append(p);
        }
        if (raw != null) {
            out.append(' ').append(raw);
        }
        return out.toString();
    }

    /** The Discord name of a flag or argument of a route, without recomputing it (this runs per interaction). */
    private static String optionName(Route route, String cliName, boolean flag) {
        for (Binding b : route.bindings()) {
            boolean isFlag = b.source() == Source.FLAG || b.source() == Source.VALUE || b.source() == Source.REPEATED;
            if (isFlag == flag && b.source() != Source.MORE && b.cliName().equals(cliName)) {
                return b.name();
            }
        }
        return discordName(cliName);
    }

    private static List<String> orderPositionals(CommandSpec spec, Route route, Map<String, Object> options) {
        List<String> out = new ArrayList<>();
        for (ArgSpec a : spec.arguments()) {
            if (a.variadic() && (a.kind() == ArgSpec.Kind.TEXT || a.kind() == ArgSpec.Kind.COMMAND)) {
                continue;
            }
            Object v = options.get(optionName(route, a.name(), false));
            if (v != null && !String.valueOf(v).isBlank()) {
                out.add(quote(String.valueOf(v).strip()));
            }
            if (a.variadic() && a.kind() == ArgSpec.Kind.CONTAINER) {
                Object more = options.get(MORE);
                if (more != null) {
                    for (String w : String.valueOf(more).strip().split("[\\s,]+")) {
                        if (!w.isEmpty()) {
                            out.add(quote(w));
                        }
                    }
                }
            }
        }
        return out;
    }

    /**
     * Quotes one word for the core's shell-word splitter: safe words stay as they are, others are single-quoted.
     *
     * @param word the word
     * @return the word as shell text
     */
    static String quote(String word) {
        if (SAFE_WORD.matcher(word).matches()) {
            return word;
        }
        return "'" + word.replace("'", "'\"'\"'") + "'";
    }
}
