package dev.stevedore.core.internal.stream;

import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * An {@link InputStream} fed from other threads, used as a container's stdin. Unlike a piped stream it does not
 * break when a writing thread ends. {@link #close()} makes the reader see end of input.
 */
final class QueueInputStream extends InputStream {
    private static final byte[] EOF = new byte[0];
    private final LinkedBlockingQueue<byte[]> queue = new LinkedBlockingQueue<>(1024);
    private byte[] current = new byte[0];
    private int pos;
    private volatile boolean closed;

    /**
     * Queues bytes for the reader.
     *
     * @param bytes the bytes
     * @throws IllegalStateException if closed or more than 1024 chunks are waiting
     */
    void feed(byte[] bytes) {
        if (closed) {
            throw new IllegalStateException("stdin is closed");
        }
        if (!queue.offer(bytes)) {
            throw new IllegalStateException("the container is not reading its input");
        }
    }

    @Override
    public int read() throws InterruptedIOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws InterruptedIOException {
        if (len == 0) {
            return 0;
        }
        while (pos >= current.length) {
            if (current == EOF) {
                return -1;
            }
            try {
                current = queue.take();
                pos = 0;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while waiting for input");
            }
        }
        int n = Math.min(len, current.length - pos);
        System.arraycopy(current, pos, b, off, n);
        pos += n;
        return n;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            queue.clear();
            queue.offer(EOF);
        }
    }
}
