package dev.stevedore.core.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.stevedore.core.reply.Block;
import dev.stevedore.core.reply.Reply;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * {@code logs} snapshots on the real engine: the last lines in the reply, the full log as a file with an exact
 * omitted count (CASES P28), ANSI cleaned before {@code --grep} (P29), {@code --since} sent to the engine.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LogsSnapshotIT {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private EngineFixture env;

    @BeforeAll
    void open() {
        env = EngineFixture.open();
    }

    @AfterAll
    void close() {
        if (env != null) {
            env.close();
        }
    }

    @Test
    void logsTailAll_10000ColouredLines_lastLinesAndExactOmittedCount_fullLogAsFile_P28_P29() {
        String name = env.name("p28");
        env.runDetached(name, "sh -c 'i=1; while [ $i -le 10000 ]; do printf \"\\033[1;31mline %d\\033[0m\\n\" $i;"
                + " i=$((i+1)); done; exit 137'");
        await().atMost(WAIT).until(() -> env.status(name).orElse("").startsWith("Exited (137)"));

        Reply r = env.send("logs --tail all " + name);

        List<Block> blocks = r.blocks();
        assertThat(blocks).hasSize(3);
        String excerpt = ((Block.Code) blocks.get(1)).body();
        long shown = excerpt.lines().count();
        assertThat(excerpt).endsWith("line 10000").doesNotContain("\u001b");
        assertThat(((Block.Text) blocks.get(0)).text()).isEqualTo(String.format(java.util.Locale.ROOT,
                "… %,d earlier lines omitted; showing the last %,d of 10,000", 10_000 - shown, shown));
        Block.File file = (Block.File) blocks.get(2);
        assertThat(file.caption()).isEqualTo("full log: 10,000 lines");
        List<String> all = file.text().lines().toList();
        assertThat(all).hasSize(10_000).startsWith("line 1").endsWith("line 10000");
        assertThat(file.text()).doesNotContain("\u001b");
    }

    @Test
    void logsGrep_matchesCleanedText_P29() {
        String name = env.name("grep");
        env.runDetached(name, "sh -c 'printf \"\\033[31mERROR\\033[0m one\\nINFO two\\nERROR three\\n\"'");
        await().atMost(WAIT).until(() -> env.status(name).orElse("").startsWith("Exited (0)"));

        Reply r = env.send("logs --grep ^ERROR " + name);

        assertThat(r.blocks()).containsExactly(new Block.Code("ERROR one\nERROR three", ""));
    }

    @Test
    void logsSince_onlyRecentLines() {
        String name = env.name("since");
        env.runDetached(name, "sh -c 'echo old; sleep 5; echo new; sleep 60'");
        await().atMost(WAIT).until(() -> env.send("logs " + name).plainText().contains("new"));

        Reply recent = env.send("logs --since 3s " + name);
        Reply all = env.send("logs --since 1h " + name);

        assertThat(recent.blocks()).containsExactly(new Block.Code("new", ""));
        assertThat(all.blocks()).containsExactly(new Block.Code("old\nnew", ""));
    }
}
