package dev.stevedore.adapter.slack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.slack.api.app_backend.SlackSignature;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class SlackRequestVerifierTest {
    private static final String SECRET = "8f742231b10e8888abcd99yyyzzz85a5";
    private static final long NOW = 1_700_000_000L;
    private final SlackRequestVerifier verifier = new SlackRequestVerifier(SECRET,
            Clock.fixed(Instant.ofEpochSecond(NOW), ZoneOffset.UTC));
    private final String body = "token=x&team_id=T1&command=%2Fdocker&text=ps+-a";

    @Test
    void verify_signedBySlacksOwnGenerator_isValid() {
        String ts = Long.toString(NOW);
        String sig = new SlackSignature.Generator(SECRET).generate(ts, body);
        assertThat(verifier.sign(ts, bytes(body))).isEqualTo(sig);
        assertThat(verifier.verify(ts, sig, bytes(body))).isEqualTo(SlackRequestVerifier.Result.VALID);
    }

    @Test
    void verify_wrongSecretOrChangedBody_isBadSignature() {
        String ts = Long.toString(NOW);
        String forged = new SlackSignature.Generator("another-secret").generate(ts, body);
        assertThat(verifier.verify(ts, forged, bytes(body))).isEqualTo(SlackRequestVerifier.Result.BAD_SIGNATURE);
        String sig = verifier.sign(ts, bytes(body));
        assertThat(verifier.verify(ts, sig, bytes(body + "&x=1"))).isEqualTo(
                SlackRequestVerifier.Result.BAD_SIGNATURE);
    }

    @Test
    void verify_rawBytesMatter_aTrailingNewlineOrCrlfChangesTheSignature() {
        String ts = Long.toString(NOW);
        String sig = verifier.sign(ts, bytes(body));
        assertThat(verifier.verify(ts, sig, bytes(body + "\n"))).isEqualTo(SlackRequestVerifier.Result.BAD_SIGNATURE);
        byte[] utf8 = "text=caf\u00e9".getBytes(StandardCharsets.UTF_8);
        assertThat(verifier.verify(ts, verifier.sign(ts, utf8), utf8)).isEqualTo(SlackRequestVerifier.Result.VALID);
        byte[] latin1 = "text=caf\u00e9".getBytes(StandardCharsets.ISO_8859_1);
        assertThat(verifier.verify(ts, verifier.sign(ts, utf8), latin1)).isEqualTo(
                SlackRequestVerifier.Result.BAD_SIGNATURE);
    }

    @Test
    void verify_timestampOlderOrNewerThanFiveMinutes_isStale() {
        for (long ts : new long[] {NOW - 301, NOW + 301}) {
            String t = Long.toString(ts);
            assertThat(verifier.verify(t, verifier.sign(t, bytes(body)), bytes(body)))
                    .isEqualTo(SlackRequestVerifier.Result.STALE_TIMESTAMP);
        }
        String edge = Long.toString(NOW - 300);
        assertThat(verifier.verify(edge, verifier.sign(edge, bytes(body)), bytes(body)))
                .isEqualTo(SlackRequestVerifier.Result.VALID);
    }

    @Test
    void verify_missingOrMalformedHeaders() {
        String ts = Long.toString(NOW);
        String sig = verifier.sign(ts, bytes(body));
        assertThat(verifier.verify(null, sig, bytes(body))).isEqualTo(SlackRequestVerifier.Result.MISSING_HEADERS);
        assertThat(verifier.verify(ts, null, bytes(body))).isEqualTo(SlackRequestVerifier.Result.MISSING_HEADERS);
        assertThat(verifier.verify("soon", sig, bytes(body))).isEqualTo(SlackRequestVerifier.Result.MISSING_HEADERS);
        assertThat(verifier.verify(ts, "v1=" + sig.substring(3), bytes(body)))
                .isEqualTo(SlackRequestVerifier.Result.MISSING_HEADERS);
    }

    @Test
    void emptySecret_isRefused() {
        assertThatThrownBy(() -> new SlackRequestVerifier("", Clock.systemUTC()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
