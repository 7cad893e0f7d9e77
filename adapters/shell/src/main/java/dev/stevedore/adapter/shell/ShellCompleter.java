package dev.stevedore.adapter.shell;

import dev.stevedore.core.command.CommandCatalog;
import dev.stevedore.core.command.CommandSpec;
import dev.stevedore.core.command.OptionSpec;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.jline.reader.Candidate;
import org.jline.reader.Completer;
import org.jline.reader.LineReader;
import org.jline.reader.ParsedLine;

/**
 * Tab completion: command names first (and the second word of {@code container …} / {@code image …}), then the
 * command's flags after a {@code -}, otherwise container names.
 */
final class ShellCompleter implements Completer {
    private final CommandCatalog catalog;
    private final Supplier<List<String>> containerNames;

    ShellCompleter(CommandCatalog catalog, Supplier<List<String>> containerNames) {
        this.catalog = catalog;
        this.containerNames = containerNames;
    }

    @Override
    public void complete(LineReader reader, ParsedLine line, List<Candidate> candidates) {
        List<String> words = line.words();
        int index = line.wordIndex();
        int offset = !words.isEmpty() && words.get(0).equals("docker") ? 1 : 0;
        int position = index - offset;
        if (position <= 0) {
            Set<String> firsts = new LinkedHashSet<>();
            for (String name : catalog.names()) {
                if (!name.startsWith("-")) {
                    firsts.add(name.split(" ")[0]);
                }
            }
            firsts.add("exit");
            firsts.forEach(n -> candidates.add(new Candidate(n)));
            return;
        }
        String first = words.get(offset);
        if (position == 1) {
            for (String name : catalog.names()) {
                if (name.startsWith(first + " ")) {
                    candidates.add(new Candidate(name.substring(first.length() + 1)));
                }
            }
        }
        CommandSpec spec = catalog.find(first)
                .or(() -> words.size() > offset + 1 ? catalog.find(first + " " + words.get(offset + 1))
                        : java.util.Optional.empty())
                .orElse(null);
        String word = line.word();
        if (spec != null && word.startsWith("-")) {
            for (OptionSpec o : spec.options()) {
                candidates.add(new Candidate("--" + o.longName(), "--" + o.longName(), null, o.help(), null, null,
                        true));
                o.shortName().ifPresent(c -> candidates.add(new Candidate("-" + c, "-" + c, null, o.help(), null,
                        null, true)));
            }
            return;
        }
        if (spec != null && spec.name().equals("help")) {
            catalog.specs().forEach(s -> candidates.add(new Candidate(s.name().split(" ")[0])));
            return;
        }
        for (String name : containerNames.get()) {
            candidates.add(new Candidate(name));
        }
    }
}
