package dev.stevedore.adapter.discord;

import dev.stevedore.core.reply.Action;
import dev.stevedore.core.reply.Block;
import dev.stevedore.core.reply.Reply;
import dev.stevedore.core.reply.Severity;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import net.dv8tion.jda.api.EmbedBuilder;
import net.dv8tion.jda.api.components.actionrow.ActionRow;
import net.dv8tion.jda.api.components.buttons.Button;
import net.dv8tion.jda.api.entities.Message;
import net.dv8tion.jda.api.entities.MessageEmbed;

/**
 * Renders a core {@link Reply} as one Discord message within Discord's limits (CASES.md P23, P24, P28).
 *
 * <p>Notices and text become escaped markdown, tables (aligned like the docker CLI) and code become fenced code
 * blocks with every backtick followed by a zero-width space, so Docker output cannot close the block, and action
 * rows become buttons. The layout, tried in order:
 * <ol>
 *   <li>everything in the message content, when it fits in <b>{@value #MAX_CONTENT} characters</b>, counting the
 *       fences, language tags and inserted zero-width spaces;</li>
 *   <li>text in the content and each code block in an embed, when every block fits in
 *       <b>{@value #MAX_EMBED_DESCRIPTION}</b> characters and all together in <b>{@value #MAX_EMBEDS_TOTAL}</b>
 *       (code blocks only: tables are too wide for embeds);</li>
 *   <li>otherwise an excerpt in the content (the last lines of output, the first rows of a table) with
 *       "showing N of M lines", and the full text attached as a file of at most {@value #MAX_FILE_BYTES} bytes.</li>
 * </ol>
 * No cut ever splits a surrogate pair. Stateless and thread-safe.
 */
public final class DiscordReplyRenderer {
    /** Discord's limit on message content: {@value}. */
    public static final int MAX_CONTENT = Message.MAX_CONTENT_LENGTH;
    /** Discord's limit on one embed's description: {@value}. */
    public static final int MAX_EMBED_DESCRIPTION = MessageEmbed.DESCRIPTION_MAX_LENGTH;
    /** Discord's limit on all embeds of one message together: {@value}. */
    public static final int MAX_EMBEDS_TOTAL = MessageEmbed.EMBED_MAX_LENGTH_BOT;
    /** The largest attachment this renderer makes, below Discord's 10 MiB for bots: {@value} bytes. */
    public static final int MAX_FILE_BYTES = 8 << 20;
    /** Embed colour of code blocks (Docker blue). */
    private static final int EMBED_COLOR = 0x2496ED;

    /** Creates the renderer. */
    public DiscordReplyRenderer() {}

    /** A rendered part of the reply, before layout. */
    private sealed interface Part permits Prose, Code {}

    /** Escaped markdown text. */
    private record Prose(String markdown) implements Part {}

    /**
     * A block shown as fenced code.
     *
     * @param lines the raw lines
     * @param language highlighting hint
     * @param table true for a table: its excerpt keeps the head (header and first rows), a log keeps the tail
     * @param fileName the attachment name when it does not fit
     */
    private record Code(List<String> lines, String language, boolean table, String fileName) implements Part {
        String raw() {
            return String.join("\n", lines);
        }

        String fenced() {
            return DiscordText.fence(DiscordText.breakBackticks(raw()), language);
        }
    }

    /**
     * Renders a reply.
     *
     * @param reply the reply
     * @return the message; never empty
     */
    public DiscordMessage render(Reply reply) {
        return render(reply.blocks(), List.of());
    }

    /**
     * Renders blocks with extra markdown lines at the end (e.g. a stream's end reason, already escaped).
     *
     * @param blocks the blocks, in order
     * @param trailer markdown lines appended after the blocks, already escaped
     * @return the message; never empty
     */
    public DiscordMessage render(List<Block> blocks, List<String> trailer) {
        List<Part> parts = new ArrayList<>();
        List<ActionRow> rows = new ArrayList<>();
        List<DiscordMessage.Attachment> offered = new ArrayList<>();
        for (Block b : blocks) {
            if (b instanceof Block.Notice n) {
                parts.add(new Prose(mark(n.severity()) + DiscordText.escapeMarkdown(n.text())));
            } else if (b instanceof Block.Text t) {
                parts.add(new Prose(DiscordText.escapeMarkdown(t.text())));
            } else if (b instanceof Block.Code c) {
                parts.add(new Code(List.of(c.body().split("\n", -1)), c.language(), false, "output.txt"));
            } else if (b instanceof Block.Table t) {
                parts.add(new Code(tableLines(t), "", true, "table.txt"));
            } else if (b instanceof Block.Actions a) {
                if (rows.size() < Message.MAX_COMPONENT_COUNT) {
                    rows.add(ActionRow.of(a.actions().stream().map(DiscordReplyRenderer::button).toList()));
                }
            } else if (b instanceof Block.File f) {
                byte[] whole = f.text().getBytes(StandardCharsets.UTF_8);
                byte[] data = tailWithin(whole, MAX_FILE_BYTES);
                boolean capped = data.length < whole.length;
                parts.add(new Prose("\uD83D\uDCCE " + DiscordText.escapeMarkdown(f.caption() + " — " + f.name()
                        + (capped ? " (the last " + (MAX_FILE_BYTES >> 20) + " MB)" : ""))));
                offered.add(new DiscordMessage.Attachment(f.name(), data));
            } else {
                throw new AssertionError(b);
            }
        }
        for (String t : trailer) {
            parts.add(new Prose(t));
        }
        DiscordMessage m = layout(parts, rows);
        if (offered.isEmpty()) {
            return m;
        }
        List<DiscordMessage.Attachment> files = new ArrayList<>(offered);
        for (DiscordMessage.Attachment a : m.files()) {
            if (files.size() < Message.MAX_FILE_AMOUNT) {
                files.add(a);
            }
        }
        return new DiscordMessage(m.content(), m.embeds(), m.rows(), files.subList(0,
                Math.min(files.size(), Message.MAX_FILE_AMOUNT)));
    }

    /** The UTF-8 bytes of the last whole lines of {@code text} that fit in {@code max} bytes. */
    private static byte[] tailWithin(byte[] all, int max) {
        if (all.length <= max) {
            return all;
        }
        int from = all.length - max;
        while (from < all.length && all[from - 1] != '\n') {
            from++;
        }
        return java.util.Arrays.copyOfRange(all, from, all.length);
    }

    private DiscordMessage layout(List<Part> parts, List<ActionRow> rows) {
        // 1. everything in the content
        List<String> all = new ArrayList<>();
        for (Part p : parts) {
            all.add(p instanceof Prose pr ? pr.markdown() : ((Code) p).fenced());
        }
        String whole = String.join("\n", all);
        if (whole.length() <= MAX_CONTENT) {
            return new DiscordMessage(whole.isEmpty() ? "\u200B" : whole, List.of(), rows, List.of());
        }
        List<Code> codes = parts.stream().filter(Code.class::isInstance).map(Code.class::cast).toList();
        String prose = String.join("\n",
                parts.stream().filter(Prose.class::isInstance).map(p -> ((Prose) p).markdown()).toList());

        // 2. prose in the content, code blocks in embeds
        if (!codes.isEmpty() && codes.stream().noneMatch(Code::table) && codes.size() <= Message.MAX_EMBED_COUNT
                && prose.length() <= MAX_CONTENT) {
            int total = 0;
            boolean fits = true;
            for (Code c : codes) {
                int len = c.fenced().length();
                fits &= len <= MAX_EMBED_DESCRIPTION;
                total += len;
            }
            if (fits && total <= MAX_EMBEDS_TOTAL) {
                List<MessageEmbed> embeds = new ArrayList<>();
                for (Code c : codes) {
                    embeds.add(new EmbedBuilder().setDescription(c.fenced()).setColor(EMBED_COLOR).build());
                }
                return new DiscordMessage(prose, embeds, rows, List.of());
            }
        }

        // 3. excerpts in the content, full text attached
        List<DiscordMessage.Attachment> files = new ArrayList<>();
        List<String> fileNotes = new ArrayList<>();
        for (int i = 0; i < codes.size() && i < Message.MAX_FILE_AMOUNT; i++) {
            Code c = codes.get(i);
            String name = codes.size() == 1 ? c.fileName() : (i + 1) + "-" + c.fileName();
            FileText f = fileText(c);
            files.add(new DiscordMessage.Attachment(name, f.bytes()));
            fileNotes.add(name + (f.keptLines() < c.lines().size() ? " (" + f.note() + ")" : ""));
        }
        // the prose is short in practice; a very long one is cut and kept whole in a file
        int reserve = Math.min(MAX_CONTENT / 2, 160 * Math.max(1, codes.size()));
        String shownProse = prose;
        if (prose.length() > MAX_CONTENT - reserve && files.size() < Message.MAX_FILE_AMOUNT) {
            shownProse = DiscordText.cut(prose, MAX_CONTENT - reserve);
            files.add(new DiscordMessage.Attachment("message.txt", plain(parts).getBytes(StandardCharsets.UTF_8)));
        }
        List<String> out = new ArrayList<>();
        int used = shownProse.length();
        int remaining = codes.size();
        List<String> excerpts = new ArrayList<>();
        for (int i = 0; i < codes.size(); i++) {
            Code c = codes.get(i);
            String note = i < fileNotes.size() ? fileNotes.get(i) : "";
            // the marker line is at most ~120 characters; the rest of this block's share holds the excerpt
            int share = (MAX_CONTENT - used - 2 * remaining) / remaining;
            Excerpt e = excerpt(c, Math.max(16, share - markerBudget(c, note)));
            String block = e.fenced() + "\n" + marker(c, e.shown(), note);
            excerpts.add(block);
            used += block.length() + 1;
            remaining--;
        }
        // keep the original order: prose parts and code excerpts interleaved as the blocks were
        int ci = 0;
        StringBuilder proseRun = new StringBuilder();
        for (Part p : parts) {
            if (p instanceof Prose pr) {
                proseRun.append(proseRun.length() > 0 ? "\n" : "").append(pr.markdown());
            } else {
                if (proseRun.length() > 0) {
                    out.add(proseRun.toString());
                    proseRun.setLength(0);
                }
                out.add(excerpts.get(ci++));
            }
        }
        if (proseRun.length() > 0) {
            out.add(proseRun.toString());
        }
        String content = String.join("\n", out);
        if (content.length() > MAX_CONTENT) {
            // only when the prose itself was too long: keep the head, which holds the notices
            content = DiscordText.cut(shownProse, MAX_CONTENT - 2) + "\n" + String.join("\n", excerpts);
            content = DiscordText.cut(content, MAX_CONTENT);
        }
        return new DiscordMessage(content, List.of(), rows, files);
    }

    private static int markerBudget(Code c, String note) {
        return 90 + note.length() + String.valueOf(c.lines().size()).length() * 2;
    }

    private static String marker(Code c, int shown, String note) {
        int total = c.lines().size();
        String what = c.table()
                ? String.format(Locale.ROOT, "showing the first %,d of %,d rows", Math.max(0, shown - 1),
                        Math.max(0, total - 1))
                : String.format(Locale.ROOT, "showing the last %,d of %,d lines", shown, total);
        return "-# " + DiscordText.escapeMarkdown(what + "; the full output is attached as " + note);
    }

    /** The excerpt of a code part that fits a budget, fenced. */
    private record Excerpt(String fenced, int shown) {}

    private static Excerpt excerpt(Code c, int budget) {
        List<String> lines = c.lines();
        List<String> kept = new ArrayList<>();
        int len = DiscordText.fencedLength(0, c.language());
        if (c.table()) {
            for (String line : lines) {
                String esc = DiscordText.breakBackticks(line);
                int add = esc.length() + (kept.isEmpty() ? 0 : 1);
                if (len + add > budget) {
                    if (kept.isEmpty()) {
                        kept.add(DiscordText.cut(esc, Math.max(1, budget - len)));
                    }
                    break;
                }
                kept.add(esc);
                len += add;
            }
        } else {
            for (int i = lines.size() - 1; i >= 0; i--) {
                String esc = DiscordText.breakBackticks(lines.get(i));
                int add = esc.length() + (kept.isEmpty() ? 0 : 1);
                if (len + add > budget) {
                    if (kept.isEmpty()) {
                        kept.add(0, DiscordText.cutFront(esc, Math.max(1, budget - len)));
                    }
                    break;
                }
                kept.add(0, esc);
                len += add;
            }
        }
        return new Excerpt(DiscordText.fence(String.join("\n", kept), c.language()), kept.size());
    }

    /** The attachment's text, capped at {@link #MAX_FILE_BYTES}. */
    private record FileText(byte[] bytes, int keptLines, String note) {}

    private static FileText fileText(Code c) {
        byte[] all = c.raw().getBytes(StandardCharsets.UTF_8);
        if (all.length <= MAX_FILE_BYTES) {
            return new FileText(all, c.lines().size(), "");
        }
        List<String> lines = c.lines();
        List<String> kept = new ArrayList<>();
        long size = 0;
        if (c.table()) {
            for (String l : lines) {
                size += l.getBytes(StandardCharsets.UTF_8).length + 1;
                if (size > MAX_FILE_BYTES) {
                    break;
                }
                kept.add(l);
            }
        } else {
            for (int i = lines.size() - 1; i >= 0; i--) {
                size += lines.get(i).getBytes(StandardCharsets.UTF_8).length + 1;
                if (size > MAX_FILE_BYTES) {
                    break;
                }
                kept.add(0, lines.get(i));
            }
        }
        String note = String.format(Locale.ROOT, "the file holds the %s %,d of %,d lines",
                c.table() ? "first" : "last", kept.size(), lines.size());
        return new FileText(String.join("\n", kept).getBytes(StandardCharsets.UTF_8), kept.size(), note);
    }

    private static String plain(List<Part> parts) {
        List<String> out = new ArrayList<>();
        for (Part p : parts) {
            out.add(p instanceof Prose pr ? pr.markdown() : ((Code) p).raw());
        }
        return String.join("\n", out);
    }

    private static List<String> tableLines(Block.Table t) {
        int[] width = new int[t.header().size()];
        for (int i = 0; i < width.length; i++) {
            width[i] = cells(t.header().get(i));
            for (List<String> r : t.rows()) {
                width[i] = Math.max(width[i], cells(r.get(i)));
            }
        }
        List<String> lines = new ArrayList<>(t.rows().size() + 1);
        lines.add(row(t.header(), width));
        for (List<String> r : t.rows()) {
            lines.add(row(r, width));
        }
        return lines;
    }

    private static String row(List<String> cells, int[] width) {
        StringBuilder l = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            String c = cells.get(i);
            l.append(c);
            if (i < cells.size() - 1) {
                l.append(" ".repeat(width[i] - cells(c) + 3));
            }
        }
        return l.toString().stripTrailing();
    }

    private static int cells(String s) {
        return s.codePointCount(0, s.length());
    }

    private static String mark(Severity s) {
        switch (s) {
            case SUCCESS:
                return "✅ ";
            case WARNING:
                return "⚠️ ";
            case ERROR:
                return "❌ ";
            case INFO:
                return "";
            default:
                throw new AssertionError(s);
        }
    }

    /**
     * The Discord button for an action: Confirm is red (danger), Cancel grey, Stop grey, others blurple.
     *
     * @param a the action; its id is at most 100 characters, Discord's {@code custom_id} limit
     * @return the button
     */
    static Button button(Action a) {
        String label = DiscordText.cut(a.label(), Button.LABEL_MAX_LENGTH);
        switch (a.kind()) {
            case CONFIRM:
                return Button.danger(a.id(), label);
            case CANCEL:
            case STOP:
                return Button.secondary(a.id(), label);
            case OTHER:
                return Button.primary(a.id(), label);
            default:
                throw new AssertionError(a.kind());
        }
    }
}
