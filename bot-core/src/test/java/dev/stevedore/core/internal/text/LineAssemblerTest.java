package dev.stevedore.core.internal.text;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stevedore.core.stream.StreamLine;
import dev.stevedore.core.stream.StreamLine.Source;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class LineAssemblerTest {
    private final List<StreamLine> lines = new ArrayList<>();
    private final LineAssembler out = new LineAssembler(Source.STDOUT, lines::add);
    private final LineAssembler err = new LineAssembler(Source.STDERR, lines::add);

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private List<String> texts() {
        return lines.stream().map(StreamLine::text).toList();
    }

    @Test
    void accept_completeLines_areEmittedInOrder() {
        out.accept(utf8("one\ntwo\n"));

        assertThat(lines).containsExactly(new StreamLine(Source.STDOUT, "one"), new StreamLine(Source.STDOUT, "two"));
    }

    @Test
    void accept_partialLine_waitsForItsNewline() {
        out.accept(utf8("hel"));
        assertThat(lines).isEmpty();

        out.accept(utf8("lo\nwor"));
        assertThat(texts()).containsExactly("hello");
    }

    @Test
    void accept_twoByteCharacterSplitAcrossChunks_decodesWhole() {
        byte[] e = utf8("é\n"); // C3 A9 0A

        out.accept(new byte[] {e[0]});
        out.accept(new byte[] {e[1], e[2]});

        assertThat(texts()).containsExactly("é");
    }

    @Test
    void accept_fourByteEmojiSplitOverThreeChunks_decodesWhole() {
        byte[] b = utf8("a🐳b\n");

        out.accept(Arrays.copyOfRange(b, 0, 2));
        out.accept(Arrays.copyOfRange(b, 2, 4));
        out.accept(Arrays.copyOfRange(b, 4, b.length));

        assertThat(texts()).containsExactly("a🐳b");
        assertThat(texts().get(0)).doesNotContain("\uFFFD");
    }

    @Test
    void accept_everyByteInItsOwnChunk_decodesTheSame() {
        byte[] b = utf8("日本語 wéb🐳\nok\n");
        for (byte x : b) {
            out.accept(new byte[] {x});
        }

        assertThat(texts()).containsExactly("日本語 wéb🐳", "ok");
    }

    @Test
    void accept_stdoutAndStderrInterleaved_stayOnTheirOwnLines() {
        out.accept(utf8("hel"));
        err.accept(utf8("warn"));
        out.accept(utf8("lo\n"));
        err.accept(utf8("ing\n"));

        assertThat(lines).containsExactly(
                new StreamLine(Source.STDOUT, "hello"),
                new StreamLine(Source.STDERR, "warning"));
    }

    @Test
    void accept_crlfAndEscapes_areCleaned() {
        out.accept(utf8("\u001B[32mok\u001B[0m\r\n10%\r100%\n"));

        assertThat(texts()).containsExactly("ok", "100%");
    }

    @Test
    void accept_emptyLines_areKept() {
        out.accept(utf8("\n\na\n"));

        assertThat(texts()).containsExactly("", "", "a");
    }

    @Test
    void accept_veryLongLine_isCutIntoPiecesOfMaxLineBytes() {
        int max = LineAssembler.MAX_LINE_BYTES;
        out.accept(utf8("x".repeat(max * 2 + 10) + "\n"));

        assertThat(texts()).hasSize(3);
        assertThat(texts().get(0)).hasSize(max);
        assertThat(texts().get(1)).hasSize(max);
        assertThat(texts().get(2)).hasSize(10);
    }

    @Test
    void accept_veryLongLineWithoutNewline_isEmittedBeforeTheEnd_soMemoryStaysBounded() {
        int max = LineAssembler.MAX_LINE_BYTES;
        for (int i = 0; i < 10; i++) {
            out.accept(utf8("y".repeat(max / 2)));
        }

        assertThat(texts()).hasSize(5).allSatisfy(t -> assertThat(t).hasSize(max));
    }

    @Test
    void accept_veryLongLineOfMultiByteCharacters_isNeverCutInsideACharacter() {
        int max = LineAssembler.MAX_LINE_BYTES;
        String euros = "€".repeat(max / 3 + 5); // 3 bytes each; max is not a multiple of 3
        out.accept(utf8(euros + "\n"));

        assertThat(String.join("", texts())).isEqualTo(euros);
        assertThat(texts()).allSatisfy(t -> assertThat(t).doesNotContain("\uFFFD"));
    }

    @Test
    void flush_emitsTheUnfinishedLastLine_once() {
        out.accept(utf8("no newline at the end"));

        out.flush();
        out.flush();

        assertThat(texts()).containsExactly("no newline at the end");
    }

    @Test
    void flush_withNothingBuffered_emitsNothing() {
        out.accept(utf8("done\n"));

        out.flush();

        assertThat(texts()).containsExactly("done");
    }
}
