package dev.stevedore.adapter.shell;

import dev.stevedore.core.reply.Action;
import dev.stevedore.core.reply.Block;
import dev.stevedore.core.reply.Reply;
import dev.stevedore.core.reply.Severity;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Renders a {@link Reply} as terminal text: tables aligned like the docker CLI's (columns padded to their widest
 * cell plus three spaces), notices with a one-character mark, code verbatim. Buttons are not rendered here; the
 * shell turns a Confirm / Cancel pair into a {@code [y/N]} question.
 *
 * <p>Stateless and thread-safe. Output uses {@code \n} line ends and has no trailing newline.
 */
public final class TerminalRenderer {
    private final boolean color;

    /**
     * Creates a renderer.
     *
     * @param color whether to colour marks with ANSI SGR codes (only for a real terminal)
     */
    public TerminalRenderer(boolean color) {
        this.color = color;
    }

    /**
     * Renders every block except action rows.
     *
     * @param reply the reply
     * @return the text, blocks separated by newlines
     */
    public String render(Reply reply) {
        StringBuilder out = new StringBuilder();
        for (Block b : reply.blocks()) {
            String text = render(b);
            if (text.isEmpty()) {
                continue;
            }
            if (out.length() > 0) {
                out.append('\n');
            }
            out.append(text);
        }
        return out.toString();
    }

    /**
     * Renders one block.
     *
     * @param block the block
     * @return its text; empty for an action row
     */
    public String render(Block block) {
        if (block instanceof Block.Text t) {
            return t.text();
        } else if (block instanceof Block.Code c) {
            return c.body();
        } else if (block instanceof Block.Notice n) {
            return mark(n.severity()) + n.text();
        } else if (block instanceof Block.Table t) {
            return table(t.header(), t.rows());
        } else if (block instanceof Block.Actions a) {
            return "";
        } else if (block instanceof Block.File f) {
            // a terminal has no attachments: say what the chat platforms would attach, and how to see it here
            return "[" + f.caption() + " — " + f.name() + ", " + String.format(java.util.Locale.ROOT, "%,d",
                    f.text().getBytes(java.nio.charset.StandardCharsets.UTF_8).length)
                    + " bytes; not printed here: use --tail N or --grep to choose lines]";
        }
        throw new AssertionError(block);
    }

    /**
     * The labels of an action row, for a prompt.
     *
     * @param actions the row
     * @return e.g. {@code "Confirm / Cancel"}
     */
    public static String labels(List<Action> actions) {
        return actions.stream().map(Action::label).collect(Collectors.joining(" / "));
    }

    private String mark(Severity s) {
        String m;
        String sgr;
        switch (s) {
            case SUCCESS:
                m = "✔ ";
                sgr = "32";
                break;
            case WARNING:
                m = "⚠ ";
                sgr = "33";
                break;
            case ERROR:
                m = "Error: ";
                sgr = "31";
                break;
            case INFO:
                return "";
            default:
                throw new AssertionError(s);
        }
        return color ? "\u001B[" + sgr + "m" + m + "\u001B[0m" : m;
    }

    static String table(List<String> header, List<List<String>> rows) {
        int[] width = new int[header.size()];
        for (int i = 0; i < header.size(); i++) {
            width[i] = cells(header.get(i));
            for (List<String> r : rows) {
                width[i] = Math.max(width[i], cells(r.get(i)));
            }
        }
        StringBuilder out = new StringBuilder();
        line(out, header, width);
        for (List<String> r : rows) {
            out.append('\n');
            line(out, r, width);
        }
        return out.toString();
    }

    private static void line(StringBuilder out, List<String> cells, int[] width) {
        StringBuilder l = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            String c = cells.get(i);
            l.append(c);
            if (i < cells.size() - 1) {
                l.append(" ".repeat(width[i] - cells(c) + 3));
            }
        }
        out.append(l.toString().stripTrailing());
    }

    private static int cells(String s) {
        return s.codePointCount(0, s.length());
    }
}
