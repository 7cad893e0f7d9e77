package dev.stevedore.core.internal.text;

import java.time.Duration;
import java.time.Instant;

/** Formats sizes and ages the way the docker CLI does ({@code go-units}). */
public final class Humanize {
    private static final String[] SI = {"B", "kB", "MB", "GB", "TB", "PB", "EB"};

    private Humanize() {}

    /**
     * A byte count in SI units with 3 significant digits, as {@code docker images} shows sizes.
     *
     * @param bytes the size in bytes
     * @return e.g. {@code "4.26MB"}, {@code "0B"}
     */
    public static String bytes(long bytes) {
        double v = bytes;
        int i = 0;
        while (v >= 999.5 && i < SI.length - 1) { // 999.5 rounds to "1.00e+03" with 3 digits: next unit
            v /= 1000;
            i++;
        }
        // Go's %.3g rounds the exact binary value half-to-even: 4,265,000 B is "4.26MB" in the docker CLI
        String num = new java.math.BigDecimal(v).round(new java.math.MathContext(3, java.math.RoundingMode.HALF_EVEN))
                .stripTrailingZeros().toPlainString();
        return num + SI[i];
    }

    /**
     * An age as {@code docker ps} shows it in CREATED.
     *
     * @param then the past instant
     * @param now the present
     * @return e.g. {@code "3 minutes ago"}, {@code "About an hour ago"}
     */
    public static String ago(Instant then, Instant now) {
        return duration(Duration.between(then, now)) + " ago";
    }

    /**
     * A duration in the CLI's words ({@code go-units HumanDuration}).
     *
     * @param d the duration
     * @return e.g. {@code "Less than a second"}, {@code "3 minutes"}, {@code "2 days"}
     */
    public static String duration(Duration d) {
        long seconds = Math.max(0, d.getSeconds());
        if (seconds < 1) {
            return "Less than a second";
        } else if (seconds == 1) {
            return "1 second";
        } else if (seconds < 60) {
            return seconds + " seconds";
        }
        long minutes = seconds / 60;
        if (minutes == 1) {
            return "About a minute";
        } else if (minutes < 60) {
            return minutes + " minutes";
        }
        long hours = Math.round(seconds / 3600.0);
        if (hours == 1) {
            return "About an hour";
        } else if (hours < 48) {
            return hours + " hours";
        } else if (hours < 24 * 7 * 2) {
            return hours / 24 + " days";
        } else if (hours < 24 * 30 * 2) {
            return hours / 24 / 7 + " weeks";
        } else if (hours < 24 * 365 * 2) {
            return hours / 24 / 30 + " months";
        }
        return hours / 24 / 365 + " years";
    }
}
