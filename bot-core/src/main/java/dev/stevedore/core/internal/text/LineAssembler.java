package dev.stevedore.core.internal.text;

import dev.stevedore.core.stream.StreamLine;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Joins the byte chunks of one container stream into complete lines: bytes are collected until a newline, so a
 * UTF-8 character split across frames is decoded whole; terminal escape sequences are stripped and
 * {@code \r}-overwritten text collapses to its last state.
 *
 * <p>Not thread-safe: one instance per stream, fed from one thread. A line longer than {@link #MAX_LINE_BYTES} is
 * emitted in pieces so memory stays bounded.
 */
public final class LineAssembler {
    /** Longest line kept whole, in bytes; longer lines are cut into pieces of this size. */
    public static final int MAX_LINE_BYTES = 64 * 1024;

    private final StreamLine.Source source;
    private final Consumer<StreamLine> out;
    private final ByteArrayOutputStream buf = new ByteArrayOutputStream(256);

    /**
     * Creates an assembler.
     *
     * @param source the stream the bytes come from
     * @param out receives each complete line
     */
    public LineAssembler(StreamLine.Source source, Consumer<StreamLine> out) {
        this.source = source;
        this.out = out;
    }

    /**
     * Feeds bytes.
     *
     * @param bytes the chunk
     */
    public void accept(byte[] bytes) {
        accept(bytes, 0, bytes.length);
    }

    /**
     * Feeds part of a buffer.
     *
     * @param bytes the buffer
     * @param off start offset
     * @param len number of bytes
     */
    public void accept(byte[] bytes, int off, int len) {
        for (int i = off; i < off + len; i++) {
            byte b = bytes[i];
            if (b == '\n') {
                emit();
            } else {
                buf.write(b);
                if (buf.size() >= MAX_LINE_BYTES) {
                    emitAtCharBoundary();
                }
            }
        }
    }

    /**
     * Whether bytes of an unfinished line are waiting for their newline.
     *
     * @return true if a partial line is buffered
     */
    public boolean hasPartialLine() {
        return buf.size() > 0;
    }

    /** Emits what is left as a last line, if anything. Call at end of stream. */
    public void flush() {
        if (buf.size() > 0) {
            emit();
        }
    }

    /** Emits a piece of an over-long line, keeping a character cut by the limit for the next piece. */
    private void emitAtCharBoundary() {
        byte[] b = buf.toByteArray();
        int cut = b.length;
        int lead = cut - 1;
        while (lead > 0 && cut - lead < 4 && (b[lead] & 0xC0) == 0x80) {
            lead--;
        }
        int x = b[lead] & 0xFF;
        int need = x >= 0xF0 ? 4 : x >= 0xE0 ? 3 : x >= 0xC0 ? 2 : 1;
        if (lead + need > cut) {
            cut = lead;
        }
        buf.reset();
        buf.write(b, cut, b.length - cut);
        out.accept(new StreamLine(source, TerminalText.clean(new String(b, 0, cut, StandardCharsets.UTF_8))));
    }

    private void emit() {
        String raw = buf.toString(StandardCharsets.UTF_8);
        buf.reset();
        out.accept(new StreamLine(source, TerminalText.clean(raw)));
    }
}
