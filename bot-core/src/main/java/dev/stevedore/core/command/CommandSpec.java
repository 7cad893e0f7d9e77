package dev.stevedore.core.command;

import dev.stevedore.core.reply.Visibility;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Everything the bot knows about one command: how it is spelled, its flags and arguments, its help, whether it is
 * destructive, and the verb that permissions name. One catalog of these drives parsing, help, completion and,
 * later, the platforms' typed command registration.
 *
 * @param name the primary name, e.g. {@code "ps"} or {@code "container prune"}
 * @param aliases other spellings, e.g. {@code "container ls"}, {@code "container list"}
 * @param verb the permission verb roles name in {@code allow}, e.g. {@code "rm"}
 * @param summary one line of help
 * @param options the flags
 * @param arguments the positional arguments, in order
 * @param interspersed whether flags may follow positionals; false for {@code run}/{@code create}, where the
 *     words after the image belong to the container's command
 * @param destructive whether the command always asks for confirmation
 * @param visibility who sees the reply by default
 * @param type the command record this spec builds
 * @param factory builds the command from parsed words; may throw {@link dev.stevedore.core.error.UsageException}
 */
public record CommandSpec(
        String name,
        List<String> aliases,
        String verb,
        String summary,
        List<OptionSpec> options,
        List<ArgSpec> arguments,
        boolean interspersed,
        boolean destructive,
        Visibility visibility,
        Class<? extends Command> type,
        Function<ParsedArgs, Command> factory) {

    /** Validates and copies. */
    public CommandSpec {
        Objects.requireNonNull(name, "name");
        aliases = List.copyOf(aliases);
        Objects.requireNonNull(verb, "verb");
        Objects.requireNonNull(summary, "summary");
        options = List.copyOf(options);
        arguments = List.copyOf(arguments);
        Objects.requireNonNull(visibility, "visibility");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(factory, "factory");
        if (summary.isBlank()) {
            throw new IllegalArgumentException("command " + name + " needs a summary");
        }
    }

    /**
     * The usage line, generated from the flags and arguments, e.g.
     * {@code "rm [-f] CONTAINER [CONTAINER...]"}.
     *
     * @return the usage without the {@code "Usage: "} prefix
     */
    public String usage() {
        StringBuilder s = new StringBuilder(name);
        for (OptionSpec o : options) {
            String flag = o.shortName().map(c -> "-" + c).orElse("--" + o.longName());
            s.append(" [").append(flag);
            if (o.kind() != OptionSpec.Kind.FLAG) {
                s.append(' ').append(o.valueName());
            }
            s.append(']');
            if (o.kind() == OptionSpec.Kind.REPEATED) {
                s.append("...");
            }
        }
        for (ArgSpec a : arguments) {
            String n = a.variadic() ? a.name() + " [" + a.name() + "...]" : a.name();
            if (a.variadic() && !a.required()) {
                n = "[" + a.name() + "...]";
            }
            s.append(' ').append(a.required() ? n : (a.variadic() ? n : "[" + n + "]"));
        }
        return s.toString();
    }

    /**
     * The usage line with its prefix, as shown under usage errors.
     *
     * @return e.g. {@code "Usage: rm [-f] CONTAINER [CONTAINER...]"}
     */
    public String usageLine() {
        return "Usage: " + usage();
    }

    /**
     * A flag by its long name.
     *
     * @param longName without dashes
     * @return the flag, or empty
     */
    public Optional<OptionSpec> option(String longName) {
        return options.stream().filter(o -> o.longName().equals(longName)).findFirst();
    }

    /**
     * A flag by its short letter.
     *
     * @param shortName the letter
     * @return the flag, or empty
     */
    public Optional<OptionSpec> option(char shortName) {
        return options.stream()
                .filter(o -> o.shortName().isPresent() && o.shortName().get() == shortName)
                .findFirst();
    }

    /**
     * The number of positionals that must be given.
     *
     * @return the count of required arguments
     */
    public int requiredArguments() {
        return (int) arguments.stream().filter(ArgSpec::required).count();
    }

    /**
     * Whether any number of trailing positionals is accepted.
     *
     * @return true if the last argument is variadic
     */
    public boolean variadic() {
        return !arguments.isEmpty() && arguments.get(arguments.size() - 1).variadic();
    }
}
