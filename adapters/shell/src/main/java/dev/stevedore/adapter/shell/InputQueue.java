package dev.stevedore.adapter.shell;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * The terminal's events in order, fed by one reader thread and consumed by the session loop. Lines read while a
 * stream is in the way can be pushed back so no typed command is lost.
 */
final class InputQueue {
    private final BlockingQueue<ShellInput> queue = new LinkedBlockingQueue<>();
    private final Deque<ShellInput> pushedBack = new ArrayDeque<>();
    private volatile boolean eof;
    private final boolean stickyEof;

    /**
     * Creates a queue.
     *
     * @param stickyEof true for a script or pipe, where end of input is final; false for a terminal, where Ctrl+D
     *     is one event and typing can go on
     */
    InputQueue(boolean stickyEof) {
        this.stickyEof = stickyEof;
    }

    void offer(ShellInput input) {
        queue.add(input);
    }

    ShellInput take() throws InterruptedException {
        ShellInput p = pushedBack.pollFirst();
        if (p != null) {
            return p;
        }
        if (eof) {
            return ShellInput.EOF;
        }
        ShellInput in = queue.take();
        if (in.kind() == ShellInput.Kind.EOF && stickyEof) {
            eof = true;
        }
        return in;
    }

    @Nullable ShellInput poll(long millis) throws InterruptedException {
        ShellInput p = pushedBack.pollFirst();
        if (p != null) {
            return p;
        }
        if (eof) {
            return ShellInput.EOF;
        }
        ShellInput in = queue.poll(millis, TimeUnit.MILLISECONDS);
        if (in != null && in.kind() == ShellInput.Kind.EOF && stickyEof) {
            eof = true;
        }
        return in;
    }

    void pushBack(ShellInput input) {
        pushedBack.addLast(input);
    }
}
