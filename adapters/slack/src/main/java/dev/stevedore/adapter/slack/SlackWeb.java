package dev.stevedore.adapter.slack;

import com.slack.api.Slack;
import com.slack.api.app_backend.interactive_components.ActionResponseSender;
import com.slack.api.app_backend.interactive_components.response.ActionResponse;
import com.slack.api.methods.MethodsClient;
import com.slack.api.methods.SlackApiException;
import com.slack.api.methods.SlackApiTextResponse;
import com.slack.api.methods.response.chat.ChatPostMessageResponse;
import com.slack.api.webhook.WebhookResponse;
import java.io.IOException;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The Slack calls the adapter makes, each one blocking and each failure turned into a {@link CallException} that
 * carries Slack's short error code (e.g. {@code not_in_channel}), never an exception text.
 *
 * <p>Blocking: call it from the adapter's outbound executor, never from a Bolt request thread. Thread-safe.
 */
final class SlackWeb {
    private final Slack slack;
    private final String botToken;
    private final ActionResponseSender responder;

    /**
     * Creates the client.
     *
     * @param slack the SDK instance (its config holds the API base URL)
     * @param botToken the {@code xoxb-} token
     */
    SlackWeb(Slack slack, String botToken) {
        this.slack = slack;
        this.botToken = botToken;
        this.responder = new ActionResponseSender(slack);
    }

    /**
     * The Web API client with the bot token.
     *
     * @return the client
     */
    MethodsClient methods() {
        return slack.methods(botToken);
    }

    /**
     * Posts to a {@code response_url} (at most 5 times within 30 minutes of the request, Slack says).
     *
     * @param responseUrl the URL from the payload; null if the payload had none
     * @param response the message; {@code replace_original} or {@code response_type} set by the caller
     * @throws CallException if there is no URL, or Slack does not answer 200
     */
    void respond(@Nullable String responseUrl, ActionResponse response) {
        if (responseUrl == null || !(responseUrl.startsWith("https://") || responseUrl.startsWith("http://"))) {
            throw new CallException("no response_url", null);
        }
        WebhookResponse r;
        try {
            r = responder.send(responseUrl, response);
        } catch (IOException | RuntimeException e) {
            throw new CallException("network error", e);
        }
        if (r.getCode() == null || r.getCode() != 200) {
            String body = r.getBody() == null ? "" : r.getBody().strip();
            throw new CallException("response_url answered " + r.getCode()
                    + (body.isEmpty() || body.length() > 60 ? "" : " " + body), null);
        }
    }

    /**
     * {@code chat.postMessage}.
     *
     * @param channel the channel id
     * @param threadTs the thread to post in, or null
     * @param message the rendered message
     * @return the new message's {@code ts}
     * @throws CallException if Slack refuses or cannot be reached
     */
    String postMessage(String channel, @Nullable String threadTs, SlackMessage message) {
        ChatPostMessageResponse r = call(() -> methods().chatPostMessage(b -> b
                .channel(channel)
                .threadTs(threadTs)
                .text(message.text())
                .blocks(message.blocks())
                .unfurlLinks(false)
                .unfurlMedia(false)));
        return r.getTs();
    }

    /**
     * {@code chat.update}.
     *
     * @param channel the channel id
     * @param ts the message to edit
     * @param message its new content
     * @throws CallException if Slack refuses or cannot be reached
     */
    void update(String channel, String ts, SlackMessage message) {
        call(() -> methods().chatUpdate(b -> b.channel(channel).ts(ts).text(message.text()).blocks(message.blocks())));
    }

    /**
     * {@code chat.postEphemeral}: a message only one user sees.
     *
     * @param channel the channel id
     * @param user the user id
     * @param message the rendered message
     * @throws CallException if Slack refuses or cannot be reached
     */
    void postEphemeral(String channel, String user, SlackMessage message) {
        call(() -> methods().chatPostEphemeral(b -> b.channel(channel).user(user).text(message.text())
                .blocks(message.blocks())));
    }

    /**
     * {@code files.uploadV2} of a text file (three calls: get an upload URL, send the bytes, complete).
     *
     * @param channel the channel to share it in
     * @param threadTs the thread, or null
     * @param filename e.g. {@code docker-ps.txt}
     * @param title the title Slack shows
     * @param content the text
     * @throws CallException if Slack refuses or cannot be reached
     */
    void upload(String channel, @Nullable String threadTs, String filename, String title, String content) {
        call(() -> methods().filesUploadV2(b -> b.channel(channel).threadTs(threadTs).filename(filename).title(title)
                .content(content)));
    }

    /** A Web API call. */
    @FunctionalInterface
    interface Call<T extends SlackApiTextResponse> {
        T run() throws IOException, SlackApiException;
    }

    static <T extends SlackApiTextResponse> T call(Call<T> call) {
        T r;
        try {
            r = call.run();
        } catch (SlackApiException e) {
            String code = e.getError() != null && e.getError().getError() != null ? e.getError().getError()
                    : "http " + (e.getResponse() == null ? "error" : e.getResponse().code());
            if (e.getResponse() != null && e.getResponse().code() == 429) {
                // Slack's rate limit: HTTP 429 with Retry-After in seconds (Slack API docs, "Rate limits")
                long seconds = 1;
                try {
                    String h = e.getResponse().header("Retry-After");
                    seconds = h == null ? 1 : Math.max(0, Long.parseLong(h.strip()));
                } catch (NumberFormatException ignored) {
                    seconds = 1;
                }
                throw new CallException("ratelimited", e, java.time.Duration.ofSeconds(seconds));
            }
            throw new CallException(code, e);
        } catch (IOException e) {
            throw new CallException("network error", e);
        }
        if (!r.isOk()) {
            throw new CallException(Optional.ofNullable(r.getError()).orElse("unknown_error")
                    + (r.getNeeded() == null ? "" : " (needs " + r.getNeeded() + ")"), null);
        }
        return r;
    }

    /** A Slack call that failed; {@link #getMessage()} is Slack's short error code, safe to show. */
    static final class CallException extends RuntimeException {
        private final transient java.util.Optional<java.time.Duration> retryAfter;

        CallException(String code, @Nullable Throwable cause) {
            super(code, cause);
            this.retryAfter = java.util.Optional.empty();
        }

        CallException(String code, @Nullable Throwable cause, java.time.Duration retryAfter) {
            super(code, cause);
            this.retryAfter = java.util.Optional.of(retryAfter);
        }

        /** Slack's {@code Retry-After} when it answered 429; empty for other failures. */
        java.util.Optional<java.time.Duration> retryAfter() {
            return retryAfter;
        }
    }
}
