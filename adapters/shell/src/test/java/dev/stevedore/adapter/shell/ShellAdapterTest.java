package dev.stevedore.adapter.shell;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stevedore.config.AccessConfig;
import dev.stevedore.core.auth.Caller;
import dev.stevedore.core.auth.RoleBasedAccessPolicy;
import dev.stevedore.core.bus.CommandBus;
import dev.stevedore.core.bus.CommandBusBuilder;
import dev.stevedore.core.testing.FakeContainerGateway;
import dev.stevedore.core.testing.QuietLogs;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The shell adapter through the real command bus over the in-memory engine fake. */
class ShellAdapterTest {
    private FakeContainerGateway engine;
    private CommandBus bus;
    private ShellAdapter shell;

    @BeforeAll
    static void quiet() {
        QuietLogs.install();
    }

    @BeforeEach
    void setUp() {
        engine = new FakeContainerGateway();
        bus = new CommandBusBuilder().engine(engine)
                .accessPolicy(new RoleBasedAccessPolicy(AccessConfig.empty())).build();
        shell = new ShellAdapter(bus, Caller.shell("alice"), List::of);
    }

    @AfterEach
    void tearDown() {
        bus.close();
    }

    private String script(String... lines) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int status = shell.runScripted(new ByteArrayInputStream((String.join("\n", lines) + "\n")
                .getBytes(StandardCharsets.UTF_8)), new PrintStream(out, true, StandardCharsets.UTF_8));
        assertThat(status).isZero();
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void scripted_confirmationAnsweredY_removes_answeredN_keeps() {
        engine.addExited("web", 0);
        engine.addExited("db", 0);

        String out = script("rm web", "y", "rm db", "n");

        assertThat(out).contains("Remove container web?", "Confirm? [y/N]", "> y", "web removed by alice")
                .contains("Remove container db?", "> n", "cancelled by alice");
        assertThat(engine.exists("web")).isFalse();
        assertThat(engine.exists("db")).isTrue();
    }

    @Test
    void scripted_anythingButYes_cancels_andIsConsumedAsTheAnswer() {
        engine.addExited("web", 0);

        String out = script("rm web", "ps");

        assertThat(out).contains("> ps", "cancelled by alice");
        assertThat(out).doesNotContain("CONTAINER ID"); // the answer was not run as a command
        assertThat(engine.exists("web")).isTrue();
    }

    @Test
    void scripted_runningContainer_rmRefused_containerStays() {
        engine.addRunning("web");

        String out = script("rm web");

        assertThat(out).contains("Error: web is running — stop it first or use rm -f").doesNotContain("Confirm?");
        assertThat(engine.exists("web")).isTrue();
    }

    @Test
    void scripted_badInput_oneClearLineEach_noStackTrace() {
        String out = script("frobnicate", "ps --bogus", "logs ghost", "", "# a comment", "exit", "ps");

        assertThat(out).contains("Error: unknown command: frobnicate", "Error: unknown flag: --bogus",
                "Usage: ps [-a]", "Error: no such container: ghost");
        assertThat(out).doesNotContain("Exception").doesNotContain("\tat ");
        // exit ended the session: the last ps never ran
        assertThat(out).doesNotContain("CONTAINER ID");
    }

    @Test
    void scripted_followUntilExit_linesTypedMeanwhileRunAfterTheStream() throws Exception {
        engine.addRunning("web");
        engine.print("web", "one", "two");
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> script("logs -f web", "ps -a"));

        // the follow shows what was printed, then waits for the exit
        Thread.sleep(300);
        engine.setExited("web", 3);

        String text = out.get(10, TimeUnit.SECONDS);
        assertThat(text).contains("following logs of web", "one", "two", "web exited with code 3");
        assertThat(text.indexOf("web exited with code 3")).isLessThan(text.indexOf("CONTAINER ID"));
    }

    @Test
    void interactive_commandTypedAsAnAnswer_cancels_thenRunsTheCommand() throws Exception {
        engine.addExited("web", 0);
        List<String> printed = new CopyOnWriteArrayList<>();
        ShellSession session = new ShellSession(bus, Caller.shell("alice"), new TerminalRenderer(false),
                printed::add, false);
        InputQueue inputs = new InputQueue(false);
        inputs.offer(ShellInput.line("rm web"));
        inputs.offer(ShellInput.line("ps -a"));
        inputs.offer(ShellInput.EOF);

        assertThat(session.run(inputs, () -> { })).isZero();

        String all = String.join("\n", printed);
        assertThat(all).contains("(not confirmed: answer y or n)", "cancelled by alice", "CONTAINER ID");
        assertThat(engine.exists("web")).isTrue();
    }

    @Test
    void interactive_ctrlCWhileTheEngineIsStalled_stopsWaiting_promptComesBack() throws Exception {
        List<String> printed = new CopyOnWriteArrayList<>();
        ShellSession session = new ShellSession(bus, Caller.shell("alice"), new TerminalRenderer(false),
                printed::add, false);
        InputQueue inputs = new InputQueue(false);
        engine.blockCalls();
        try {
            inputs.offer(ShellInput.line("ps"));
            CompletableFuture<Integer> run = CompletableFuture.supplyAsync(() -> {
                try {
                    return session.run(inputs, () -> { });
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            assertThat(engine.awaitHeldCall(Duration.ofSeconds(5))).isTrue();
            inputs.offer(ShellInput.INTERRUPT);
            inputs.offer(ShellInput.line("exit"));

            assertThat(run.get(5, TimeUnit.SECONDS)).isZero();
            assertThat(String.join("\n", printed)).contains("stopped waiting");
        } finally {
            engine.releaseCalls();
        }
    }

    @Test
    void terminalRenderer_tablesAlignLikeTheCli() {
        String t = TerminalRenderer.table(List.of("A", "LONG HEADER", "C"), List.of(
                List.of("x", "y", "z"), List.of("wider", "", "last")));

        assertThat(t).isEqualTo("A       LONG HEADER   C\n"
                + "x       y             z\n"
                + "wider                 last");
    }
}
