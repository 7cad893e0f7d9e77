package dev.stevedore.adapter.slack;

/**
 * Text rules of Slack's {@code mrkdwn}: escaping for output, unescaping for input, and length cuts that never split
 * a surrogate pair.
 *
 * <p>Slack's rule (<a href="https://docs.slack.dev/messaging/formatting-message-text#escaping">formatting message
 * text: escaping</a>) is to replace exactly three characters, {@code &}, {@code <} and {@code >}, with
 * {@code &amp;}, {@code &lt;} and {@code &gt;}, and nothing else: no other HTML entity, so {@code We've} stays
 * {@code We've}. Done once on every string that did not come from the bot itself, this makes {@code <!channel>},
 * {@code <@U123>} and {@code <https://x|y>} plain text: nobody is pinged and no link is forged (CASES.md P21).
 *
 * <p>Stateless; all methods are pure and thread-safe.
 */
public final class SlackText {
    private static final char ZERO_WIDTH_SPACE = '\u200B';

    private SlackText() {}

    /**
     * Escapes {@code &}, {@code <} and {@code >} for Slack, exactly once.
     *
     * <p>Already-escaped text is escaped again ({@code &amp;} becomes {@code &amp;amp;}), because the input is
     * plain text: a container that prints {@code &amp;} must show {@code &amp;}.
     *
     * @param plain text as the engine or the core produced it
     * @return the text safe to put into any {@code mrkdwn} or {@code plain_text} field
     */
    public static String escape(String plain) {
        int i = 0;
        int n = plain.length();
        while (i < n && !special(plain.charAt(i))) {
            i++;
        }
        if (i == n) {
            return plain;
        }
        StringBuilder out = new StringBuilder(n + 16);
        out.append(plain, 0, i);
        for (; i < n; i++) {
            char c = plain.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /**
     * Reverses Slack's escaping of user-typed text, for the text of a slash command.
     *
     * <p>Slack sends {@code echo a > b} as {@code echo a &gt; b}; the command parser needs what the user typed. Only
     * the three entities Slack produces are decoded, {@code &amp;} last so {@code &amp;lt;} becomes {@code &lt;}.
     *
     * @param escaped the {@code text} field of a slash command payload
     * @return the text as typed
     */
    public static String unescape(String escaped) {
        if (escaped.indexOf('&') < 0) {
            return escaped;
        }
        return escaped.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&");
    }

    /**
     * Escapes text for the inside of a {@code ```} code block: {@link #escape} plus a zero-width space between
     * backticks, so no output can close the block early (Slack has no escape for a backtick in code).
     *
     * @param plain the code text
     * @return text safe between {@code ```} fences; its length counts the added characters
     */
    public static String escapeCode(String plain) {
        String s = escape(plain);
        if (s.indexOf('`') < 0) {
            return s;
        }
        StringBuilder out = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            out.append(c);
            if (c == '`' && (i + 1 == s.length() || s.charAt(i + 1) == '`')) {
                // also after a trailing backtick, so it does not merge with the closing fence
                out.append(ZERO_WIDTH_SPACE);
            }
        }
        if (out.charAt(0) == '`') {
            out.insert(0, ZERO_WIDTH_SPACE);
        }
        return out.toString();
    }

    /**
     * Escapes text for inline code ({@code `…`}): {@link #escape}, with backticks replaced by {@code '}.
     *
     * @param plain the text, e.g. the command a user typed
     * @return text safe between single backticks
     */
    public static String escapeInlineCode(String plain) {
        return escape(plain.replace('`', '\''));
    }

    /**
     * Cuts text to at most {@code max} UTF-16 units, never between the two halves of a surrogate pair, appending
     * {@code …} when cut.
     *
     * @param s the text
     * @param max the most UTF-16 units of the result, at least 1
     * @return {@code s} itself when it fits, else a prefix plus {@code …}
     * @throws IllegalArgumentException if {@code max < 1}
     */
    public static String cut(String s, int max) {
        if (max < 1) {
            throw new IllegalArgumentException("max must be at least 1: " + max);
        }
        if (s.length() <= max) {
            return s;
        }
        return prefix(s, max - 1) + "…";
    }

    /**
     * The longest prefix of at most {@code max} UTF-16 units that does not end inside a surrogate pair.
     *
     * @param s the text
     * @param max the most units, at least 0
     * @return the prefix
     */
    static String prefix(String s, int max) {
        if (s.length() <= max) {
            return s;
        }
        int end = max;
        if (end > 0 && Character.isHighSurrogate(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(0, end);
    }

    /**
     * The longest prefix of plain text whose {@link #escape escaped} form has at most {@code max} UTF-16 units,
     * never splitting a surrogate pair or an entity.
     *
     * @param plain the plain text
     * @param max the budget for the escaped form
     * @return the plain prefix
     */
    static String prefixEscaped(String plain, int max) {
        int used = 0;
        int i = 0;
        int n = plain.length();
        while (i < n) {
            char c = plain.charAt(i);
            int units;
            int width;
            if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(plain.charAt(i + 1))) {
                units = 2;
                width = 2;
            } else {
                units = 1;
                width = c == '&' ? 5 : c == '<' || c == '>' ? 4 : 1;
            }
            if (used + width > max) {
                break;
            }
            used += width;
            i += units;
        }
        return plain.substring(0, i);
    }

    private static boolean special(char c) {
        return c == '&' || c == '<' || c == '>';
    }
}
