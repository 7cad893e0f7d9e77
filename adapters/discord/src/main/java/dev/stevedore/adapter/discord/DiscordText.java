package dev.stevedore.adapter.discord;

import java.util.regex.Pattern;

/**
 * Text helpers for Discord markdown: escaping, code fences that cannot be broken out of, and cuts that never split
 * a surrogate pair.
 *
 * <p>Lengths are Java {@code String.length()} (UTF-16 code units), the measure JDA checks against Discord's limits
 * before sending; it is never smaller than Discord's own count. Stateless and thread-safe.
 */
final class DiscordText {
    /** Inserted after every backtick inside code blocks, so no run of three can close the fence (CASES.md P24). */
    static final char ZERO_WIDTH_SPACE = '\u200B';
    private static final Pattern LANGUAGE = Pattern.compile("[A-Za-z0-9_+-]{1,16}");
    private static final String MARKDOWN = "\\*_~|`[]()<@";
    private static final String LINE_START = "#->+";

    private DiscordText() {}

    /**
     * Escapes Discord markdown in plain text (notices, help lines), so user- or Docker-supplied text shows as typed:
     * a backslash before every character that is markdown anywhere ({@code \ * _ ~ | ` [ ] ( ) < @}), and before
     * the line-start markers of headings, lists, quotes and subtext ({@code # - > +} and the dot of {@code 1.}).
     *
     * @param text plain text
     * @return text that renders as {@code text}
     */
    static String escapeMarkdown(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        boolean lineStart = true;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (MARKDOWN.indexOf(c) >= 0 || lineStart && LINE_START.indexOf(c) >= 0) {
                out.append('\\');
            } else if (lineStart && c >= '0' && c <= '9') {
                int j = i;
                while (j < text.length() && Character.isDigit(text.charAt(j))) {
                    j++;
                }
                if (j < text.length() && (text.charAt(j) == '.' || text.charAt(j) == ')')) {
                    out.append(text, i, j).append('\\').append(text.charAt(j));
                    i = j;
                    lineStart = false;
                    continue;
                }
            }
            out.append(c);
            if (c == '\n') {
                lineStart = true;
            } else if (c != ' ' && c != '\t') {
                lineStart = false;
            }
        }
        return out.toString();
    }

    /**
     * Makes text safe inside a code block: every backtick is followed by a zero-width space, so Docker output
     * containing {@code ```} cannot end the block early (CASES.md P24).
     *
     * @param text the raw text
     * @return the text with backtick runs broken
     */
    static String breakBackticks(String text) {
        if (text.indexOf('`') < 0) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length() + 8);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            out.append(c);
            if (c == '`') {
                out.append(ZERO_WIDTH_SPACE);
            }
        }
        return out.toString();
    }

    /**
     * A fenced code block around already-escaped text.
     *
     * @param escapedBody the body, already passed through {@link #breakBackticks}
     * @param language a highlighting hint; dropped unless it is 1-16 of {@code [A-Za-z0-9_+-]}
     * @return {@code ```lang\nbody\n```}
     */
    static String fence(String escapedBody, String language) {
        String lang = LANGUAGE.matcher(language).matches() ? language : "";
        return "```" + lang + "\n" + (escapedBody.isEmpty() ? " " : escapedBody) + "\n```";
    }

    /**
     * The length of {@link #fence} around a body, without building it.
     *
     * @param escapedBodyLength the body's length
     * @param language the language hint
     * @return the fenced length
     */
    static int fencedLength(int escapedBodyLength, String language) {
        String lang = LANGUAGE.matcher(language).matches() ? language : "";
        return 3 + lang.length() + 1 + Math.max(1, escapedBodyLength) + 4;
    }

    /**
     * Cuts text to at most {@code max} characters, ending with {@code "…"} when cut, never between the two halves
     * of a surrogate pair.
     *
     * @param text the text
     * @param max the budget, at least 1
     * @return the text, or its head plus an ellipsis
     */
    static String cut(String text, int max) {
        if (text.length() <= max) {
            return text;
        }
        int end = max - 1;
        if (end > 0 && Character.isHighSurrogate(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(0, Math.max(0, end)) + "…";
    }

    /**
     * Cuts text from the front to at most {@code max} characters, starting with {@code "…"} when cut, never between
     * the two halves of a surrogate pair.
     *
     * @param text the text
     * @param max the budget, at least 1
     * @return the text, or an ellipsis plus its tail
     */
    static String cutFront(String text, int max) {
        if (text.length() <= max) {
            return text;
        }
        int start = text.length() - (max - 1);
        if (start < text.length() && Character.isLowSurrogate(text.charAt(start))) {
            start++;
        }
        return "…" + text.substring(start);
    }
}
