package dev.stevedore.adapter.slack;

import com.slack.api.model.block.LayoutBlock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A {@link dev.stevedore.core.reply.Reply} rendered for Slack: Block Kit blocks within Slack's limits, the
 * notification fallback text, who sees it, and what did not fit.
 *
 * @param blocks the blocks, 1 to {@link SlackReplyRenderer#MAX_BLOCKS}; their text is already escaped
 * @param text the top-level {@code text}: shown in notifications and by clients that cannot show blocks; escaped,
 *     at most {@link SlackReplyRenderer#MAX_FALLBACK_TEXT} characters
 * @param ephemeral whether only the caller should see it ({@code response_type: ephemeral})
 * @param overflow the whole output as plain text when the blocks show only part of it; empty when all fits
 * @param files the files the reply offers, uploaded after the message (public replies only)
 */
public record SlackMessage(List<LayoutBlock> blocks, String text, boolean ephemeral, Optional<Overflow> overflow,
        List<Upload> files) {
    /** Validates and copies. */
    public SlackMessage {
        blocks = List.copyOf(blocks);
        files = List.copyOf(files);
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(overflow, "overflow");
        if (blocks.isEmpty() || blocks.size() > SlackReplyRenderer.MAX_BLOCKS) {
            throw new IllegalArgumentException("a message holds 1.." + SlackReplyRenderer.MAX_BLOCKS
                    + " blocks, got " + blocks.size());
        }
    }

    /**
     * A message without file blocks.
     *
     * @param blocks the blocks
     * @param text the fallback text
     * @param ephemeral whether only the caller sees it
     * @param overflow what did not fit
     */
    public SlackMessage(List<LayoutBlock> blocks, String text, boolean ephemeral, Optional<Overflow> overflow) {
        this(blocks, text, ephemeral, overflow, List.of());
    }

    /**
     * A file the reply offers ({@link dev.stevedore.core.reply.Block.File}), uploaded with {@code files.uploadV2}
     * after the message.
     *
     * @param name the file name
     * @param title the caption, plain text
     * @param content the text, at most {@link SlackReplyRenderer#MAX_UPLOAD_CHARS} characters
     */
    public record Upload(String name, String title, String content) {
        /** Validates. */
        public Upload {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(title, "title");
            Objects.requireNonNull(content, "content");
        }
    }

    /**
     * The part of a reply that did not fit in one message.
     *
     * @param content the whole reply as plain, unescaped text (tables aligned), for a file upload; at most
     *     {@link SlackReplyRenderer#MAX_FILE_CHARS} characters
     * @param shownLines how many output lines (table rows, log lines) the blocks show
     * @param totalLines how many there are
     */
    public record Overflow(String content, int shownLines, int totalLines) {
        /** Validates. */
        public Overflow {
            Objects.requireNonNull(content, "content");
            if (shownLines < 0 || totalLines < shownLines) {
                throw new IllegalArgumentException("shown " + shownLines + " of " + totalLines);
            }
        }
    }
}
