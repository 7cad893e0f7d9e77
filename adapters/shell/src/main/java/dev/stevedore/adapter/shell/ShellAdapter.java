package dev.stevedore.adapter.shell;

import dev.stevedore.core.auth.Caller;
import dev.stevedore.core.bus.CommandBus;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local terminal adapter, the embedded default: the same docker-CLI commands as in chat, typed at a prompt.
 *
 * <p>Interactive mode ({@link #runInteractive}) uses JLine: line editing, history in {@code ~/.stevedore_history},
 * completion of command names, flags and container names; a confirmation is a {@code [y/N]} question; Ctrl+C ends
 * a live stream, Ctrl+D or {@code exit} quits. Scripted mode ({@link #runScripted}) reads one command per line from
 * any input, prints each reply, takes the next line as the answer to a confirmation, and returns at end of input,
 * so the shell can be driven by a script or a pipe. In both modes, exit alerts routed to {@code shell} are printed
 * as they come ({@link ShellMessageSink}).
 */
public final class ShellAdapter {
    private static final Logger log = LoggerFactory.getLogger(ShellAdapter.class);
    private static final String PROMPT = "stevedore> ";

    private final CommandBus bus;
    private final Caller caller;
    private final Supplier<List<String>> containerNames;
    private final ShellMessageSink alerts;

    /**
     * Creates the adapter.
     *
     * @param bus the command bus
     * @param caller the local user
     * @param containerNames current container names for completion; called on the completion thread, should be
     *     fast (cached)
     */
    public ShellAdapter(CommandBus bus, Caller caller, Supplier<List<String>> containerNames) {
        this(bus, caller, containerNames, new ShellMessageSink());
    }

    /**
     * Creates the adapter that also prints exit alerts: above the prompt when interactive, on the output when
     * scripted.
     *
     * @param bus the command bus
     * @param caller the local user
     * @param containerNames current container names for completion
     * @param alerts the sink registered for the shell platform; attached while the shell runs
     */
    public ShellAdapter(CommandBus bus, Caller caller, Supplier<List<String>> containerNames,
            ShellMessageSink alerts) {
        this.bus = bus;
        this.caller = caller;
        this.containerNames = containerNames;
        this.alerts = alerts;
    }

    /**
     * Runs the interactive prompt until Ctrl+D or {@code exit}.
     *
     * @param terminal the terminal; not closed here
     * @param history the history file, e.g. {@code ~/.stevedore_history}
     * @return the exit status, 0
     */
    public int runInteractive(Terminal terminal, Path history) {
        LineReader reader = LineReaderBuilder.builder()
                .terminal(terminal)
                .appName("stevedore")
                .completer(new ShellCompleter(bus.catalog(), containerNames))
                .variable(LineReader.HISTORY_FILE, history)
                .build();
        InputQueue inputs = new InputQueue(false);
        // Ctrl+C while no line is being read (e.g. between two reads) must not kill the JVM
        terminal.handle(org.jline.terminal.Terminal.Signal.INT, signal -> inputs.offer(ShellInput.INTERRUPT));
        Thread readerThread = new Thread(() -> {
            int eofsInARow = 0;
            while (true) {
                try {
                    inputs.offer(ShellInput.line(reader.readLine(PROMPT)));
                    eofsInARow = 0;
                } catch (UserInterruptException e) {
                    inputs.offer(ShellInput.INTERRUPT);
                } catch (EndOfFileException e) {
                    // Ctrl+D: one event; the session decides (quit at the prompt, end a stream otherwise). A closed
                    // terminal answers every read with EOF at once: stop reading then.
                    inputs.offer(ShellInput.EOF);
                    if (++eofsInARow > 20) {
                        return;
                    }
                    try {
                        Thread.sleep(20);
                    } catch (InterruptedException ie) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                } catch (RuntimeException e) {
                    log.warn("terminal read failed", e);
                    inputs.offer(ShellInput.EOF);
                    return;
                }
            }
        }, "stevedore-terminal");
        readerThread.setDaemon(true);
        TerminalRenderer renderer = new TerminalRenderer(true);
        reader.printAbove("Stevedore — Docker commands as in a terminal, as " + caller.displayName()
                + ". Type help, or exit to quit.");
        readerThread.start();
        ShellSession session = new ShellSession(bus, caller, renderer, reader::printAbove, false);
        // lines typed into a container (they may be passwords) stay out of the history file
        session.onStreamingInput(on -> reader.setVariable(LineReader.DISABLE_HISTORY, on));
        alerts.attach(reader::printAbove, true);
        try {
            return session.run(inputs, () -> reader.printAbove("(type exit or press Ctrl+D to quit)"));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 130;
        } finally {
            alerts.detach();
            try {
                reader.getHistory().save();
            } catch (IOException e) {
                log.debug("saving history failed", e);
            }
        }
    }

    /**
     * Runs one command per input line until end of input.
     *
     * @param in the commands, UTF-8, one per line; blank lines and lines starting with {@code #} are skipped
     * @param out where replies go
     * @return the exit status, 0
     */
    public int runScripted(InputStream in, PrintStream out) {
        InputQueue inputs = new InputQueue(true);
        Thread readerThread = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    inputs.offer(ShellInput.line(line));
                }
            } catch (IOException e) {
                log.warn("reading standard input failed", e);
            } finally {
                inputs.offer(ShellInput.EOF);
            }
        }, "stevedore-stdin");
        readerThread.setDaemon(true);
        readerThread.start();
        Consumer<String> print = text -> {
            synchronized (out) {
                out.println(text);
                out.flush();
            }
        };
        ShellSession session = new ShellSession(bus, caller, new TerminalRenderer(false), print, true);
        alerts.attach(print, false);
        try {
            return session.run(inputs, () -> { });
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 130;
        } finally {
            alerts.detach();
        }
    }
}
