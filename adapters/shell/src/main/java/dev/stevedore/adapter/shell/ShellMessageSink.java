package dev.stevedore.adapter.shell;

import dev.stevedore.core.bus.ConversationRef;
import dev.stevedore.core.port.MessageRef;
import dev.stevedore.core.port.MessageSink;
import dev.stevedore.core.reply.Action;
import dev.stevedore.core.reply.Block;
import dev.stevedore.core.reply.Reply;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The shell's {@link MessageSink}: prints exit alerts in the terminal, above the prompt in the interactive shell
 * (JLine's {@code printAbove}, so the line being typed is kept) and on standard output in scripted mode.
 *
 * <p>A terminal cannot edit what it printed, so an edit prints the alert's headline again, marked {@code [update]},
 * followed by only the lines it has not printed for that alert yet: a crash-loop alert being updated shows its new
 * headline, an alert completed with the container's last lines shows those lines. The watcher throttles edits. Buttons cannot be clicked in a terminal, so
 * command buttons are shown as the commands to type, with the container's short id.
 *
 * <p>Alerts posted before the shell has started (the exit watcher starts first) are kept, at most
 * {@link #MAX_PENDING}, and printed when the shell {@link #attach attaches}. Thread-safe: the watcher posts from its
 * own thread while the shell reads input.
 */
public final class ShellMessageSink implements MessageSink {
    /** Alerts kept while no shell is attached; older ones are dropped and counted. */
    public static final int MAX_PENDING = 100;
    private static final Logger log = LoggerFactory.getLogger(ShellMessageSink.class);
    private static final Pattern FULL_ID = Pattern.compile("\\b([0-9a-f]{12})[0-9a-f]{52}\\b");

    private final AtomicLong ids = new AtomicLong();
    private final Deque<String> pending = new ArrayDeque<>(); // guarded by this
    /** The lines printed so far for each recent alert, by message id; the oldest alerts are forgotten. */
    private final java.util.Map<String, java.util.Set<String>> printedLines =
            new java.util.LinkedHashMap<String, java.util.Set<String>>(16, 0.75f, false) {
                @Override
                protected boolean removeEldestEntry(java.util.Map.Entry<String, java.util.Set<String>> eldest) {
                    return size() > MAX_PENDING;
                }
            }; // guarded by this
    private @Nullable Consumer<String> printer; // guarded by this
    private TerminalRenderer renderer = new TerminalRenderer(false); // guarded by this
    private long dropped; // guarded by this

    /** Creates a sink that keeps alerts until a shell attaches. */
    public ShellMessageSink() {}

    /**
     * Starts printing: first the alerts kept so far, then each new one as it comes.
     *
     * @param print prints one block of text (possibly several lines), e.g. JLine's {@code printAbove} or
     *     {@code System.out::println}; called from the poster's thread
     * @param color whether to colour severity marks (a real terminal)
     */
    public synchronized void attach(Consumer<String> print, boolean color) {
        this.printer = Objects.requireNonNull(print, "print");
        this.renderer = new TerminalRenderer(color);
        if (dropped > 0) {
            emit("(" + dropped + " earlier alert" + (dropped == 1 ? "" : "s") + " dropped)");
            dropped = 0;
        }
        while (!pending.isEmpty()) {
            emit(pending.removeFirst());
        }
    }

    /** Stops printing; later alerts are kept again. Idempotent. */
    public synchronized void detach() {
        this.printer = null;
    }

    @Override
    public CompletableFuture<MessageRef> post(ConversationRef where, Reply reply) {
        MessageRef ref = new MessageRef(where, String.valueOf(ids.incrementAndGet()));
        synchronized (this) {
            String text = text(reply);
            printedLines.put(ref.messageId(), new java.util.HashSet<>(text.lines().toList()));
            show("[alert] " + text);
        }
        return CompletableFuture.completedFuture(ref);
    }

    @Override
    public CompletableFuture<MessageRef> edit(MessageRef message, Reply reply) {
        synchronized (this) {
            List<String> lines = text(reply).lines().toList();
            java.util.Set<String> seen = printedLines.computeIfAbsent(message.messageId(),
                    k -> new java.util.HashSet<>());
            StringBuilder update = new StringBuilder("[update] ").append(lines.isEmpty() ? "" : lines.get(0));
            for (int i = 1; i < lines.size(); i++) {
                // the whole new state (repeated output such as a crash loop's "boom" included); the line of
                // commands only when it has not been shown for this alert yet
                if (!lines.get(i).startsWith("(type: ") || !seen.contains(lines.get(i))) {
                    update.append('\n').append(lines.get(i));
                }
            }
            seen.addAll(lines);
            show(update.toString());
        }
        return CompletableFuture.completedFuture(message);
    }

    // guarded by this
    private String text(Reply reply) {
        StringBuilder out = new StringBuilder(renderer.render(reply));
        List<String> commands = new ArrayList<>();
        for (Block b : reply.blocks()) {
            if (b instanceof Block.Actions a) {
                for (Action action : a.actions()) {
                    if (action.id().startsWith(Action.COMMAND_PREFIX)) {
                        commands.add(shortIds(action.id().substring(Action.COMMAND_PREFIX.length())));
                    }
                }
            }
        }
        if (!commands.isEmpty()) {
            out.append("\n(type: ").append(String.join(" | ", commands)).append(')');
        }
        return out.toString();
    }

    private static String shortIds(String command) {
        Matcher m = FULL_ID.matcher(command);
        return m.replaceAll("$1");
    }

    // guarded by this
    private void show(String text) {
        if (printer == null) {
            if (pending.size() >= MAX_PENDING) {
                pending.removeFirst();
                dropped++;
            }
            pending.addLast(text);
            return;
        }
        emit(text);
    }

    // guarded by this
    private void emit(String text) {
        Consumer<String> p = printer;
        if (p == null) {
            return;
        }
        try {
            p.accept(text);
        } catch (RuntimeException e) {
            log.warn("printing an alert failed", e);
        }
    }
}
