package dev.stevedore.core.internal.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TerminalTextTest {
    private static final String ESC = "\u001B";

    @Test
    void clean_plainText_isUnchanged() {
        String plain = "hello\tworld — wéb🐳 <b>&amp;";

        assertThat(TerminalText.clean(plain)).isEqualTo(plain);
    }

    @Test
    void clean_csiColours_areRemoved() {
        assertThat(TerminalText.clean(
                ESC + "[31mred" + ESC + "[0m and " + ESC + "[1;38;5;208mbold orange" + ESC + "[m"))
                .isEqualTo("red and bold orange");
        assertThat(TerminalText.clean(ESC + "[38;2;255;0;0mtruecolor" + ESC + "[39m")).isEqualTo("truecolor");
    }

    @Test
    void clean_csiCursorAndEraseSequences_areRemoved() {
        assertThat(TerminalText.clean(ESC + "[2K" + ESC + "[1G" + ESC + "[?25lworking" + ESC + "[?25h"))
                .isEqualTo("working");
    }

    @Test
    void clean_osc8Hyperlink_keepsOnlyTheText() {
        String link = ESC + "]8;;https://example.com/build/42" + ESC + "\\build 42" + ESC + "]8;;" + ESC + "\\";

        assertThat(TerminalText.clean("see " + link + " for details")).isEqualTo("see build 42 for details");
    }

    @Test
    void clean_oscWindowTitleEndedByBel_isRemoved() {
        assertThat(TerminalText.clean(ESC + "]0;user@host: ~" + "\u0007$ ls")).isEqualTo("$ ls");
    }

    @Test
    void clean_charsetDesignation_isRemoved() {
        // tput sgr0 on many terminals: ESC ( B ESC [ m
        assertThat(TerminalText.clean("done" + ESC + "(B" + ESC + "[m")).isEqualTo("done");
    }

    @Test
    void clean_saveRestoreCursorAndReset_areRemoved() {
        assertThat(TerminalText.clean(ESC + "7" + "50%" + ESC + "8" + ESC + "c" + "ok")).isEqualTo("50%ok");
    }

    @Test
    void clean_otherControlCharacters_areRemovedButTabsKept() {
        assertThat(TerminalText.clean("a\u0007b\bc\u0000d\te\u007F")).isEqualTo("abcd\te");
    }

    @Test
    void clean_carriageReturnProgressBar_keepsTheLastState() {
        assertThat(TerminalText.clean("[=>   ] 10%\r[===> ] 60%\r[=====] 100%")).isEqualTo("[=====] 100%");
    }

    @Test
    void clean_carriageReturnWithColours_keepsTheLastStateWithoutEscapes() {
        assertThat(TerminalText.clean(ESC + "[32m10%" + ESC + "[0m\r" + ESC + "[32m100%" + ESC + "[0m"))
                .isEqualTo("100%");
    }

    @Test
    void clean_trailingCarriageReturn_asInCrlf_isIgnored() {
        assertThat(TerminalText.clean("line\r")).isEqualTo("line");
        assertThat(TerminalText.clean("line\r\r")).isEqualTo("line");
        assertThat(TerminalText.clean("50%\r100%\r")).isEqualTo("100%");
        assertThat(TerminalText.clean("\r")).isEmpty();
    }

    @Test
    void clean_empty_isEmpty() {
        assertThat(TerminalText.clean("")).isEmpty();
    }
}
