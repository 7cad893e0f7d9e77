package dev.stevedore.adapter.shell;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stevedore.core.bus.ConversationRef;
import dev.stevedore.core.port.MessageRef;
import dev.stevedore.core.reply.Action;
import dev.stevedore.core.reply.Block;
import dev.stevedore.core.reply.Reply;
import dev.stevedore.core.reply.Severity;
import dev.stevedore.core.testing.LogCapture;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class ShellMessageSinkTest {
    private static final String ID = "3f9a1c2b4d5e" + "0".repeat(52);
    private final ShellMessageSink sink = new ShellMessageSink();
    private final List<String> printed = new CopyOnWriteArrayList<>();

    private static Reply alert(String headline) {
        return Reply.of(dev.stevedore.core.reply.Visibility.PUBLIC,
                new Block.Notice(Severity.ERROR, headline),
                new Block.Text("exit code 3 · image busybox"),
                new Block.Actions(List.of(Action.command("Restart", "restart " + ID),
                        Action.command("Remove", "rm " + ID))));
    }

    @Test
    void post_attached_printsTheAlert_withTheCommandsToTypeInsteadOfButtons() {
        sink.attach(printed::add, false);

        MessageRef ref = sink.post(ConversationRef.shell(), alert("web exited with error 3")).join();

        assertThat(ref.conversation()).isEqualTo(ConversationRef.shell());
        assertThat(printed).containsExactly("[alert] Error: web exited with error 3\nexit code 3 · image busybox\n"
                + "(type: restart 3f9a1c2b4d5e | rm 3f9a1c2b4d5e)");
    }

    @Test
    void edit_printsTheNewState_markedAsUpdate_withoutRepeatingTheCommands() {
        sink.attach(printed::add, false);
        MessageRef ref = sink.post(ConversationRef.shell(), alert("flappy exited with error 1")).join();

        sink.edit(ref, alert("flappy is crash-looping: 5 exits in 10 min")).join();

        assertThat(printed.get(1)).isEqualTo("[update] Error: flappy is crash-looping: 5 exits in 10 min\n"
                + "exit code 3 · image busybox");
    }

    @Test
    void edit_sameHeadlineWithTheLastLines_printsThemAll_evenRepeatedOutput() {
        sink.attach(printed::add, false);
        MessageRef ref = sink.post(ConversationRef.shell(), alert("web exited with error 3")).join();
        Reply complete = Reply.of(dev.stevedore.core.reply.Visibility.PUBLIC,
                new Block.Notice(Severity.ERROR, "web exited with error 3"),
                new Block.Text("exit code 3 · image busybox"),
                new Block.Text("Last line:"),
                new Block.Code("fatal: config missing", ""));

        sink.edit(ref, complete).join();

        assertThat(printed.get(1)).isEqualTo("[update] Error: web exited with error 3\nexit code 3 · image busybox\n"
                + "Last line:\nfatal: config missing");
        // a crash loop printing the same line again still shows it
        sink.edit(ref, complete).join();
        assertThat(printed.get(2)).endsWith("Last line:\nfatal: config missing");
    }

    @Test
    void post_beforeTheShellAttaches_isKeptAndPrintedOnAttach_oldestDroppedBeyondTheLimit() {
        for (int i = 0; i < ShellMessageSink.MAX_PENDING + 2; i++) {
            sink.post(ConversationRef.shell(), Reply.info("alert " + i));
        }

        sink.attach(printed::add, false);

        assertThat(printed).hasSize(ShellMessageSink.MAX_PENDING + 1);
        assertThat(printed.get(0)).isEqualTo("(2 earlier alerts dropped)");
        assertThat(printed.get(1)).isEqualTo("[alert] alert 2");
        sink.detach();
        sink.post(ConversationRef.shell(), Reply.info("later"));
        assertThat(printed).hasSize(ShellMessageSink.MAX_PENDING + 1);
    }

    @Test
    void post_printerThrows_isSwallowed() {
        sink.attach(text -> {
            throw new IllegalStateException("terminal gone (test)");
        }, false);

        try (LogCapture log = LogCapture.of(ShellMessageSink.class)) {
            assertThat(sink.post(ConversationRef.shell(), Reply.info("x")).join().messageId()).isEqualTo("1");
            assertThat(log.events()).singleElement()
                    .satisfies(e -> assertThat(e.getFormattedMessage()).isEqualTo("printing an alert failed"));
        }
    }
}
