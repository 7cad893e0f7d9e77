package dev.stevedore.core.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stevedore.core.error.UsageException;
import org.junit.jupiter.api.Test;

class ShellWordsTest {

    @Test
    void split_whitespace_separatesWords() {
        assertThat(ShellWords.split("  rm \t -f\nweb  ")).containsExactly("rm", "-f", "web");
    }

    @Test
    void split_blank_isEmpty() {
        assertThat(ShellWords.split("")).isEmpty();
        assertThat(ShellWords.split(" \t ")).isEmpty();
    }

    @Test
    void split_doubleQuotes_keepSpacesAndSemicolons() {
        assertThat(ShellWords.split("sh -c \"echo hi; sleep 5\"")).containsExactly("sh", "-c", "echo hi; sleep 5");
    }

    @Test
    void split_doubleQuotes_honourBackslashEscapesOfQuoteBackslashDollarBacktick() {
        assertThat(ShellWords.split("\"a \\\"b\\\" \\\\ \\$x \\`y\\` \\n\""))
                .containsExactly("a \"b\" \\ $x `y` \\n");
    }

    @Test
    void split_singleQuotes_areLiteral() {
        assertThat(ShellWords.split("'a \"b\" \\n $x'")).containsExactly("a \"b\" \\n $x");
    }

    @Test
    void split_adjacentQuotedParts_joinIntoOneWord() {
        assertThat(ShellWords.split("a\"b c\"'d e'f")).containsExactly("ab cd ef");
    }

    @Test
    void split_emptyQuotes_areAnEmptyWord() {
        assertThat(ShellWords.split("echo '' \"\"")).containsExactly("echo", "", "");
    }

    @Test
    void split_backslashOutsideQuotes_escapesTheNextCharacter() {
        assertThat(ShellWords.split("a\\ b c\\\"d")).containsExactly("a b", "c\"d");
    }

    @Test
    void split_trailingBackslash_isDropped() {
        assertThat(ShellWords.split("ab\\")).containsExactly("ab");
    }

    @Test
    void split_smartQuotes_countAsPlainQuotes() {
        assertThat(ShellWords.split("sh -c “echo hi; sleep 5”")).containsExactly("sh", "-c", "echo hi; sleep 5");
        assertThat(ShellWords.split("sh -c ‘echo \"x\"’")).containsExactly("sh", "-c", "echo \"x\"");
    }

    @Test
    void split_unclosedSingleQuote_isAUsageError() {
        assertThatThrownBy(() -> ShellWords.split("echo 'hi"))
                .isInstanceOf(UsageException.class)
                .hasMessage("unclosed single quote");
    }

    @Test
    void split_unclosedDoubleQuote_isAUsageError() {
        assertThatThrownBy(() -> ShellWords.split("echo \"hi"))
                .isInstanceOf(UsageException.class)
                .hasMessage("unclosed double quote");
        assertThatThrownBy(() -> ShellWords.split("echo \"hi\\\""))
                .as("an escaped quote does not close")
                .isInstanceOf(UsageException.class);
        assertThatThrownBy(() -> ShellWords.split("echo “hi"))
                .isInstanceOf(UsageException.class);
    }

    @Test
    void split_unicode_isKept() {
        assertThat(ShellWords.split("echo wéb🐳 \"日本 語\"")).containsExactly("echo", "wéb🐳", "日本 語");
    }
}
