package dev.stevedore.adapter.discord;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.ToIntFunction;
import net.dv8tion.jda.api.interactions.commands.Command;
import net.dv8tion.jda.api.interactions.commands.build.OptionData;

/**
 * Ranks autocomplete candidates against what the user typed: exact match, then prefix, then a word inside the name
 * ({@code web} in {@code app-web-1}), then substring, then id prefix, then the typed letters in order; ties go to
 * the candidates the command prefers (running containers for {@code stop}, stopped ones for {@code start}), then
 * to the newest. At most <b>{@value #MAX_CHOICES}</b> choices (Discord's limit), names and values at most
 * <b>{@value #MAX_LENGTH}</b> characters. Stateless.
 */
final class DiscordAutocomplete {
    /** Discord's limit on autocomplete choices. */
    static final int MAX_CHOICES = OptionData.MAX_CHOICES;
    /** Discord's limit on a choice's name and value. */
    static final int MAX_LENGTH = OptionData.MAX_CHOICE_VALUE_LENGTH;
    private static final int NO_MATCH = Integer.MAX_VALUE;

    private DiscordAutocomplete() {}

    /**
     * How well a candidate matches; lower is better.
     *
     * @param name the candidate's name
     * @param id the candidate's id, or empty
     * @param typed what the user typed, any case
     * @return 0 exact, 1 prefix, 2 word prefix, 3 substring, 4 id prefix, 5 letters in order;
     *     {@code Integer.MAX_VALUE} for no match
     */
    static int score(String name, String id, String typed) {
        String q = typed.strip().toLowerCase(Locale.ROOT);
        String n = name.toLowerCase(Locale.ROOT);
        if (q.isEmpty()) {
            return 1;
        }
        if (n.equals(q)) {
            return 0;
        }
        if (n.startsWith(q)) {
            return 1;
        }
        for (int i = 1; i < n.length(); i++) {
            char before = n.charAt(i - 1);
            if ((before == '-' || before == '_' || before == '.' || before == '/' || before == ':')
                    && n.startsWith(q, i)) {
                return 2;
            }
        }
        if (n.contains(q)) {
            return 3;
        }
        if (q.length() >= 2 && id.startsWith(q)) {
            return 4;
        }
        int j = 0;
        for (int i = 0; i < n.length() && j < q.length(); i++) {
            if (n.charAt(i) == q.charAt(j)) {
                j++;
            }
        }
        return j == q.length() ? 5 : NO_MATCH;
    }

    /**
     * The best choices.
     *
     * @param <T> the candidate type
     * @param candidates in default order (newest first); ties keep this order after {@code preference}
     * @param typed what the user typed
     * @param name the candidate's name
     * @param id the candidate's id (empty if none)
     * @param preference 0 for candidates the command prefers, 1 otherwise
     * @param label what the choice shows; cut to {@value #MAX_LENGTH} characters
     * @param valuePrefix put before every value (the words already typed, for multi-word options)
     * @return at most {@value #MAX_CHOICES} choices whose values are names
     */
    static <T> List<Command.Choice> choices(List<T> candidates, String typed, Function<T, String> name,
            Function<T, String> id, ToIntFunction<T> preference, Function<T, String> label, String valuePrefix) {
        record Scored<T>(T item, int score, int preference, int index) {}
        List<Scored<T>> scored = new ArrayList<>();
        for (int i = 0; i < candidates.size(); i++) {
            T c = candidates.get(i);
            int s = score(name.apply(c), id.apply(c), typed);
            if (s != NO_MATCH) {
                scored.add(new Scored<>(c, s, preference.applyAsInt(c), i));
            }
        }
        scored.sort(Comparator.comparingInt((Scored<T> s) -> s.score())
                .thenComparingInt(Scored::preference)
                .thenComparingInt(Scored::index));
        List<Command.Choice> out = new ArrayList<>();
        for (Scored<T> s : scored) {
            String value = valuePrefix + name.apply(s.item());
            if (value.length() > MAX_LENGTH) {
                continue;
            }
            out.add(new Command.Choice(DiscordText.cut(label.apply(s.item()), MAX_LENGTH), value));
            if (out.size() == MAX_CHOICES) {
                break;
            }
        }
        return out;
    }
}
