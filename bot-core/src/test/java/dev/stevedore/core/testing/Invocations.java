package dev.stevedore.core.testing;

import dev.stevedore.core.auth.Caller;
import dev.stevedore.core.auth.Platform;
import dev.stevedore.core.bus.ActionInvocation;
import dev.stevedore.core.bus.ConversationRef;
import dev.stevedore.core.bus.Invocation;
import dev.stevedore.core.bus.InvocationId;
import dev.stevedore.core.reply.Action;
import dev.stevedore.core.reply.Reply;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * Builds the neutral invocations adapters produce, for pushing commands through a real bus in tests.
 *
 * <pre>{@code
 * bus.dispatch(Invocations.shell("rm -f web"));
 * bus.dispatch(Invocations.slack("U1", "C1", "ps -a"));
 * bus.act(Invocations.confirm(prompt, Invocations.shellUser("alice"), ConversationRef.shell()));
 * }</pre>
 *
 * <p>Display names equal user ids unless given, so a reply such as "web removed by U1" names the user.
 */
public final class Invocations {
    /** The shell user of {@link #shell(String)}. */
    public static final String SHELL_USER = "alice";
    /** The Slack team id of Slack conversations built here. */
    public static final String SLACK_TEAM = "T0001";
    /** The Discord guild id of Discord conversations built here. */
    public static final String DISCORD_GUILD = "100000000000000001";

    private Invocations() {}

    // ------------------------------------------------------------------ callers

    /**
     * A local terminal user.
     *
     * @param user the OS user name, also the display name
     * @return the caller
     */
    public static Caller shellUser(String user) {
        return Caller.shell(user);
    }

    /**
     * A Slack user.
     *
     * @param userId e.g. {@code "U1"}, also the display name
     * @param groupIds Slack user-group ids
     * @return the caller
     */
    public static Caller slackUser(String userId, String... groupIds) {
        return new Caller(Platform.SLACK, userId, userId, Set.of(groupIds));
    }

    /**
     * A Discord member.
     *
     * @param userId the snowflake, also the display name
     * @param roleIds the member's role ids
     * @return the caller
     */
    public static Caller discordUser(String userId, String... roleIds) {
        return new Caller(Platform.DISCORD, userId, userId, Set.of(roleIds));
    }

    // ------------------------------------------------------------ conversations

    /**
     * A Slack channel in {@link #SLACK_TEAM}.
     *
     * @param channelId e.g. {@code "C1"}
     * @return the conversation
     */
    public static ConversationRef slackChannel(String channelId) {
        return new ConversationRef(Platform.SLACK, SLACK_TEAM, channelId, Optional.empty());
    }

    /**
     * A Slack direct message (no workspace, as adapters report DMs).
     *
     * @param channelId the DM channel id, e.g. {@code "D1"}
     * @return the conversation
     */
    public static ConversationRef slackDm(String channelId) {
        return new ConversationRef(Platform.SLACK, "", channelId, Optional.empty());
    }

    /**
     * A Discord channel in {@link #DISCORD_GUILD}.
     *
     * @param channelId the channel snowflake
     * @return the conversation
     */
    public static ConversationRef discordChannel(String channelId) {
        return new ConversationRef(Platform.DISCORD, DISCORD_GUILD, channelId, Optional.empty());
    }

    // -------------------------------------------------------------- invocations

    /**
     * A command typed in the terminal by {@link #SHELL_USER}.
     *
     * @param text e.g. {@code "rm -f web"}
     * @return the invocation
     */
    public static Invocation shell(String text) {
        return shell(SHELL_USER, text);
    }

    /**
     * A command typed in the terminal.
     *
     * @param user the OS user
     * @param text the command text
     * @return the invocation
     */
    public static Invocation shell(String user, String text) {
        return of(shellUser(user), ConversationRef.shell(), text);
    }

    /**
     * A Slack slash command.
     *
     * @param userId e.g. {@code "U1"}
     * @param channelId e.g. {@code "C1"}
     * @param text the command text
     * @return the invocation
     */
    public static Invocation slack(String userId, String channelId, String text) {
        return of(slackUser(userId), slackChannel(channelId), text);
    }

    /**
     * A Discord slash command.
     *
     * @param userId the member's snowflake
     * @param channelId the channel snowflake
     * @param text the command text
     * @param roleIds the member's role ids
     * @return the invocation
     */
    public static Invocation discord(String userId, String channelId, String text, String... roleIds) {
        return of(discordUser(userId, roleIds), discordChannel(channelId), text);
    }

    /**
     * Any invocation.
     *
     * @param caller who
     * @param conversation where
     * @param text what
     * @return the invocation, with a random id, received now
     */
    public static Invocation of(Caller caller, ConversationRef conversation, String text) {
        return new Invocation(InvocationId.random(), caller, conversation, text, Instant.now());
    }

    // ------------------------------------------------------------------ clicks

    /**
     * A click on any action id.
     *
     * @param caller who clicked
     * @param conversation where the button was
     * @param actionId the action id
     * @return the click
     */
    public static ActionInvocation click(Caller caller, ConversationRef conversation, String actionId) {
        return new ActionInvocation(InvocationId.random(), caller, conversation, actionId, Instant.now());
    }

    /**
     * A click on the Confirm button of a prompt, in the conversation the original invocation came from.
     *
     * @param prompt the reply with the buttons
     * @param original the invocation that produced the prompt (for its conversation)
     * @param caller who clicks
     * @return the click
     * @throws AssertionError if the reply has no Confirm button
     */
    public static ActionInvocation confirm(Reply prompt, Invocation original, Caller caller) {
        return click(caller, original.conversation(), actionId(prompt, Action.Kind.CONFIRM));
    }

    /**
     * The requester's own click on Confirm.
     *
     * @param prompt the reply with the buttons
     * @param original the invocation that produced it
     * @return the click
     */
    public static ActionInvocation confirm(Reply prompt, Invocation original) {
        return confirm(prompt, original, original.caller());
    }

    /**
     * A click on the Cancel button of a prompt.
     *
     * @param prompt the reply with the buttons
     * @param original the invocation that produced the prompt
     * @param caller who clicks
     * @return the click
     * @throws AssertionError if the reply has no Cancel button
     */
    public static ActionInvocation cancel(Reply prompt, Invocation original, Caller caller) {
        return click(caller, original.conversation(), actionId(prompt, Action.Kind.CANCEL));
    }

    private static String actionId(Reply reply, Action.Kind kind) {
        return reply.action(kind).map(Action::id).orElseThrow(
                () -> new AssertionError("no " + kind + " action in reply: " + reply.plainText()));
    }
}
