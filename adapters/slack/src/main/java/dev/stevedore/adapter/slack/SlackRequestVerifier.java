package dev.stevedore.adapter.slack;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;

/**
 * Verifies that an HTTP request came from Slack, on the <b>exact bytes</b> received: Slack's v0 signing scheme
 * (<a href="https://docs.slack.dev/authentication/verifying-requests-from-slack">verifying requests from Slack</a>).
 *
 * <p>The signature is {@code "v0=" + hex(HMAC-SHA256(signingSecret, "v0:" + timestamp + ":" + body))}, sent in
 * {@code X-Slack-Signature} with the timestamp in {@code X-Slack-Request-Timestamp}. A request is valid when the
 * signature matches (compared in constant time) and the timestamp is within {@link #MAX_SKEW} of now, in either
 * direction, so a captured request cannot be replayed later.
 *
 * <p>Bolt's own check verifies a string that its servlet adapter rebuilt from the body's lines (line ends changed,
 * bytes decoded with the request's charset), so Stevedore verifies the raw bytes itself and turns Bolt's check off.
 * Immutable and thread-safe.
 */
public final class SlackRequestVerifier {
    /** Header carrying the request timestamp, in seconds since the epoch. */
    public static final String TIMESTAMP_HEADER = "X-Slack-Request-Timestamp";
    /** Header carrying the {@code v0=…} signature. */
    public static final String SIGNATURE_HEADER = "X-Slack-Signature";
    /** How far a request's timestamp may be from now: 5 minutes, as Slack recommends. */
    public static final Duration MAX_SKEW = Duration.ofMinutes(5);

    private static final String ALGORITHM = "HmacSHA256";
    private static final String VERSION = "v0";

    private final SecretKeySpec key;
    private final Clock clock;

    /**
     * Creates a verifier.
     *
     * @param signingSecret the app's signing secret (Basic Information page of the Slack app)
     * @param clock the time source for the timestamp check
     * @throws IllegalArgumentException if the secret is empty
     */
    public SlackRequestVerifier(String signingSecret, Clock clock) {
        if (signingSecret.isEmpty()) {
            throw new IllegalArgumentException("the signing secret is empty");
        }
        this.key = new SecretKeySpec(signingSecret.getBytes(StandardCharsets.UTF_8), ALGORITHM);
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The outcome of a check; {@link #VALID} or the reason for refusing, for the log (never sent to a client). */
    public enum Result {
        /** Signed by Slack, recently. */
        VALID,
        /** A header is missing or malformed. */
        MISSING_HEADERS,
        /** The timestamp is older, or further in the future, than {@link #MAX_SKEW}. */
        STALE_TIMESTAMP,
        /** The signature does not match the body. */
        BAD_SIGNATURE
    }

    /**
     * Checks a request.
     *
     * @param timestamp the {@value #TIMESTAMP_HEADER} header, or null if absent
     * @param signature the {@value #SIGNATURE_HEADER} header, or null if absent
     * @param body the body exactly as received
     * @return {@link Result#VALID}, or why it is not
     */
    public Result verify(@Nullable String timestamp, @Nullable String signature, byte[] body) {
        if (timestamp == null || signature == null || !signature.startsWith(VERSION + "=")) {
            return Result.MISSING_HEADERS;
        }
        long seconds;
        try {
            seconds = Long.parseLong(timestamp.strip());
        } catch (NumberFormatException e) {
            return Result.MISSING_HEADERS;
        }
        long now = clock.millis() / 1000;
        if (Math.abs(now - seconds) > MAX_SKEW.toSeconds()) {
            return Result.STALE_TIMESTAMP;
        }
        byte[] expected = sign(timestamp.strip(), body).getBytes(StandardCharsets.US_ASCII);
        byte[] actual = signature.strip().getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, actual) ? Result.VALID : Result.BAD_SIGNATURE;
    }

    /**
     * Computes the signature Slack would send for a body, e.g. to sign requests in tests.
     *
     * @param timestamp seconds since the epoch, as a decimal string
     * @param body the exact body bytes
     * @return {@code v0=} followed by 64 lowercase hex digits
     */
    public String sign(String timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            mac.update((VERSION + ":" + timestamp + ":").getBytes(StandardCharsets.UTF_8));
            return VERSION + "=" + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
