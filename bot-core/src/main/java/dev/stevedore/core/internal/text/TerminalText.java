package dev.stevedore.core.internal.text;

import java.util.regex.Pattern;

/** Cleans terminal output for chat: strips ANSI CSI/OSC and other escape sequences, collapses {@code \r}. */
public final class TerminalText {
    private static final Pattern ESCAPES = Pattern.compile(
            "\u001B\\][^\u0007\u001B]*(?:\u0007|\u001B\\\\)" // OSC ... BEL or ST
                    + "|\u001B\\[[0-?]*[ -/]*[@-~]" // CSI
                    + "|\u001B[PX^_][^\u001B]*\u001B\\\\" // DCS, SOS, PM, APC ... ST
                    + "|\u001B[@-Z\\\\-_]" // other two-character escapes
                    + "|\u001B[ -/]*[0-~]" // nF (ESC ( B of tput sgr0), Fp (ESC 7, ESC 8), Fs (ESC c)
                    + "|[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]" // remaining control characters except \t \r
                    + "|[\u202A-\u202E\u2066-\u2069]"); // bidi overrides and isolates: they visually reorder a line

    private TerminalText() {}

    /**
     * One line of terminal output as a person saw it last.
     *
     * @param line a line without its {@code \n}
     * @return the line with escape sequences and control characters removed and only the text after the last
     *     carriage return kept (a trailing {@code \r}, as in CRLF, is ignored)
     */
    public static String clean(String line) {
        String s = line;
        while (s.endsWith("\r")) {
            s = s.substring(0, s.length() - 1);
        }
        int cr = s.lastIndexOf('\r');
        if (cr >= 0) {
            s = s.substring(cr + 1);
        }
        return ESCAPES.matcher(s).replaceAll("");
    }
}
