package dev.stevedore.config;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Parses and formats the short durations users write in the configuration: {@code 30s}, {@code 2m}, {@code 1h30m},
 * {@code 500ms}, {@code 1d}, or a bare number of seconds.
 */
final class Durations {
    /** Units in descending order, each at most once; backtracking lets "500ms" fall through to milliseconds. */
    private static final Pattern COMPOSITE = Pattern.compile(
            "(?:([0-9]{1,9})d)?(?:([0-9]{1,9})h)?(?:([0-9]{1,9})m)?(?:([0-9]{1,9})s)?(?:([0-9]{1,9})ms)?");
    private static final Pattern SECONDS = Pattern.compile("[0-9]{1,12}");

    private Durations() {}

    /**
     * Parses a duration.
     *
     * @param text units {@code d}, {@code h}, {@code m}, {@code s}, {@code ms} in that order, each at most once
     *     (for example {@code 1h30m}), or a bare whole number of seconds; surrounding whitespace is ignored
     * @return the duration, zero or positive
     * @throws IllegalArgumentException if {@code text} is not in that form; the message is
     *     {@code "invalid duration '2x' (use e.g. 30s, 2m, 1h)"}
     */
    static Duration parse(String text) {
        String trimmed = text.strip();
        if (SECONDS.matcher(trimmed).matches()) {
            return Duration.ofSeconds(Long.parseLong(trimmed));
        }
        Matcher m = COMPOSITE.matcher(trimmed);
        if (trimmed.isEmpty() || !m.matches()) {
            throw new IllegalArgumentException(invalid(text));
        }
        return Duration.ofDays(number(m.group(1)))
                .plusHours(number(m.group(2)))
                .plusMinutes(number(m.group(3)))
                .plusSeconds(number(m.group(4)))
                .plusMillis(number(m.group(5)));
    }

    /**
     * The problem text for a value that is not a duration.
     *
     * @param text the value as written
     * @return {@code "invalid duration 'TEXT' (use e.g. 30s, 2m, 1h)"}
     */
    static String invalid(String text) {
        return "invalid duration " + Checks.quote(text) + " (use e.g. 30s, 2m, 1h)";
    }

    /**
     * Formats a duration the way users write it.
     *
     * @param duration any duration
     * @return for example {@code 1h30m}, {@code 36h}, {@code 500ms} or {@code 0s} (never days); negative durations in
     *     ISO-8601
     */
    static String format(Duration duration) {
        if (duration.isNegative()) {
            return duration.toString();
        }
        if (duration.isZero()) {
            return "0s";
        }
        StringBuilder text = new StringBuilder();
        append(text, duration.toHours(), "h");
        append(text, duration.toMinutesPart(), "m");
        append(text, duration.toSecondsPart(), "s");
        append(text, duration.toMillisPart(), "ms");
        return text.length() == 0 ? duration.toString() : text.toString();
    }

    private static void append(StringBuilder text, long amount, String unit) {
        if (amount > 0) {
            text.append(amount).append(unit);
        }
    }

    private static long number(@Nullable String digits) {
        return digits == null ? 0 : Long.parseLong(digits);
    }
}
