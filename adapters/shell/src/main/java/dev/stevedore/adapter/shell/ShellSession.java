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
    private final boolean interactive;
    private volatile java.util.function.BooleanSupplier inputStreamActive = () -> false;
    private volatile Consumer<Boolean> streamingInput = on -> { };

    ShellSession(CommandBus bus, Caller caller, TerminalRenderer renderer, Consumer<String> out, boolean echoAnswers) {
        this.bus = bus;
        this.caller = caller;
        this.renderer = renderer;
        this.out = out;
        this.echoAnswers = echoAnswers;
        this.interactive = !echoAnswers;
    }

    /**
     * Tells the terminal when typed lines go to a container rather than to the bot, e.g. to keep them out of the
     * history file (they may be passwords).
     *
     * @param listener called with true when a session starts forwarding input, false when it ends
     */
    void onStreamingInput(Consumer<Boolean> listener) {
        this.streamingInput = listener;
    }

    /**
     * Waits for a reply while the terminal stays responsive: Ctrl+C stops waiting (the command goes on in the
     * background and is audited), {@code exit} or Ctrl+D quits.
     *
     * @return the reply, or empty when the user gave up waiting
     */
    private Optional<Reply> await(java.util.concurrent.CompletableFuture<Reply> pending, InputQueue inputs,
            boolean[] quit) throws InterruptedException {
        java.util.List<ShellInput> typedMeanwhile = new java.util.ArrayList<>();
        try {
            while (true) {
                try {
                    return Optional.of(pending.get(100, TimeUnit.MILLISECONDS));
                } catch (TimeoutException e) {
                    if (!interactive) {
                        continue;
                    }
                    ShellInput in = inputs.poll(0);
                    if (in == null) {
                        continue;
                    }
                    if (in.kind() == ShellInput.Kind.INTERRUPT) {
                        out.accept("(stopped waiting; the command goes on in the background — check with ps)");
                        return Optional.empty();
                    }
                    if (in.kind() == ShellInput.Kind.EOF
                            || in.text().strip().equals("exit") || in.text().strip().equals("quit")) {
                        quit[0] = true;
                        return Optional.empty();
                    }
                    typedMeanwhile.add(in);
                } catch (java.util.concurrent.ExecutionException e) {
                    return Optional.of(Reply.error("the command failed unexpectedly"));
                }
            }
        } finally {
            typedMeanwhile.forEach(inputs::pushBack);
        }
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
            boolean[] quit = {false};
            Optional<Reply> reply = await(bus.dispatch(Invocation.of(caller, conversation, line)), inputs, quit);
            if (quit[0]) {
                return 0;
            }
            if (reply.isPresent()) {
                show(reply.get(), inputs);
            }
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
            boolean answered = yes || a.isEmpty() || a.equals("n") || a.equals("no");
            if (interactive && !answered && answer.kind() == ShellInput.Kind.LINE) {
                // a command typed instead of an answer: cancel, then run it rather than lose it
                out.accept("(not confirmed: answer y or n)");
                inputs.pushBack(answer);
            }
            Action chosen = yes ? confirm.get() : cancel.get();
            boolean[] quit = {false};
            Optional<Reply> outcome = await(bus.act(ActionInvocation.of(caller, conversation, chosen.id())), inputs,
                    quit);
            if (outcome.isPresent()) {
                show(outcome.get(), inputs);
            }
            if (quit[0]) {
                inputs.pushBack(ShellInput.EOF);
            }
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
        if (stream.acceptsInput()) {
            streamingInput.accept(true);
        }
        try {
            pump(stream, inputs);
        } finally {
            if (stream.acceptsInput()) {
                streamingInput.accept(false);
            }
        }
        StreamEnd end = stream.ended().join();
        String title = stream.title();
        out.accept(end.describe(title.substring(title.lastIndexOf(' ') + 1)));
    }

    private void pump(LiveStream stream, InputQueue inputs) throws InterruptedException {
        java.util.List<ShellInput> deferred = new java.util.ArrayList<>();
        while (!stream.ended().isDone()) {
            ShellInput in = inputs.poll(100);
            if (in == null) {
                continue;
            }
            if (in.kind() == ShellInput.Kind.INTERRUPT) {
                stream.stop();
            } else if (in.kind() == ShellInput.Kind.EOF) {
                if (interactive) {
                    // Ctrl+D in a terminal ends the stream (detaches); the prompt comes back
                    stream.stop();
                    continue;
                }
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
                if (interactive) {
                    out.accept("(runs when this stream ends — Ctrl+C ends it now): " + in.text().strip());
                }
                deferred.add(in);
            }
        }
        deferred.forEach(inputs::pushBack);
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
