package dev.stevedore.core.command;

import dev.stevedore.core.error.UsageException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The words of one command sorted into flags and positionals by {@link CommandParser}, before they become a
 * typed {@link Command}.
 *
 * @param spec the command's spec
 * @param flags the boolean flags given, by long name
 * @param values the values of valued flags, by long name, in the order given
 * @param positionals the positional words, in order
 */
public record ParsedArgs(
        CommandSpec spec, java.util.Set<String> flags, Map<String, List<String>> values, List<String> positionals) {
    /** Copies. */
    public ParsedArgs {
        flags = java.util.Set.copyOf(flags);
        values = Map.copyOf(values);
        positionals = List.copyOf(positionals);
    }

    /**
     * Whether a boolean flag was given.
     *
     * @param longName the flag's long name
     * @return true if present
     */
    public boolean flag(String longName) {
        return flags.contains(longName);
    }

    /**
     * The last value of a valued flag.
     *
     * @param longName the flag's long name
     * @return the value, or empty if not given
     */
    public Optional<String> value(String longName) {
        List<String> v = values.getOrDefault(longName, List.of());
        return v.isEmpty() ? Optional.empty() : Optional.of(v.get(v.size() - 1));
    }

    /**
     * Every value of a repeatable flag.
     *
     * @param longName the flag's long name
     * @return the values in order, empty if not given
     */
    public List<String> all(String longName) {
        return values.getOrDefault(longName, List.of());
    }

    /**
     * A positional word.
     *
     * @param index zero-based position
     * @return the word, or empty when fewer were given
     */
    public Optional<String> positional(int index) {
        return index < positionals.size() ? Optional.of(positionals.get(index)) : Optional.empty();
    }

    /**
     * All positional words from {@code index} on.
     *
     * @param index zero-based start
     * @return the words, possibly empty
     */
    public List<String> rest(int index) {
        return index >= positionals.size() ? List.of() : positionals.subList(index, positionals.size());
    }

    /**
     * The given positionals as container references.
     *
     * @param from zero-based start
     * @return the references
     * @throws dev.stevedore.core.error.NoSuchContainerException if a word cannot be a container name
     */
    public List<ContainerRef> containers(int from) {
        return rest(from).stream().map(ContainerRef::parse).toList();
    }

    /**
     * A non-negative integer flag value, or {@code all} meaning no limit.
     *
     * @param longName the flag's long name
     * @return the number, or empty for {@code all} or when not given
     * @throws UsageException if the value is neither
     */
    public OptionalInt countOrAll(String longName) {
        Optional<String> v = value(longName);
        if (v.isEmpty() || v.get().equals("all")) {
            return OptionalInt.empty();
        }
        try {
            int n = Integer.parseInt(v.get());
            if (n < 0) {
                throw new NumberFormatException();
            }
            return OptionalInt.of(n);
        } catch (NumberFormatException e) {
            throw new UsageException(
                    "invalid value \"" + v.get() + "\" for --" + longName + ": expected a number or all",
                    Optional.of(spec.usageLine()));
        }
    }

    /**
     * A whole-seconds flag value, as {@code docker stop -t} takes.
     *
     * @param longName the flag's long name
     * @return the duration, or empty when not given
     * @throws UsageException if the value is not a non-negative integer
     */
    public Optional<Duration> seconds(String longName) {
        Optional<String> v = value(longName);
        if (v.isEmpty()) {
            return Optional.empty();
        }
        try {
            long n = Long.parseLong(v.get());
            if (n < 0 || n > 86_400) {
                throw new NumberFormatException();
            }
            return Optional.of(Duration.ofSeconds(n));
        } catch (NumberFormatException e) {
            throw new UsageException(
                    "invalid value \"" + v.get() + "\" for --" + longName + ": expected whole seconds (0-86400)",
                    Optional.of(spec.usageLine()));
        }
    }
}
