package dev.stevedore.adapter.slack;

import com.slack.api.model.block.ActionsBlock;
import com.slack.api.model.block.ContextBlock;
import com.slack.api.model.block.LayoutBlock;
import com.slack.api.model.block.SectionBlock;
import com.slack.api.model.block.composition.ConfirmationDialogObject;
import com.slack.api.model.block.composition.MarkdownTextObject;
import com.slack.api.model.block.composition.PlainTextObject;
import com.slack.api.model.block.element.BlockElement;
import com.slack.api.model.block.element.ButtonElement;
import dev.stevedore.core.reply.Action;
import dev.stevedore.core.reply.Block;
import dev.stevedore.core.reply.Reply;
import dev.stevedore.core.reply.Severity;
import dev.stevedore.core.reply.Visibility;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Renders a neutral {@link Reply} as a Slack Block Kit message that Slack accepts, whatever the engine printed.
 *
 * <ul>
 *   <li>{@link Block.Notice}: a section with a status emoji; {@link Block.Text}: sections of {@code mrkdwn};
 *       {@link Block.Code}: {@code ```} blocks; {@link Block.Table}: aligned monospace in {@code ```} blocks, the
 *       header repeated in each; {@link Block.Actions}: buttons, Confirm in red with Slack's confirm dialog.
 *   <li>Every string is escaped with {@link SlackText} ({@code & < >}, once), and every text object is
 *       {@code verbatim}, so Slack auto-links and auto-mentions nothing (CASES.md P21).
 *   <li><b>Limits</b> (CASES.md P16): at most {@value #MAX_SECTION_TEXT} characters per section,
 *       {@value #MAX_BLOCKS} blocks, and {@value #MAX_TOTAL_TEXT} characters in all — a conservative budget below
 *       the undocumented total at which Slack answers {@code msg_blocks_too_long}. Lengths are counted in UTF-16
 *       units after escaping, never fewer than the code points Slack may count. Notices and buttons always fit;
 *       tables, code and text take what is left, whole lines first, and the rest is reported as
 *       {@link SlackMessage.Overflow} with a "showing N of M lines" note.
 *   <li>{@link Visibility#ONLY_CALLER} becomes an ephemeral message.
 * </ul>
 *
 * <p>Stateless and thread-safe.
 */
public final class SlackReplyRenderer {
    /** Most characters in a section's text (Block Kit reference, section block: "Maximum length … 3000"). */
    public static final int MAX_SECTION_TEXT = 3000;
    /** Most blocks in one message (Block Kit reference: "up to 50 blocks in each message"). */
    public static final int MAX_BLOCKS = 50;
    /**
     * Most characters of text across all blocks of one message: our conservative budget, well below the
     * ~13.2k at which Slack was seen to reject messages with {@code msg_blocks_too_long} (bolt-js #2509, #2867),
     * itself far below the documented 40k for {@code text}.
     */
    public static final int MAX_TOTAL_TEXT = 12_000;
    /** Most characters of the top-level fallback {@code text} we send (Slack allows 40,000; we keep it short). */
    public static final int MAX_FALLBACK_TEXT = 300;
    /** Most characters of a button label (Block Kit button element: 75). */
    public static final int MAX_BUTTON_TEXT = 75;
    /** Most characters of an {@code action_id} (Block Kit: 255). */
    public static final int MAX_ACTION_ID = 255;
    /** Most buttons in an actions block (Block Kit actions block: 25 elements). */
    public static final int MAX_ACTIONS_PER_BLOCK = 25;
    /** Most characters of a confirm dialog's title (Block Kit confirmation dialog: 100). */
    public static final int MAX_CONFIRM_TITLE = 100;
    /** Most characters of a confirm dialog's text (Block Kit confirmation dialog: 300). */
    public static final int MAX_CONFIRM_TEXT = 300;
    /** Most characters of a confirm dialog's buttons (Block Kit confirmation dialog: 30). */
    public static final int MAX_CONFIRM_BUTTON = 30;
    /** Most characters of a context block's text we send (Block Kit allows 3000 per element). */
    public static final int MAX_CONTEXT_TEXT = 500;
    /** Most characters of the plain-text overflow kept for a file upload (ours: about 1 MB). */
    public static final int MAX_FILE_CHARS = 1_000_000;

    /** Most characters of a {@link Block.File} uploaded ({@code files.uploadV2}; ours: the core's 10 MB cap). */
    public static final int MAX_UPLOAD_CHARS = Block.File.MAX_CHARS;

    /** Room kept free for the "showing N of M" note. */
    private static final int NOTE_RESERVE = 300;
    private static final String FENCE = "```";

    /** Creates the renderer. */
    public SlackReplyRenderer() {}

    /**
     * Renders a reply.
     *
     * @param reply the reply
     * @param footer a context line added at the end, already in {@code mrkdwn} and escaped by the caller (e.g.
     *     "&lt;@U1&gt; ran `/docker ps`" built with {@link SlackText}); empty for none
     * @param overflowHint what the note says after "showing N of M lines." when output is cut, e.g. "The full
     *     output is in the file below."; may be empty
     * @return the message
     */
    public SlackMessage render(Reply reply, Optional<String> footer, String overflowHint) {
        Budget budget = new Budget();
        footer.ifPresent(f -> budget.take(1, Math.min(f.length(), MAX_CONTEXT_TEXT)));
        budget.take(1, NOTE_RESERVE);
        List<Piece> pieces = new ArrayList<>();
        int actionRows = 0;
        for (Block b : reply.blocks()) {
            pieces.add(Piece.of(b, reply, actionRows));
            actionRows += b instanceof Block.Actions ? 1 : 0;
        }
        // buttons first, then notices: a long preview can never push out the Confirm button
        for (Piece p : pieces) {
            if (p.fixed instanceof ActionsBlock) {
                budget.take(1, p.fixedLength);
            }
        }
        for (Piece p : pieces) {
            if (p.fixed != null && !(p.fixed instanceof ActionsBlock)) {
                p.dropped = budget.blocks < 1 || budget.chars < p.fixedLength;
                if (!p.dropped) {
                    budget.take(1, p.fixedLength);
                }
            }
        }

        List<LayoutBlock> out = new ArrayList<>();
        int shown = 0;
        int total = 0;
        boolean cut = false;
        for (Piece p : pieces) {
            if (p.fixed != null) {
                if (p.dropped) {
                    total++;
                    cut = true;
                } else {
                    out.add(p.fixed);
                }
                continue;
            }
            total += p.lines.size();
            Packed packed = pack(p, budget);
            out.addAll(packed.blocks);
            shown += packed.shownLines;
            cut |= packed.cut || packed.shownLines < p.lines.size();
        }
        Optional<SlackMessage.Overflow> overflow = Optional.empty();
        if (cut) {
            String note = ":scissors: Showing " + shown + " of " + total + " lines"
                    + (shown == total ? " (long lines cut)" : "") + "." + (overflowHint.isEmpty() ? "" : " "
                    + overflowHint);
            out.add(context(SlackText.cut(note, NOTE_RESERVE)));
            overflow = Optional.of(new SlackMessage.Overflow(SlackText.cut(plain(reply), MAX_FILE_CHARS), shown,
                    total));
        }
        footer.ifPresent(f -> out.add(context(SlackText.cut(f, MAX_CONTEXT_TEXT))));
        if (out.isEmpty()) {
            out.add(section(" "));
        }
        List<SlackMessage.Upload> files = reply.blocks().stream().filter(Block.File.class::isInstance)
                .map(Block.File.class::cast)
                .map(f -> new SlackMessage.Upload(f.name(), f.caption(), SlackText.cut(f.text(), MAX_UPLOAD_CHARS)))
                .toList();
        return new SlackMessage(out, fallback(reply), reply.visibility() == Visibility.ONLY_CALLER, overflow, files);
    }

    /**
     * The reply as plain terminal-like text, unescaped: for a file upload or logs.
     *
     * @param reply the reply
     * @return the text; tables aligned, notices with a word for their severity, buttons left out
     */
    public static String plain(Reply reply) {
        StringBuilder sb = new StringBuilder();
        for (Block b : reply.blocks()) {
            String s;
            if (b instanceof Block.Text t) {
                s = t.text();
            } else if (b instanceof Block.Code c) {
                s = c.body();
            } else if (b instanceof Block.Table t) {
                s = String.join("\n", align(t));
            } else if (b instanceof Block.Notice n) {
                s = n.severity().name() + ": " + n.text();
            } else if (b instanceof Block.Actions || b instanceof Block.File) {
                continue;
            } else {
                throw new AssertionError(b);
            }
            if (sb.length() > 0) {
                sb.append('\n');
            }
            sb.append(s);
        }
        return sb.toString();
    }

    /**
     * The emoji Slack shows before a notice.
     *
     * @param severity the severity
     * @return e.g. {@code :white_check_mark:}
     */
    public static String emoji(Severity severity) {
        switch (severity) {
            case SUCCESS:
                return ":white_check_mark:";
            case INFO:
                return ":information_source:";
            case WARNING:
                return ":warning:";
            case ERROR:
                return ":x:";
            default:
                throw new AssertionError(severity);
        }
    }

    /**
     * Aligns a table like the docker CLI: each column padded to its widest cell (in code points) plus three
     * spaces, trailing spaces removed.
     *
     * @param table the table
     * @return the header line, then one line per row; plain text, unescaped
     */
    static List<String> align(Block.Table table) {
        int cols = table.header().size();
        int[] width = new int[cols];
        List<List<String>> all = new ArrayList<>();
        all.add(table.header());
        all.addAll(table.rows());
        for (List<String> row : all) {
            for (int i = 0; i < cols; i++) {
                width[i] = Math.max(width[i], codePoints(oneLine(row.get(i))));
            }
        }
        List<String> lines = new ArrayList<>(all.size());
        for (List<String> row : all) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < cols; i++) {
                String cell = oneLine(row.get(i));
                sb.append(cell);
                if (i < cols - 1) {
                    sb.append(" ".repeat(width[i] - codePoints(cell) + 3));
                }
            }
            lines.add(sb.toString().stripTrailing());
        }
        return lines;
    }

    private static String oneLine(String cell) {
        return cell.replace('\n', ' ').replace('\r', ' ');
    }

    private static int codePoints(String s) {
        return s.codePointCount(0, s.length());
    }

    /** The notification text: the first notice, else the first line of text or code, else a table's size. */
    private static String fallback(Reply reply) {
        String first = null;
        for (Block b : reply.blocks()) {
            if (b instanceof Block.Notice n) {
                first = n.text();
                break;
            }
        }
        for (int i = 0; first == null && i < reply.blocks().size(); i++) {
            Block b = reply.blocks().get(i);
            String candidate = b instanceof Block.Text t ? t.text() : b instanceof Block.Code c ? c.body()
                    : b instanceof Block.Table t ? t.rows().size() + (t.rows().size() == 1 ? " row" : " rows") : "";
            first = candidate.lines().filter(l -> !l.isBlank()).findFirst().orElse(null);
        }
        if (first == null) {
            first = "Stevedore";
        }
        String line = first.strip();
        String fits = SlackText.prefixEscaped(line, MAX_FALLBACK_TEXT - 1);
        return SlackText.escape(fits) + (fits.length() < line.length() ? "…" : "");
    }

    // ---------------------------------------------------------------------------------------------- packing

    /** Blocks for one content piece, within the budget. */
    private record Packed(List<LayoutBlock> blocks, int shownLines, boolean cut) {}

    private static Packed pack(Piece p, Budget budget) {
        List<LayoutBlock> blocks = new ArrayList<>();
        int shown = 0;
        boolean cut = false;
        int overhead = p.kind == Kind.TEXT ? 0 : FENCE.length() * 2;
        String header = p.header;
        int maxLine = MAX_SECTION_TEXT - overhead - (header == null ? 0 : header.length() + 1);
        int i = 0;
        while (i < p.lines.size() && budget.blocks > 0) {
            int room = Math.min(MAX_SECTION_TEXT, budget.chars) - overhead;
            StringBuilder chunk = new StringBuilder();
            if (header != null) {
                if (header.length() + 1 > room) {
                    break;
                }
                chunk.append(header);
            }
            int before = i;
            while (i < p.lines.size()) {
                String line = p.lines.get(i);
                int add = (chunk.length() > 0 ? 1 : 0) + line.length();
                if (chunk.length() + add <= room) {
                    if (chunk.length() > 0) {
                        chunk.append('\n');
                    }
                    chunk.append(line);
                    i++;
                } else if (i == before && line.length() > maxLine && room - chunk.length() > 2) {
                    // a single line longer than any section: cut it, the file keeps it whole
                    int left = room - chunk.length() - (chunk.length() > 0 ? 1 : 0) - 1;
                    if (chunk.length() > 0) {
                        chunk.append('\n');
                    }
                    chunk.append(p.cutLine(i, left)).append('…');
                    cut = true;
                    i++;
                    break;
                } else {
                    break;
                }
            }
            if (i == before) {
                break;
            }
            shown += i - before;
            String text = p.kind == Kind.TEXT ? chunk.toString() : FENCE + chunk + FENCE;
            blocks.add(section(text));
            budget.take(1, text.length());
        }
        return new Packed(blocks, shown, cut);
    }

    /** What is left of the message's budget. */
    private static final class Budget {
        int blocks = MAX_BLOCKS;
        int chars = MAX_TOTAL_TEXT;

        void take(int b, int c) {
            blocks -= b;
            chars -= c;
        }
    }

    private enum Kind { TEXT, CODE, TABLE }

    /** One core block: either a fixed Slack block, or lines to pack. */
    private static final class Piece {
        final @org.jspecify.annotations.Nullable LayoutBlock fixed;
        final int fixedLength;
        final Kind kind;
        final List<String> lines;
        final List<String> raw;
        final @org.jspecify.annotations.Nullable String header;
        boolean dropped;

        private Piece(@org.jspecify.annotations.Nullable LayoutBlock fixed, int fixedLength, Kind kind,
                List<String> raw, @org.jspecify.annotations.Nullable String rawHeader) {
            this.fixed = fixed;
            this.fixedLength = fixedLength;
            this.kind = kind;
            this.raw = raw;
            this.lines = raw.stream().map(l -> escape(kind, l)).toList();
            this.header = rawHeader == null ? null : escape(kind, rawHeader);
        }

        static Piece fixed(LayoutBlock block, int length) {
            return new Piece(block, length, Kind.TEXT, List.of(), null);
        }

        static Piece of(Block b, Reply reply, int actionRow) {
            if (b instanceof Block.Notice n) {
                String text = SlackText.cut(emoji(n.severity()) + " " + SlackText.escape(n.text()), MAX_SECTION_TEXT);
                return fixed(section(text), text.length());
            } else if (b instanceof Block.Actions a) {
                return actions(a, reply, actionRow);
            } else if (b instanceof Block.Text t) {
                return new Piece(null, 0, Kind.TEXT, t.text().isBlank() ? List.of() : t.text().lines().toList(),
                        null);
            } else if (b instanceof Block.Code c) {
                List<String> lines = c.body().isEmpty() ? List.of(" ") : c.body().lines().toList();
                return new Piece(null, 0, Kind.CODE, lines, null);
            } else if (b instanceof Block.Table t) {
                List<String> aligned = align(t);
                return new Piece(null, 0, Kind.TABLE, aligned.subList(1, aligned.size()), aligned.get(0));
            } else if (b instanceof Block.File f) {
                // the bytes go up with files.uploadV2 (SlackMessage.files); the message says what follows
                String text = SlackText.cut(":paperclip: " + SlackText.escape(f.caption() + " — " + f.name()),
                        MAX_CONTEXT_TEXT);
                return fixed(context(text), text.length());
            }
            throw new AssertionError(b);
        }

        /** The escaped form of line {@code i}, cut so it has at most {@code max} characters. */
        String cutLine(int i, int max) {
            if (kind == Kind.TEXT) {
                return SlackText.escape(SlackText.prefixEscaped(raw.get(i), Math.max(0, max)));
            }
            // escapeCode may add zero-width spaces: shrink until it fits
            String prefix = SlackText.prefixEscaped(raw.get(i), Math.max(0, max));
            String s = escape(kind, prefix);
            while (s.length() > max && !prefix.isEmpty()) {
                prefix = SlackText.prefix(prefix, prefix.length() - Math.max(1, s.length() - max));
                s = escape(kind, prefix);
            }
            return s;
        }

        private static String escape(Kind kind, String line) {
            return kind == Kind.TEXT ? SlackText.escape(line) : SlackText.escapeCode(line);
        }

        private static Piece actions(Block.Actions a, Reply reply, int row) {
            String question = reply.blocks().stream()
                    .filter(Block.Notice.class::isInstance)
                    .map(Block.Notice.class::cast)
                    .filter(n -> n.severity() == Severity.WARNING)
                    .map(Block.Notice::text)
                    .findFirst()
                    .orElse("This cannot be undone.");
            List<BlockElement> buttons = new ArrayList<>();
            int length = 0;
            for (Action action : a.actions().subList(0, Math.min(a.actions().size(), MAX_ACTIONS_PER_BLOCK))) {
                String label = SlackText.cut(action.label(), MAX_BUTTON_TEXT);
                ButtonElement.ButtonElementBuilder button = ButtonElement.builder()
                        .text(PlainTextObject.builder().text(label).emoji(true).build())
                        .actionId(action.id())
                        .value(action.kind().name());
                length += label.length();
                if (action.kind() == Action.Kind.CONFIRM) {
                    String text = SlackText.cut(SlackText.escape(question), MAX_CONFIRM_TEXT);
                    button.style("danger").confirm(ConfirmationDialogObject.builder()
                            .title(PlainTextObject.builder().text("Are you sure?").build())
                            .text(MarkdownTextObject.builder().text(text).verbatim(true).build())
                            .confirm(PlainTextObject.builder().text(SlackText.cut(action.label(), MAX_CONFIRM_BUTTON))
                                    .build())
                            .deny(PlainTextObject.builder().text("Keep it").build())
                            .style("danger")
                            .build());
                    length += text.length() + 30;
                } else if (action.kind() == Action.Kind.STOP) {
                    button.style("danger");
                }
                buttons.add(button.build());
            }
            return fixed(ActionsBlock.builder().blockId("stv-actions-" + row).elements(buttons).build(), length);
        }
    }

    static SectionBlock section(String mrkdwn) {
        return SectionBlock.builder().text(MarkdownTextObject.builder().text(mrkdwn).verbatim(true).build()).build();
    }

    static ContextBlock context(String mrkdwn) {
        return ContextBlock.builder()
                .elements(List.of(MarkdownTextObject.builder().text(mrkdwn).verbatim(true).build()))
                .build();
    }
}
