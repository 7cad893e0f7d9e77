package dev.stevedore.adapter.slack;

import dev.stevedore.core.auth.Caller;
import dev.stevedore.core.auth.Platform;
import dev.stevedore.core.bus.ActionInvocation;
import dev.stevedore.core.bus.ConversationRef;
import dev.stevedore.core.bus.Invocation;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Turns Slack payload fields into the core's neutral {@link Invocation} and {@link ActionInvocation}: nothing
 * Slack-specific passes this point.
 *
 * <ul>
 *   <li>The command text is the {@code /docker} slash command's {@code text}, with Slack's {@code &amp; &lt; &gt;}
 *       escaping undone, so {@code /docker run img sh -c "a > b"} reaches the parser as typed; an empty text means
 *       {@code help}.
 *   <li>The conversation is the team id and channel id; a direct message (channel id {@code D…}, channel name
 *       {@code directmessage} or {@code mpdm-…}) has an empty workspace, which the access policy refuses unless
 *       {@code access.directMessages} is on.
 *   <li>The caller is the Slack user id, the user name for display, and the user-group ids the caller resolved.
 * </ul>
 *
 * <p>Stateless and thread-safe.
 */
public final class SlackCommandTranslator {
    /** Slack's own cap on slash command text, near 4000 characters; longer text is passed on whole, never cut. */
    public static final int MAX_TEXT = 4000;

    /** Creates the translator. */
    public SlackCommandTranslator() {}

    /**
     * The command text the core parses.
     *
     * @param slackText the payload's {@code text}, possibly null or blank
     * @return the unescaped, stripped text; {@code "help"} when empty
     */
    public String commandText(@Nullable String slackText) {
        // never cut: a cut command is a different command (e.g. "rm -f app-12" cut to "rm -f app-1"); the
        // parser answers whatever is too long or malformed
        String text = slackText == null ? "" : SlackText.unescape(slackText).strip();
        return text.isEmpty() ? "help" : text;
    }

    /**
     * The conversation of a payload.
     *
     * @param teamId the payload's team id, possibly null (e.g. some Enterprise Grid installs)
     * @param channelId the channel id
     * @param channelName the channel name, possibly null; {@code directmessage} marks a DM
     * @param threadTs the thread the message belongs to, possibly null
     * @return the conversation; workspace empty for a direct message
     */
    public ConversationRef conversation(@Nullable String teamId, String channelId, @Nullable String channelName,
            @Nullable String threadTs) {
        boolean dm = channelId.startsWith("D")
                || (channelName != null && (channelName.equals("directmessage")
                        || channelName.toLowerCase(Locale.ROOT).startsWith("mpdm-")));
        String workspace = dm ? "" : teamId == null || teamId.isBlank() ? "unknown-team" : teamId;
        return new ConversationRef(Platform.SLACK, workspace, channelId, Optional.ofNullable(threadTs));
    }

    /**
     * The caller of a payload.
     *
     * @param userId the Slack user id ({@code U…} or {@code W…})
     * @param userName the user name to show, possibly null or blank (then the id is shown)
     * @param groups the user-group ids the user belongs to, possibly empty
     * @return the caller
     */
    public Caller caller(String userId, @Nullable String userName, Set<String> groups) {
        String name = userName == null || userName.isBlank() ? userId : userName;
        return new Caller(Platform.SLACK, userId, name, groups);
    }

    /**
     * An invocation of the slash command.
     *
     * @param caller who typed it
     * @param conversation where
     * @param slackText the payload's {@code text}
     * @return the invocation, with a fresh id, received now
     */
    public Invocation toInvocation(Caller caller, ConversationRef conversation, @Nullable String slackText) {
        return Invocation.of(caller, conversation, commandText(slackText));
    }

    /**
     * A click on a button the core made.
     *
     * @param caller who clicked
     * @param conversation where the button was
     * @param actionId the button's {@code action_id}, which is the core's action id, verbatim
     * @return the click
     */
    public ActionInvocation toAction(Caller caller, ConversationRef conversation, String actionId) {
        return ActionInvocation.of(caller, conversation, actionId);
    }
}
