package dev.stevedore.config;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** Finds the accepted name closest to a misspelt one, for "did you mean" hints. */
final class Names {
    private Names() {}

    /**
     * The candidate closest to {@code input}, ignoring case, if it is close enough to be a likely typo.
     *
     * <p>Close enough means an edit distance of at most 1 for names up to 4 characters, 2 up to 8 and 3 beyond,
     * or one name being a prefix of the other (for inputs of 3 or more characters). Ties go to the earlier
     * candidate.
     *
     * @param input the unknown name as written
     * @param candidates the accepted names, in the order to prefer them
     * @return the suggestion, or empty if nothing is close
     */
    static Optional<String> closest(String input, Collection<String> candidates) {
        String lower = input.toLowerCase(Locale.ROOT);
        int limit = lower.length() <= 4 ? 1 : lower.length() <= 8 ? 2 : 3;
        @Nullable String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : candidates) {
            String other = candidate.toLowerCase(Locale.ROOT);
            int distance = distance(lower, other);
            boolean prefix = lower.length() >= 3 && (other.startsWith(lower) || lower.startsWith(other));
            if ((distance <= limit || prefix) && distance < bestDistance) {
                best = candidate;
                bestDistance = distance;
            }
        }
        return Optional.ofNullable(best);
    }

    /** Levenshtein distance, two rows. */
    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
