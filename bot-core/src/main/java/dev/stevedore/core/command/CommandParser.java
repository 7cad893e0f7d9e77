package dev.stevedore.core.command;

import dev.stevedore.core.error.UsageException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Turns command text in docker CLI syntax into a typed {@link Command}.
 *
 * <p>Follows the CLI: a leading {@code docker} is ignored; two-word commands ({@code container prune}) are matched
 * before one-word ones; short flags combine ({@code -it}); long flags take {@code --name=v} or {@code --name v};
 * {@code --} ends flags; for {@code run} and {@code create} the words after the image belong to the container's
 * command. Thread-safe.
 */
public final class CommandParser {
    private final CommandCatalog catalog;

    /**
     * Creates a parser over a catalog.
     *
     * @param catalog the commands to recognise
     */
    public CommandParser(CommandCatalog catalog) {
        this.catalog = catalog;
    }

    /**
     * A command found at the head of some words, with the words that follow it.
     *
     * @param spec the command
     * @param rest the words after the command name
     */
    public record Head(CommandSpec spec, List<String> rest) {}

    /**
     * Finds which command the words name, without parsing its flags.
     *
     * @param text the command text
     * @return the command and its remaining words
     * @throws UsageException if the text is empty or names no command (the message suggests the closest one)
     */
    public Head head(String text) {
        List<String> words = new ArrayList<>(ShellWords.split(text.strip()));
        if (!words.isEmpty() && words.get(0).equals("docker")) {
            words.remove(0);
        }
        if (words.isEmpty()) {
            throw new UsageException("no command given — try help", Optional.empty());
        }
        if (words.size() >= 2) {
            Optional<CommandSpec> two = catalog.find(words.get(0) + " " + words.get(1));
            if (two.isPresent()) {
                return new Head(two.get(), List.copyOf(words.subList(2, words.size())));
            }
        }
        Optional<CommandSpec> one = catalog.find(words.get(0));
        if (one.isPresent()) {
            return new Head(one.get(), List.copyOf(words.subList(1, words.size())));
        }
        String typed = words.size() >= 2 && (words.get(0).equals("container") || words.get(0).equals("image"))
                ? words.get(0) + " " + words.get(1)
                : words.get(0);
        String shown = ContainerRef.display(typed);
        String hint = catalog.closest(typed).map(c -> " — did you mean " + c + "?").orElse(" — try help");
        throw new UsageException("unknown command: " + shown + hint, Optional.empty());
    }

    /**
     * Parses command text.
     *
     * @param text e.g. {@code "docker run -d --name web busybox sh -c \"echo hi; sleep 5\""}
     * @return the typed command
     * @throws UsageException for an unknown command or flag, a missing or extra argument, or a bad value; the
     *     exception carries the command's usage line
     * @throws dev.stevedore.core.error.NoSuchContainerException if a container argument cannot be a container name
     */
    public Command parse(String text) {
        Head head = head(text);
        CommandSpec spec = head.spec();
        ParsedArgs args = sort(spec, head.rest());
        if (args.flag("help")) {
            return new Command.ShowHelp(Optional.of(spec.name()));
        }
        int n = args.positionals().size();
        int required = spec.requiredArguments();
        if (n < required) {
            String what = spec.variadic() && required == 1 ? "at least 1 argument" : plural(required);
            if (!spec.variadic() && spec.arguments().size() == required) {
                what = "exactly " + plural(required);
            }
            throw new UsageException("\"" + spec.name() + "\" requires " + what, Optional.of(spec.usageLine()));
        }
        if (!spec.variadic() && n > spec.arguments().size()) {
            String expected = spec.arguments().isEmpty() ? "no arguments"
                    : spec.arguments().size() == required ? "exactly " + plural(required)
                    : "at most " + plural(spec.arguments().size());
            throw new UsageException("\"" + spec.name() + "\" accepts " + expected + ", got "
                    + ContainerRef.display(args.positionals().get(spec.arguments().size())),
                    Optional.of(spec.usageLine()));
        }
        return spec.factory().apply(args);
    }

    private static String plural(int n) {
        return n + (n == 1 ? " argument" : " arguments");
    }

    private static ParsedArgs sort(CommandSpec spec, List<String> words) {
        Set<String> flags = new HashSet<>();
        Map<String, List<String>> values = new LinkedHashMap<>();
        List<String> positionals = new ArrayList<>();
        boolean flagsEnded = false;
        for (int i = 0; i < words.size(); i++) {
            String w = words.get(i);
            if (flagsEnded || w.equals("-") || !w.startsWith("-")) {
                positionals.add(w);
                if (!spec.interspersed()) {
                    flagsEnded = true;
                }
                continue;
            }
            if (w.equals("--")) {
                flagsEnded = true;
                continue;
            }
            if (w.equals("--help") || w.equals("-h") && spec.option('h').isEmpty()) {
                flags.add("help");
                continue;
            }
            if (w.startsWith("--")) {
                String body = w.substring(2);
                int eq = body.indexOf('=');
                String name = eq < 0 ? body : body.substring(0, eq);
                OptionSpec o = spec.option(name).orElseThrow(
                        () -> new UsageException("unknown flag: --" + ContainerRef.display(name),
                                Optional.of(spec.usageLine())));
                if (o.kind() == OptionSpec.Kind.FLAG) {
                    if (eq >= 0) {
                        String v = body.substring(eq + 1);
                        if (v.equals("true")) {
                            flags.add(o.longName());
                        } else if (!v.equals("false")) {
                            throw new UsageException("invalid value \"" + v + "\" for --" + name
                                    + ": expected true or false", Optional.of(spec.usageLine()));
                        }
                    } else {
                        flags.add(o.longName());
                    }
                } else {
                    String v;
                    if (eq >= 0) {
                        v = body.substring(eq + 1);
                    } else if (i + 1 < words.size()) {
                        v = words.get(++i);
                    } else {
                        throw new UsageException("flag needs an argument: --" + name, Optional.of(spec.usageLine()));
                    }
                    values.computeIfAbsent(o.longName(), k -> new ArrayList<>()).add(v);
                }
                continue;
            }
            // short flags, possibly combined: -it, -af, -e K=V, -eK=V, -n5
            for (int j = 1; j < w.length(); j++) {
                char c = w.charAt(j);
                OptionSpec o = spec.option(c).orElseThrow(() -> new UsageException(
                        "unknown shorthand flag: '" + printable(c) + "' in " + ContainerRef.display(w),
                        Optional.of(spec.usageLine())));
                if (o.kind() == OptionSpec.Kind.FLAG) {
                    flags.add(o.longName());
                    continue;
                }
                String v;
                if (j + 1 < w.length()) {
                    v = w.substring(j + 1);
                } else if (i + 1 < words.size()) {
                    v = words.get(++i);
                } else {
                    throw new UsageException("flag needs an argument: '" + c + "' in -" + c,
                            Optional.of(spec.usageLine()));
                }
                values.computeIfAbsent(o.longName(), k -> new ArrayList<>()).add(v);
                break;
            }
        }
        return new ParsedArgs(spec, flags, values, positionals);
    }

    private static String printable(char c) {
        return Character.isISOControl(c) ? String.format("\\u%04x", (int) c) : String.valueOf(c);
    }
}
