package dev.stevedore.core.internal.text;

import dev.stevedore.core.stream.StreamLine;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decodes the engine's container output stream into lines, in the format the container's {@code Config.Tty} says —
 * never guessed from the bytes (CASES.md P01).
 *
 * <p>With a TTY the stream is raw PTY bytes: one stream, stdout and stderr mixed. Without, it is multiplexed: each
 * frame has an 8-byte header (stream type, three zero bytes, payload length as a 32-bit big-endian number). Payload
 * bytes go straight to a per-stream {@link LineAssembler}, so a bogus length never allocates anything, and frames
 * are joined into lines (P02) with UTF-8 decoded per line (P03). When {@code timestamps} is on, a log entry that
 * continues a line the engine split (over 16 KiB) has its timestamp removed, so only the first one remains.
 *
 * <p>Not thread-safe: one instance per stream, fed from one thread.
 */
public final class FrameDecoder {
    private static final Logger log = LoggerFactory.getLogger(FrameDecoder.class);

    private final boolean tty;
    private final boolean timestamps;
    private final LineAssembler out;
    private final LineAssembler err;
    private final byte[] header = new byte[8];
    private int headerFill;
    private long remaining;
    private LineAssembler current;
    private boolean raw;
    private int skipTimestamp;

    /**
     * Creates a decoder.
     *
     * @param tty the container's {@code Config.Tty}: true for a raw stream
     * @param timestamps whether the engine prefixes each log entry with a timestamp
     * @param lines receives complete lines
     */
    public FrameDecoder(boolean tty, boolean timestamps, Consumer<StreamLine> lines) {
        this.tty = tty;
        this.timestamps = timestamps;
        this.out = new LineAssembler(StreamLine.Source.STDOUT, lines);
        this.err = new LineAssembler(StreamLine.Source.STDERR, lines);
        this.current = out;
        this.raw = tty;
    }

    /**
     * Feeds bytes as they arrive.
     *
     * @param buf the buffer
     * @param off start offset
     * @param len number of bytes
     */
    public void feed(byte[] buf, int off, int len) {
        int i = off;
        int end = off + len;
        while (i < end) {
            if (raw) {
                out.accept(buf, i, end - i);
                return;
            }
            if (remaining == 0) {
                header[headerFill++] = buf[i++];
                if (headerFill == 8) {
                    headerFill = 0;
                    startFrame();
                }
                continue;
            }
            int n = (int) Math.min(remaining, end - i);
            int skip = 0;
            while (skipTimestamp > 0 && skip < n) {
                byte b = buf[i + skip];
                skip++;
                skipTimestamp = b == ' ' ? 0 : skipTimestamp - 1;
            }
            current.accept(buf, i + skip, n - skip);
            i += n;
            remaining -= n;
        }
    }

    private void startFrame() {
        int type = header[0];
        boolean valid = (type == 0 || type == 1 || type == 2) && header[1] == 0 && header[2] == 0 && header[3] == 0;
        if (!valid) {
            // not a multiplexed stream after all: show the bytes as they are rather than trust a length
            log.warn("output stream is not multiplexed although the container has no TTY; reading it raw");
            raw = true;
            out.accept(header, 0, 8);
            return;
        }
        remaining = ((header[4] & 0xFFL) << 24) | ((header[5] & 0xFFL) << 16) | ((header[6] & 0xFFL) << 8)
                | (header[7] & 0xFFL);
        current = type == 2 ? err : out;
        skipTimestamp = timestamps && current.hasPartialLine() ? 64 : 0;
    }

    /** Emits any unfinished last lines. Call at end of stream. */
    public void flush() {
        out.flush();
        err.flush();
    }

    /**
     * Whether the stream was read as raw bytes (TTY, or a stream that turned out not to be multiplexed).
     *
     * @return true for raw
     */
    public boolean raw() {
        return raw || tty;
    }
}
