package dev.stevedore.core.it;

import static dev.stevedore.core.it.EngineFixture.IMAGE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.stevedore.core.reply.Block;
import dev.stevedore.core.reply.Reply;
import dev.stevedore.core.stream.StreamEnd;
import dev.stevedore.core.stream.StreamLine;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The engine's output streams decoded right on a real engine: TTY vs multiplexed chosen from the container's
 * config (CASES P01), frames joined into lines (P02), UTF-8 split across frames (P03), and cancelled follows that
 * leave no thread or connection behind (P05).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StreamDecodingIT {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private EngineFixture env;

    @BeforeAll
    void open() {
        env = EngineFixture.open();
    }

    @AfterAll
    void close() {
        env.close();
    }

    private List<String> logLines(String command) {
        Reply r = env.send(command);
        // a long log comes as an excerpt plus the whole of it as a file (P28): read the file then
        for (Block b : r.blocks()) {
            if (b instanceof Block.File f) {
                return f.text().lines().toList();
            }
        }
        Block b = r.blocks().get(0);
        assertThat(b).as(r.plainText()).isInstanceOf(Block.Code.class);
        return ((Block.Code) b).body().lines().toList();
    }

    private String runAndWait(String flags, String script) {
        String name = env.name("dec");
        env.send("run -d " + flags + " --name " + name + " " + env.label() + " " + IMAGE + " sh -c '" + script + "'");
        await().atMost(WAIT).until(() -> EngineFixture.inspect(name, "{{.State.Status}}").equals("exited"));
        return name;
    }

    @Test
    void logs_ttyAndMultiplexed_bothReadCleanly_P01() {
        String plain = runAndWait("", "echo HELLO; echo ERR >&2");
        String tty = runAndWait("-t", "echo HELLO; echo ERR >&2");

        assertThat(logLines("logs " + plain)).containsExactlyInAnyOrder("HELLO", "ERR");
        assertThat(logLines("logs " + tty)).containsExactly("HELLO", "ERR");
    }

    @Test
    void logs_ttyOutputThatLooksLikeAFrameHeader_isShownRaw_noHugeAllocationOrHang_P01() {
        String tty = runAndWait("-t", "printf \"\\001\\000\\000\\000\\377\\377\\377\\377after\\n\"");

        long start = System.nanoTime();
        List<String> lines = logLines("logs " + tty);

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        assertThat(lines).hasSize(1);
        assertThat(lines.get(0)).endsWith("after");
    }

    @Test
    void logs_longLineAndManyShortOnes_splitOnlyOnNewlines_P02() {
        // 40,000 characters on one line (the engine splits it into 16 KiB entries), then 5,000 short lines
        String name = runAndWait("", "i=0; s=; while [ $i -lt 400 ]; do s=\"${s}0123456789\"; i=$((i+1)); done; "
                + "echo \"$s$s$s$s$s$s$s$s$s$s\"; seq 1 5000");
        List<String> lines = logLines("logs --tail all " + name);

        assertThat(lines).hasSize(5001);
        assertThat(lines.get(0)).hasSize(40_000).matches("(0123456789)+");
        assertThat(lines.get(5000)).isEqualTo("5000");

        List<String> stamped = logLines("logs -t " + name);
        assertThat(stamped.get(0)).matches("\\d{4}-\\d\\d-\\d\\dT\\S+ (0123456789)+").hasSizeGreaterThan(40_000)
                .hasSizeLessThan(40_100);
    }

    @Test
    void utf8SplitAcrossFrames_decodesWhole_P03() {
        // a character arriving one byte at a time, through the stored log
        String slow = runAndWait("", "printf \"\\360\"; sleep 0.3; printf \"\\237\\220\\263\\n\"");
        assertThat(logLines("logs " + slow)).containsExactly("🐳");

        // 16,383 bytes then multi-byte characters, live (the json-file log driver itself replaces a character the
        // engine splits at 16 KiB with U+FFFD when it stores it, so the live stream is where our decoding shows)
        for (String tty : List.of("", "-t")) {
            String name = env.name("dec-wide");
            EngineFixture.Started s = EngineFixture.start(env.send("run " + tty + " --name " + name + " "
                    + env.label() + " " + IMAGE + " sh -c 'i=0; s=; while [ $i -lt 16383 ]; do s=\"${s}a\"; "
                    + "i=$((i+1)); done; echo \"$s方🐳é\"'"));
            assertThat(s.awaitEnd(WAIT).reason()).isEqualTo(StreamEnd.Reason.CONTAINER_EXITED);
            assertThat(s.collected().texts()).hasSize(1);
            String line = s.collected().texts().get(0);
            assertThat(line).hasSize(16383 + "方🐳é".length()).endsWith("a方🐳é");
        }

        // and live, byte by byte
        String name = env.name("dec-live");
        Reply r = env.send("run --name " + name + " " + env.label() + " " + IMAGE
                + " sh -c 'printf \"\\360\"; sleep 0.3; printf \"\\237\\220\"; sleep 0.3; printf \"\\263\\n\"'");
        EngineFixture.Started s = EngineFixture.start(r);
        assertThat(s.awaitEnd(WAIT).reason()).isEqualTo(StreamEnd.Reason.CONTAINER_EXITED);
        assertThat(s.collected().lines).containsExactly(new StreamLine(StreamLine.Source.STDOUT, "🐳"));
    }

    @Test
    void logsFollow_cancelledTwentyTimesOnAQuietContainer_releasesThreads_psStillFast_P05() {
        String name = env.name("quiet");
        env.runDetached(name, "sleep 600");
        long before = streamThreads();

        for (int i = 0; i < 20; i++) {
            EngineFixture.Started s = EngineFixture.start(env.send("logs -f " + name));
            s.stream().stop();
            assertThat(s.awaitEnd(Duration.ofSeconds(5)).reason()).isEqualTo(StreamEnd.Reason.STOPPED);
        }

        await().atMost(Duration.ofSeconds(10)).until(() -> streamThreads() <= before);
        long start = System.nanoTime();
        assertThat(env.psRow(false, name)).isPresent();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
    }

    private static long streamThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("stevedore-stream-") && t.isAlive())
                .count();
    }
}
