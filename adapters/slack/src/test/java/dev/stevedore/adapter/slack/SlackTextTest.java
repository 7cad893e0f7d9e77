package dev.stevedore.adapter.slack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SlackTextTest {

    @Test
    void escape_controlCharacters_escapedExactlyOnce_P21() {
        assertThat(SlackText.escape("<!channel> build failed")).isEqualTo("&lt;!channel&gt; build failed");
        assertThat(SlackText.escape("<@U12345>")).isEqualTo("&lt;@U12345&gt;");
        assertThat(SlackText.escape("<#C123|general>")).isEqualTo("&lt;#C123|general&gt;");
        assertThat(SlackText.escape("<https://x|y>")).isEqualTo("&lt;https://x|y&gt;");
        assertThat(SlackText.escape("a<b && c>d")).isEqualTo("a&lt;b &amp;&amp; c&gt;d");
        // plain text in, so an entity the container printed is shown as printed
        assertThat(SlackText.escape("&amp;")).isEqualTo("&amp;amp;");
    }

    @Test
    void escape_otherCharacters_untouched_P21() {
        assertThat(SlackText.escape("We've \"quoted\" *bold* _it_ ~x~ `c` émoji 🐳")).isEqualTo(
                "We've \"quoted\" *bold* _it_ ~x~ `c` émoji 🐳");
        String plain = "nothing special";
        assertThat(SlackText.escape(plain)).isSameAs(plain);
    }

    @Test
    void unescape_slashCommandText_givesWhatWasTyped() {
        assertThat(SlackText.unescape("run img sh -c \"echo a &gt; b &amp;&amp; cat &lt; b\""))
                .isEqualTo("run img sh -c \"echo a > b && cat < b\"");
        assertThat(SlackText.unescape("&amp;lt;")).isEqualTo("&lt;");
        assertThat(SlackText.unescape(SlackText.escape("a<b && c>d &amp;"))).isEqualTo("a<b && c>d &amp;");
    }

    @Test
    void escapeCode_backtickRuns_cannotCloseTheBlock_P24() {
        String s = SlackText.escapeCode("```\n@everyone\n``` js");
        assertThat(s).doesNotContain("``");
        assertThat(s.replace("\u200B", "")).isEqualTo("```\n@everyone\n``` js");
        assertThat(SlackText.escapeCode("ends with `")).endsWith("`\u200B");
        assertThat(SlackText.escapeCode("`starts")).startsWith("\u200B`");
        assertThat(SlackText.escapeCode("a<b")).isEqualTo("a&lt;b");
    }

    @Test
    void escapeInlineCode_backticks_becomeQuotes() {
        assertThat(SlackText.escapeInlineCode("rm `x` <y>")).isEqualTo("rm 'x' &lt;y&gt;");
    }

    @Test
    void cut_neverSplitsASurrogatePair() {
        String whales = "🐳".repeat(10); // 20 UTF-16 units
        String cut = SlackText.cut(whales, 6);
        assertThat(cut).hasSizeLessThanOrEqualTo(6).endsWith("…");
        assertThat(cut.codePoints().filter(cp -> cp >= 0xD800 && cp <= 0xDFFF).count()).isZero();
        assertThat(SlackText.cut("short", 10)).isEqualTo("short");
        assertThatThrownBy(() -> SlackText.cut("x", 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void prefixEscaped_budgetCountsTheEscapedForm_andKeepsEntitiesWhole() {
        assertThat(SlackText.prefixEscaped("<<<<", 9)).isEqualTo("<<");
        assertThat(SlackText.escape(SlackText.prefixEscaped("a&b", 5))).isEqualTo("a");
        assertThat(SlackText.prefixEscaped("x🐳y", 2)).isEqualTo("x");
        assertThat(SlackText.prefixEscaped("x🐳y", 3)).isEqualTo("x🐳");
    }
}
