package dev.stevedore.core.internal.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Bidirectional overrides in container output would visually reorder a line in chat: they are removed. */
class TerminalTextBidiTest {
    @Test
    void clean_bidiOverridesAndIsolates_areRemoved_otherTextKept() {
        assertThat(TerminalText.clean("ok \u202Egnp.exe\u202C done \u2066x\u2069")).isEqualTo("ok gnp.exe done x");
        assertThat(TerminalText.clean("שלום world")).isEqualTo("שלום world");
    }
}
