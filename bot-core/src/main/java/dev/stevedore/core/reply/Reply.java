package dev.stevedore.core.reply;

import dev.stevedore.core.stream.LiveStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The neutral answer to an invocation, rendered by each adapter for its platform.
 *
 * @param visibility who sees it
 * @param blocks what it shows, in order; never empty
 * @param stream a live stream that follows this reply (logs -f, attach), which the adapter starts and shows as it
 *     comes; empty for a one-shot reply
 */
public record Reply(Visibility visibility, List<Block> blocks, Optional<LiveStream> stream) {
    /** Validates and copies. */
    public Reply {
        Objects.requireNonNull(visibility, "visibility");
        blocks = List.copyOf(blocks);
        Objects.requireNonNull(stream, "stream");
        if (blocks.isEmpty()) {
            throw new IllegalArgumentException("a reply needs at least one block");
        }
    }

    /**
     * A reply of the given blocks, no stream.
     *
     * @param visibility who sees it
     * @param blocks what it shows
     * @return the reply
     */
    public static Reply of(Visibility visibility, Block... blocks) {
        return new Reply(visibility, List.of(blocks), Optional.empty());
    }

    /**
     * A public success notice.
     *
     * @param text e.g. {@code "web removed by alice"}
     * @return the reply
     */
    public static Reply success(String text) {
        return of(Visibility.PUBLIC, new Block.Notice(Severity.SUCCESS, text));
    }

    /**
     * A public information notice.
     *
     * @param text the message
     * @return the reply
     */
    public static Reply info(String text) {
        return of(Visibility.PUBLIC, new Block.Notice(Severity.INFO, text));
    }

    /**
     * An error shown only to the caller.
     *
     * @param text the safe message
     * @return the reply
     */
    public static Reply error(String text) {
        return of(Visibility.ONLY_CALLER, new Block.Notice(Severity.ERROR, text));
    }

    /**
     * This reply with one more block at the end.
     *
     * @param block the block to add
     * @return a new reply
     */
    public Reply with(Block block) {
        List<Block> all = new ArrayList<>(blocks);
        all.add(block);
        return new Reply(visibility, all, stream);
    }

    /**
     * This reply followed by a live stream.
     *
     * @param liveStream the stream the adapter should start
     * @return a new reply
     */
    public Reply withStream(LiveStream liveStream) {
        return new Reply(visibility, blocks, Optional.of(liveStream));
    }

    /**
     * The first action of the given kind, e.g. the Confirm button of a pending confirmation.
     *
     * @param kind the kind to look for
     * @return the action, or empty if the reply has none
     */
    public Optional<Action> action(Action.Kind kind) {
        return blocks.stream()
                .filter(Block.Actions.class::isInstance)
                .flatMap(b -> ((Block.Actions) b).actions().stream())
                .filter(a -> a.kind() == kind)
                .findFirst();
    }

    /**
     * The severity of the first notice, a quick way to tell success from failure.
     *
     * @return the severity, or empty when the reply has no notice
     */
    public Optional<Severity> severity() {
        return blocks.stream()
                .filter(Block.Notice.class::isInstance)
                .map(b -> ((Block.Notice) b).severity())
                .findFirst();
    }

    /**
     * All plain text of this reply, blocks joined by newlines; for logs, audit and tests.
     *
     * @return the text; tables as tab-separated rows
     */
    public String plainText() {
        StringBuilder out = new StringBuilder();
        for (Block b : blocks) {
            if (out.length() > 0) {
                out.append('\n');
            }
            if (b instanceof Block.Text t) {
                out.append(t.text());
            } else if (b instanceof Block.Code c) {
                out.append(c.body());
            } else if (b instanceof Block.Notice n) {
                out.append(n.text());
            } else if (b instanceof Block.Table t) {
                out.append(String.join("\t", t.header()));
                for (List<String> row : t.rows()) {
                    out.append('\n').append(String.join("\t", row));
                }
            } else if (b instanceof Block.Actions a) {
                out.append(a.actions().stream().map(Action::label).reduce((x, y) -> x + " / " + y).orElse(""));
            } else if (b instanceof Block.File f) {
                out.append(f.caption()).append(" (").append(f.name()).append(')');
            } else {
                throw new AssertionError(b);
            }
        }
        return out.toString();
    }
}
