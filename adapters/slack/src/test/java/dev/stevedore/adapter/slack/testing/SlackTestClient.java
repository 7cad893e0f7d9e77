package dev.stevedore.adapter.slack.testing;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.slack.api.app_backend.SlackSignature;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Sends requests to a Slack app's HTTP endpoint the way Slack does: form-encoded slash commands and
 * {@code block_actions} payloads, signed with the signing secret by the Slack SDK's own {@link SlackSignature}
 * generator (so the adapter's verifier is checked against an independent implementation).
 *
 * <p>Thread-safe; each call blocks until the endpoint answers.
 */
public final class SlackTestClient {
    private final URI endpoint;
    private final String signingSecret;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .proxy(HttpClient.Builder.NO_PROXY).build();

    /**
     * Creates a client.
     *
     * @param endpoint e.g. {@code http://127.0.0.1:PORT/slack/events}
     * @param signingSecret the app's signing secret
     */
    public SlackTestClient(URI endpoint, String signingSecret) {
        this.endpoint = endpoint;
        this.signingSecret = signingSecret;
    }

    /**
     * Who sends a request, where.
     *
     * @param userId e.g. {@code U0ALICE}
     * @param userName e.g. {@code alice}
     * @param channelId e.g. {@code C0OPS}
     * @param teamId e.g. {@code T0001}
     */
    public record Sender(String userId, String userName, String channelId, String teamId) {}

    /**
     * What the endpoint answered.
     *
     * @param status the HTTP status
     * @param body the body
     * @param elapsed from sending to the full answer
     */
    public record Result(int status, String body, Duration elapsed) {}

    /**
     * The form body of a {@code /docker} slash command.
     *
     * @param from who and where
     * @param text the command text as Slack sends it (already {@code &amp;}-escaped if needed)
     * @param responseUrl the {@code response_url}
     * @return the URL-encoded body
     */
    public static String slashBody(Sender from, String text, String responseUrl) {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("token", "legacy-token");
        f.put("team_id", from.teamId());
        f.put("team_domain", "fake");
        f.put("channel_id", from.channelId());
        f.put("channel_name", from.channelId().startsWith("D") ? "directmessage" : "ops");
        f.put("user_id", from.userId());
        f.put("user_name", from.userName());
        f.put("command", "/docker");
        f.put("text", text);
        f.put("api_app_id", "A0001");
        f.put("is_enterprise_install", "false");
        f.put("response_url", responseUrl);
        f.put("trigger_id", "1.2.3");
        return f.entrySet().stream()
                .map(e -> enc(e.getKey()) + "=" + enc(e.getValue()))
                .collect(Collectors.joining("&"));
    }

    /**
     * The JSON of a {@code block_actions} click on a button.
     *
     * @param from who clicked, where
     * @param actionId the button's {@code action_id}
     * @param value the button's {@code value}
     * @param responseUrl the {@code response_url}
     * @param messageTs the message the button is on
     * @return the payload object
     */
    public static JsonObject blockActionPayload(Sender from, String actionId, String value, String responseUrl,
            String messageTs) {
        JsonObject p = new JsonObject();
        p.addProperty("type", "block_actions");
        JsonObject user = new JsonObject();
        user.addProperty("id", from.userId());
        user.addProperty("username", from.userName());
        user.addProperty("name", from.userName());
        user.addProperty("team_id", from.teamId());
        p.add("user", user);
        p.addProperty("api_app_id", "A0001");
        p.addProperty("token", "legacy-token");
        JsonObject container = new JsonObject();
        container.addProperty("type", "message");
        container.addProperty("message_ts", messageTs);
        container.addProperty("channel_id", from.channelId());
        container.addProperty("is_ephemeral", false);
        p.add("container", container);
        p.addProperty("trigger_id", "1.2.4");
        JsonObject team = new JsonObject();
        team.addProperty("id", from.teamId());
        team.addProperty("domain", "fake");
        p.add("team", team);
        JsonObject channel = new JsonObject();
        channel.addProperty("id", from.channelId());
        channel.addProperty("name", "ops");
        p.add("channel", channel);
        p.addProperty("response_url", responseUrl);
        JsonArray actions = new JsonArray();
        JsonObject a = new JsonObject();
        a.addProperty("type", "button");
        a.addProperty("action_id", actionId);
        a.addProperty("block_id", "stv-actions-0");
        a.addProperty("value", value);
        a.addProperty("action_ts", "1700000000.000200");
        JsonObject text = new JsonObject();
        text.addProperty("type", "plain_text");
        text.addProperty("text", "button");
        a.add("text", text);
        actions.add(a);
        p.add("actions", actions);
        return p;
    }

    /**
     * Sends a signed slash command.
     *
     * @param from who and where
     * @param text the command text
     * @param responseUrl the {@code response_url}
     * @return the answer
     */
    public Result slash(Sender from, String text, String responseUrl) {
        return signed(slashBody(from, text, responseUrl), now());
    }

    /**
     * Sends a signed {@code block_actions} click.
     *
     * @param from who clicked
     * @param actionId the {@code action_id}
     * @param value the button {@code value}
     * @param responseUrl the {@code response_url}
     * @param messageTs the message holding the button
     * @return the answer
     */
    public Result click(Sender from, String actionId, String value, String responseUrl, String messageTs) {
        String body = "payload=" + enc(blockActionPayload(from, actionId, value, responseUrl, messageTs).toString());
        return signed(body, now());
    }

    /**
     * Sends a body signed with the right secret at a given time.
     *
     * @param body the form body
     * @param timestampSeconds the {@code X-Slack-Request-Timestamp}
     * @return the answer
     */
    public Result signed(String body, long timestampSeconds) {
        String ts = Long.toString(timestampSeconds);
        return send(body, ts, new SlackSignature.Generator(signingSecret).generate(ts, body));
    }

    /**
     * Sends a signed Events API {@code message} event: a reply by {@code from} in the thread of {@code threadTs}.
     *
     * @param from who writes
     * @param threadTs the parent message's {@code ts}
     * @param text the text as Slack sends it ({@code & < >} escaped)
     * @return the answer
     */
    public Result threadReply(Sender from, String threadTs, String text) {
        com.google.gson.JsonObject event = new com.google.gson.JsonObject();
        event.addProperty("type", "message");
        event.addProperty("channel", from.channelId());
        event.addProperty("user", from.userId());
        event.addProperty("text", text);
        event.addProperty("ts", String.format(java.util.Locale.ROOT, "%d.%06d", now(), (int) (Math.random() * 1e6)));
        event.addProperty("thread_ts", threadTs);
        event.addProperty("channel_type", "channel");
        com.google.gson.JsonObject body = new com.google.gson.JsonObject();
        body.addProperty("token", "unused");
        body.addProperty("team_id", from.teamId());
        body.addProperty("api_app_id", "A0001");
        body.add("event", event);
        body.addProperty("type", "event_callback");
        body.addProperty("event_id", "Ev" + System.nanoTime());
        body.addProperty("event_time", now());
        String json = body.toString();
        String ts = Long.toString(now());
        return send(json, ts, new SlackSignature.Generator(signingSecret).generate(ts, json), "application/json");
    }

    /**
     * Sends a body with any headers, e.g. a forged signature.
     *
     * @param body the body
     * @param timestamp the timestamp header
     * @param signature the signature header
     * @return the answer
     */
    public Result send(String body, String timestamp, String signature) {
        return send(body, timestamp, signature, "application/x-www-form-urlencoded");
    }

    private Result send(String body, String timestamp, String signature, String contentType) {
        HttpRequest req = HttpRequest.newBuilder(endpoint)
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", contentType)
                .header("X-Slack-Request-Timestamp", timestamp)
                .header("X-Slack-Signature", signature)
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .build();
        long start = System.nanoTime();
        try {
            HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Result(r.statusCode(), r.body(), Duration.ofNanos(System.nanoTime() - start));
        } catch (IOException e) {
            throw new AssertionError("request to " + endpoint + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /**
     * Now, in seconds since the epoch.
     *
     * @return the timestamp
     */
    public static long now() {
        return System.currentTimeMillis() / 1000;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
