package dev.stevedore.adapter.slack;

import com.slack.api.app_backend.interactive_components.response.ActionResponse;
import dev.stevedore.core.bus.ConversationRef;
import dev.stevedore.core.reply.Reply;
import dev.stevedore.core.reply.Visibility;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers the core's replies to Slack after the request was acknowledged.
 *
 * <ul>
 *   <li>The first reply to a command or click goes to its {@code response_url}: ephemeral for
 *       {@link Visibility#ONLY_CALLER}, in the channel otherwise, with a context line saying who ran it. A click's
 *       public outcome replaces the message that held the buttons ({@code replace_original}).
 *   <li>If the {@code response_url} fails (expired, or used 5 times), the reply goes through {@code chat.postMessage}
 *       or {@code chat.postEphemeral} instead.
 *   <li>Output too long for one message: the message shows what fits with "showing N of M lines", and the whole
 *       output follows as a text file ({@code files.uploadV2}) for a public reply.
 *   <li>A live stream is then shown by {@link SlackStreamRelay}.
 *   <li>A Slack error is told to the caller in one short ephemeral line with Slack's error code (CASES.md P16);
 *       no exception text ever reaches Slack.
 * </ul>
 *
 * <p>Blocking: runs on the adapter's outbound executor. Thread-safe.
 */
final class SlackDelivery {
    private static final Logger log = LoggerFactory.getLogger(SlackDelivery.class);
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private final SlackWeb web;
    private final SlackReplyRenderer renderer;
    private final SlackStreamRelay streams;
    private final Clock clock;

    SlackDelivery(SlackWeb web, SlackReplyRenderer renderer, SlackStreamRelay streams, Clock clock) {
        this.web = web;
        this.renderer = renderer;
        this.streams = streams;
        this.clock = clock;
    }

    /**
     * Where a reply goes and who caused it.
     *
     * @param responseUrl the payload's {@code response_url}
     * @param conversation the channel (and thread)
     * @param userId who typed or clicked
     * @param command the command text, for the footer and the file name; empty for a click
     * @param footerVerb what the user did, e.g. {@code ran}, {@code confirmed}
     */
    record Target(String responseUrl, ConversationRef conversation, String userId, String command,
            String footerVerb) {}

    /**
     * Delivers the reply to a slash command.
     *
     * @param to where
     * @param reply the core's reply
     */
    void answerCommand(Target to, Reply reply) {
        deliver(to, reply, false);
    }

    /**
     * Delivers the outcome of a click. The public outcome of a Confirm or Cancel replaces the message that held the
     * buttons, so they cannot be clicked again; the public outcome of any other button (e.g. Restart on an exit
     * alert) is posted as a new message, leaving the original. Anything else (a refusal, "expired", "already
     * handled") is shown only to the clicker and leaves the message as it is.
     *
     * @param to where
     * @param reply the core's outcome
     * @param confirmation whether the button was a Confirm or Cancel of a pending confirmation
     */
    void answerClick(Target to, Reply reply, boolean confirmation) {
        deliver(to, reply, confirmation && reply.visibility() == Visibility.PUBLIC);
    }

    /**
     * Tells one user something in one ephemeral line.
     *
     * @param to where
     * @param mrkdwnLine the line, already escaped
     */
    void tell(Target to, String mrkdwnLine) {
        SlackMessage m = new SlackMessage(List.of(SlackReplyRenderer.section(mrkdwnLine)),
                SlackText.cut(mrkdwnLine, SlackReplyRenderer.MAX_FALLBACK_TEXT), true, Optional.empty());
        send(to, m, false, null);
    }

    private void deliver(Target to, Reply reply, boolean replaceOriginal) {
        boolean pub = reply.visibility() == Visibility.PUBLIC;
        Optional<String> footer = pub ? Optional.of(footer(to)) : Optional.empty();
        String hint = pub ? "The full output follows as a file."
                : "Narrow it down (for example `--tail 100`) to see the rest.";
        SlackMessage m = renderer.render(reply, footer, hint);
        send(to, m, replaceOriginal, SlackReplyRenderer.plain(reply));
        if (pub && m.overflow().isPresent()) {
            upload(to, m.overflow().get());
        }
        if (pub) {
            for (SlackMessage.Upload f : m.files()) {
                uploadFile(to, f);
            }
        }
        reply.stream().ifPresent(s -> streams.start(s, to.conversation(), to.userId(),
                error -> tell(to, ":warning: I cannot post live output here (Slack said `" + SlackText.escape(error)
                        + "`). Invite me to the channel with `/invite`, then try again.")));
    }

    /**
     * Sends a message: to the {@code response_url}, else through {@code chat.*}; if Slack refuses both, a short
     * plain-text version says which error Slack gave (CASES.md P16: never silence).
     */
    private void send(Target to, SlackMessage m, boolean replaceOriginal, @Nullable String plain) {
        String first;
        try {
            web.respond(to.responseUrl(), response(m, replaceOriginal));
            return;
        } catch (SlackWeb.CallException e) {
            first = e.getMessage();
            log.warn("response_url post for {} failed ({}); using chat.{} instead", to.userId(), first,
                    m.ephemeral() ? "postEphemeral" : "postMessage");
        }
        String channel = to.conversation().channelId();
        String second;
        try {
            if (m.ephemeral()) {
                web.postEphemeral(channel, to.userId(), m);
            } else {
                web.postMessage(channel, to.conversation().threadId().orElse(null), m);
            }
            return;
        } catch (SlackWeb.CallException e) {
            second = e.getMessage();
            log.warn("could not deliver a reply to {} in {}: {}", to.userId(), channel, second);
        }
        if (plain == null) {
            return;
        }
        String code = second.equals("network error") ? first : second;
        String text = ":warning: Slack did not accept the reply (Slack said `" + SlackText.escape(SlackText.cut(code,
                80)) + "`). As plain text:\n```" + SlackText.escapeCode(SlackText.prefixEscaped(plain, 2_500)) + "```";
        SlackMessage fallback = new SlackMessage(List.of(SlackReplyRenderer.section(text)),
                SlackText.cut(":warning: Slack did not accept the reply", SlackReplyRenderer.MAX_FALLBACK_TEXT), true,
                Optional.empty());
        try {
            web.respond(to.responseUrl(), response(fallback, false));
        } catch (SlackWeb.CallException e) {
            try {
                web.postEphemeral(channel, to.userId(), fallback);
            } catch (SlackWeb.CallException e2) {
                log.warn("could not tell {} in {} that the reply failed: {}", to.userId(), channel, e2.getMessage());
            }
        }
    }

    private static ActionResponse response(SlackMessage m, boolean replaceOriginal) {
        ActionResponse.ActionResponseBuilder r = ActionResponse.builder().text(m.text()).blocks(m.blocks());
        if (replaceOriginal) {
            r.replaceOriginal(true);
        } else {
            r.responseType(m.ephemeral() ? "ephemeral" : "in_channel").replaceOriginal(false);
        }
        return r.build();
    }

    private void upload(Target to, SlackMessage.Overflow overflow) {
        String name = "docker-" + slug(to.command()) + "-" + STAMP.format(clock.instant()) + ".txt";
        try {
            web.upload(to.conversation().channelId(), to.conversation().threadId().orElse(null), name,
                    "Output of /docker " + SlackText.cut(to.command(), 80), overflow.content());
        } catch (SlackWeb.CallException e) {
            log.warn("files.uploadV2 of {} failed: {}", name, e.getMessage());
            tell(to, ":warning: I could not attach the full output (Slack said `" + SlackText.escape(e.getMessage())
                    + "`); the message above shows " + overflow.shownLines() + " of " + overflow.totalLines()
                    + " lines.");
        }
    }

    private void uploadFile(Target to, SlackMessage.Upload file) {
        try {
            web.upload(to.conversation().channelId(), to.conversation().threadId().orElse(null), file.name(),
                    SlackText.cut(file.title(), 200), file.content());
        } catch (SlackWeb.CallException e) {
            log.warn("files.uploadV2 of {} failed: {}", file.name(), e.getMessage());
            tell(to, ":warning: I could not attach " + SlackText.escape(file.name()) + " (Slack said `"
                    + SlackText.escape(e.getMessage()) + "`).");
        }
    }

    private static String footer(Target to) {
        String who = to.userId().matches("[A-Z0-9]{2,32}") ? "<@" + to.userId() + ">" : SlackText.escape(to.userId());
        return who + " " + to.footerVerb() + (to.command().isEmpty() ? ""
                : " `/docker " + SlackText.escapeInlineCode(SlackText.cut(to.command(), 200)) + "`");
    }

    /** A file-name-safe short form of a command: {@code ps -a} becomes {@code ps-a}. */
    static String slug(@Nullable String command) {
        String s = command == null ? "" : command.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-")
                .replaceAll("^-+|-+$", "");
        if (s.length() > 40) {
            s = s.substring(0, 40).replaceAll("-+$", "");
        }
        return s.isEmpty() ? "output" : s;
    }
}
