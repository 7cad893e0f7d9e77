package dev.stevedore.adapter.discord;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DiscordTextTest {
    @Test
    void escapeMarkdown_inlineSyntax_everywhere() {
        assertThat(DiscordText.escapeMarkdown("a*b_c~d|e`f[g](h)<i@j\\k"))
                .isEqualTo("a\\*b\\_c\\~d\\|e\\`f\\[g\\]\\(h\\)\\<i\\@j\\\\k");
    }

    @Test
    void escapeMarkdown_lineStartMarkers_onlyAtLineStart() {
        assertThat(DiscordText.escapeMarkdown("# h\n- item\n> quote\n1. one\nweb-1 is up #2"))
                .isEqualTo("\\# h\n\\- item\n\\> quote\n1\\. one\nweb-1 is up #2");
        assertThat(DiscordText.escapeMarkdown("  -# small")).isEqualTo("  \\-# small");
    }

    @Test
    void breakBackticks_everyBacktickFollowedByZeroWidthSpace() {
        assertThat(DiscordText.breakBackticks("a```b")).isEqualTo("a`\u200B`\u200B`\u200Bb");
        assertThat(DiscordText.breakBackticks("none")).isEqualTo("none");
    }

    @Test
    void fence_languageTag_onlyWhenSafe() {
        assertThat(DiscordText.fence("x", "json")).isEqualTo("```json\nx\n```");
        assertThat(DiscordText.fence("x", "js\n@everyone")).isEqualTo("```\nx\n```");
        assertThat(DiscordText.fence("", "")).isEqualTo("```\n \n```");
        assertThat(DiscordText.fencedLength(1, "json")).isEqualTo(DiscordText.fence("x", "json").length());
        assertThat(DiscordText.fencedLength(0, "")).isEqualTo(DiscordText.fence("", "").length());
    }

    @Test
    void cut_marksTheCut() {
        assertThat(DiscordText.cut("abcdef", 4)).isEqualTo("abc…");
        assertThat(DiscordText.cut("abc", 4)).isEqualTo("abc");
        assertThat(DiscordText.cutFront("abcdef", 4)).isEqualTo("…def");
    }
}
