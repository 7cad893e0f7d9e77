package dev.stevedore.adapter.shell;

import dev.stevedore.core.auth.Caller;
import dev.stevedore.core.bus.ActionInvocation;
import dev.stevedore.core.bus.CommandBus;
import dev.stevedore.core.bus.ConversationRef;
import dev.stevedore.core.bus.Invocation;
import dev.stevedore.core.reply.Action;
import dev.stevedore.core.reply.Reply;
import dev.stevedore.core.stream.LiveStream;
import dev.stevedore.core.stream.StreamEnd;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * The shell's read–dispatch–print loop, shared by the interactive (JLine) and the scripted (plain stdin) modes.
 *
 * <p>A confirmation is answered by the next input ({@code y} or {@code yes} confirms, anything else cancels). While
 * a live stream runs, Ctrl+C or {@code detach} ends it and the container keeps running; lines typed go to the
 * container's stdin when it takes input, otherwise they wait for the stream to end.
 */
final class ShellSession {
    private static final long EXIT_GRACE_MILLIS = 3_000;
    private final CommandBus bus;
    private final Caller caller;
    private final ConversationRef conversation = ConversationRef.shell();
    private final TerminalRenderer renderer;
    private final Consumer<String> out;
    private final boolean echoAnswers;

    ShellSession(CommandBus bus, Caller caller, TerminalRenderer renderer, Consumer<String> out, boolean echoAnswers) {
        this.bus = bus;
        this.caller = caller;
        this.renderer = renderer;
        this.out = out;
        this.echoAnswers = echoAnswers;
    }

    /**
     * Runs until end of input or {@code exit}.
     *
     * @param inputs the terminal's events
     * @return the process exit status: 0
     * @throws InterruptedException if the thread is interrupted
     */
    int run(InputQueue inputs, Runnable onInterruptAtPrompt) throws InterruptedException {
        while (true) {
            ShellInput in = inputs.take();
            if (in.kind() == ShellInput.Kind.EOF) {
                return 0;
            }
            if (in.kind() == ShellInput.Kind.INTERRUPT) {
                onInterruptAtPrompt.run();
                continue;
            }
            String line = in.text().strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (line.equals("exit") || line.equals("quit")) {
                return 0;
            }
            if (line.equals("detach")) {
                out.accept("nothing to detach from");
                continue;
            }
            Reply reply = bus.dispatch(Invocation.of(caller, conversation, line)).join();
            show(reply, inputs);
        }
    }

    private void show(Reply reply, InputQueue inputs) throws InterruptedException {
        String text = renderer.render(reply);
        if (!text.isEmpty()) {
            out.accept(text);
        }
        Optional<Action> confirm = reply.action(Action.Kind.CONFIRM);
        Optional<Action> cancel = reply.action(Action.Kind.CANCEL);
        if (confirm.isPresent() && cancel.isPresent()) {
            out.accept("Confirm? [y/N]");
            ShellInput answer = inputs.take();
            String a = answer.kind() == ShellInput.Kind.LINE ? answer.text().strip().toLowerCase(Locale.ROOT) : "";
            if (echoAnswers) {
                out.accept("> " + (answer.kind() == ShellInput.Kind.LINE ? answer.text().strip() : "(no answer)"));
            }
            boolean yes = a.equals("y") || a.equals("yes");
            Action chosen = yes ? confirm.get() : cancel.get();
            Reply outcome = bus.act(ActionInvocation.of(caller, conversation, chosen.id())).join();
            show(outcome, inputs);
            return;
        }
        if (reply.stream().isPresent()) {
            follow(reply.stream().get(), inputs);
        }
    }

    private void follow(LiveStream stream, InputQueue inputs) throws InterruptedException {
        try {
            stream.start(line -> out.accept(line.text()));
        } catch (RuntimeException e) {
            // the stream reports its own end; the loop below shows it
        }
        java.util.List<ShellInput> deferred = new java.util.ArrayList<>();
        while (!stream.ended().isDone()) {
            ShellInput in = inputs.poll(100);
            if (in == null) {
                continue;
            }
            if (in.kind() == ShellInput.Kind.INTERRUPT) {
                stream.stop();
            } else if (in.kind() == ShellInput.Kind.EOF) {
                if (stream.acceptsInput()) {
                    stream.stop();
                } else {
                    // a script ended while following: keep following until the container exits
                    waitForEnd(stream);
                }
                deferred.add(in);
                break;
            } else if (in.text().strip().equals("detach")) {
                stream.stop();
            } else if (stream.acceptsInput()) {
                try {
                    stream.send(in.text());
                } catch (IllegalStateException e) {
                    deferred.add(in);
                    break;
                }
                if (in.text().strip().equals("exit")) {
                    // the container's shell is ending: let it, before reading the next line
                    waitFor(stream, EXIT_GRACE_MILLIS);
                }
            } else {
                // typed while output streams: run it once the stream has ended
                deferred.add(in);
            }
        }
        deferred.forEach(inputs::pushBack);
        StreamEnd end = stream.ended().join();
        String title = stream.title();
        out.accept(end.describe(title.substring(title.lastIndexOf(' ') + 1)));
    }

    private static void waitForEnd(LiveStream stream) throws InterruptedException {
        try {
            stream.ended().get();
        } catch (java.util.concurrent.ExecutionException e) {
            // never completes exceptionally
        }
    }

    private static void waitFor(LiveStream stream, long millis) throws InterruptedException {
        try {
            stream.ended().get(millis, TimeUnit.MILLISECONDS);
        } catch (TimeoutException | java.util.concurrent.ExecutionException e) {
            // still running: go on
        }
    }
}
