package dev.stevedore.core.internal.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Sizes and ages as the docker CLI prints them (go-units HumanSizeWithPrecision(…, 3) and HumanDuration). */
class HumanizeTest {
    private static final Instant NOW = Instant.parse("2025-01-01T12:00:00Z");

    @ParameterizedTest(name = "{0} bytes = {1}")
    @CsvSource({
        "0, 0B",
        "1, 1B",
        "999, 999B",
        "1000, 1kB",
        "1500, 1.5kB",
        "4261000, 4.26MB",
        "4264999, 4.26MB",
        "4265000, 4.26MB",
        "12345678, 12.3MB",
        "123456789, 123MB",
        "1000000000, 1GB",
        "72800000000, 72.8GB",
        "1000000000000, 1TB"
    })
    void bytes_likeTheCli(long bytes, String expected) {
        assertThat(Humanize.bytes(bytes)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} bytes = {1}")
    @CsvSource({
        "999999, 1MB",
        "999500, 1MB",
        "999499, 999kB",
        "999999999, 1GB"
    })
    void bytes_valueThatRoundsUpToAThousand_movesToTheNextUnitInsteadOfScientificNotation(long bytes, String expected) {
        assertThat(Humanize.bytes(bytes)).isEqualTo(expected);
    }

    @Test
    void bytes_largestLong_isInExabytes() {
        assertThat(Humanize.bytes(Long.MAX_VALUE)).isEqualTo("9.22EB");
    }

    @ParameterizedTest(name = "{0} s ago = {1}")
    @CsvSource({
        "0, Less than a second ago",
        "1, 1 second ago",
        "59, 59 seconds ago",
        "60, About a minute ago",
        "119, About a minute ago",
        "180, 3 minutes ago",
        "3599, 59 minutes ago",
        "3600, About an hour ago",
        "5399, About an hour ago",
        "5400, 2 hours ago",
        "169200, 47 hours ago",
        "172799, 2 days ago",
        "172800, 2 days ago",
        "1209600, 2 weeks ago",
        "5184000, 2 months ago",
        "63072000, 2 years ago"
    })
    void ago_likeTheCli(long secondsAgo, String expected) {
        assertThat(Humanize.ago(NOW.minusSeconds(secondsAgo), NOW)).isEqualTo(expected);
    }

    @Test
    void ago_inTheFuture_isLessThanASecond() {
        // clocks of the bot and the engine may differ slightly
        assertThat(Humanize.ago(NOW.plusSeconds(5), NOW)).isEqualTo("Less than a second ago");
    }

    @Test
    void duration_subSecond_isLessThanASecond() {
        assertThat(Humanize.duration(Duration.ofMillis(999))).isEqualTo("Less than a second");
    }
}
