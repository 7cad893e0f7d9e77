package dev.stevedore.core.command;

import dev.stevedore.core.error.UsageException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Splits command text into words the way a POSIX shell does: whitespace separates words; single quotes keep
 * everything literal; double quotes keep spaces and honour {@code \"} and {@code \\}; a backslash outside quotes
 * escapes the next character. Typographic quotes that chat clients substitute ({@code “ ” ‘ ’}) count as plain
 * quotes, so {@code sh -c “echo hi”} pasted from Slack works.
 */
public final class ShellWords {
    private ShellWords() {}

    /**
     * Splits text into words.
     *
     * @param text the command text, e.g. {@code sh -c "echo hi; sleep 5"}
     * @return the words, e.g. {@code [sh, -c, echo hi; sleep 5]}; empty for blank input
     * @throws UsageException if a quote is not closed
     */
    public static List<String> split(String text) {
        String s = text.replace('“', '"').replace('”', '"').replace('‘', '\'').replace('’', '\'')
                // no-break spaces that chat clients and copy-paste produce separate words like spaces
                .replace('\u00A0', ' ').replace('\u2007', ' ').replace('\u202F', ' ');
        List<String> words = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean inWord = false;
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '\'') {
                int end = s.indexOf('\'', i + 1);
                if (end < 0) {
                    throw new UsageException("unclosed single quote", Optional.empty());
                }
                cur.append(s, i + 1, end);
                inWord = true;
                i = end + 1;
            } else if (c == '"') {
                i++;
                boolean closed = false;
                while (i < s.length()) {
                    char d = s.charAt(i);
                    if (d == '"') {
                        closed = true;
                        i++;
                        break;
                    }
                    if (d == '\\' && i + 1 < s.length() && "\"\\$`".indexOf(s.charAt(i + 1)) >= 0) {
                        cur.append(s.charAt(i + 1));
                        i += 2;
                    } else {
                        cur.append(d);
                        i++;
                    }
                }
                if (!closed) {
                    throw new UsageException("unclosed double quote", Optional.empty());
                }
                inWord = true;
            } else if (c == '\\') {
                if (i + 1 < s.length()) {
                    cur.append(s.charAt(i + 1));
                }
                inWord = true;
                i += 2;
            } else if (Character.isWhitespace(c)) {
                if (inWord) {
                    words.add(cur.toString());
                    cur.setLength(0);
                    inWord = false;
                }
                i++;
            } else {
                cur.append(c);
                inWord = true;
                i++;
            }
        }
        if (inWord) {
            words.add(cur.toString());
        }
        return words;
    }
}
