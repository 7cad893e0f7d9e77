package dev.stevedore.adapter.slack;

import com.slack.api.app_backend.interactive_components.payload.BlockActionPayload;
import com.slack.api.bolt.context.builtin.ActionContext;
import com.slack.api.bolt.handler.builtin.BlockActionHandler;
import com.slack.api.bolt.request.builtin.BlockActionRequest;
import com.slack.api.bolt.response.Response;
import dev.stevedore.core.auth.Caller;
import dev.stevedore.core.bus.CommandBus;
import dev.stevedore.core.bus.ConversationRef;
import dev.stevedore.core.reply.Action;
import dev.stevedore.core.reply.Reply;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Handles button clicks ({@code block_actions}): the core's Confirm / Cancel buttons and the adapter's own Stop
 * button of a live stream. Acknowledges at once with an empty 200, then delivers the outcome.
 *
 * <p>The core decides who may click and that exactly one click wins (CASES.md P20); this class only passes the
 * {@code action_id} back verbatim and shows the answer: the public outcome of Confirm / Cancel replaces the
 * buttons, that of any other button is a new message, and a refusal, "expired" or "already handled" is shown only
 * to the clicker. Runs on a Bolt request thread and never blocks it.
 */
final class SlackActionHandler implements BlockActionHandler {
    /** The action ids this handler owns: the core's ({@code stv:}) and the adapter's ({@code stv-slack:}). */
    static final Pattern ACTION_IDS = Pattern.compile("^stv[:-].*");
    private static final Logger log = LoggerFactory.getLogger(SlackActionHandler.class);

    private final CommandBus bus;
    private final SlackCommandTranslator translator;
    private final SlackCallerResolver callers;
    private final SlackDelivery delivery;
    private final SlackStreamRelay streams;
    private final Executor outbound;

    SlackActionHandler(CommandBus bus, SlackCommandTranslator translator, SlackCallerResolver callers,
            SlackDelivery delivery, SlackStreamRelay streams, Executor outbound) {
        this.bus = bus;
        this.translator = translator;
        this.callers = callers;
        this.delivery = delivery;
        this.streams = streams;
        this.outbound = outbound;
    }

    @Override
    public Response apply(BlockActionRequest req, ActionContext ctx) {
        try {
            BlockActionPayload p = req.getPayload();
            if (p.getActions() == null || p.getActions().isEmpty() || p.getUser() == null) {
                return ctx.ack();
            }
            BlockActionPayload.Action action = p.getActions().get(0);
            String actionId = action.getActionId();
            String userId = p.getUser().getId();
            String userName = p.getUser().getUsername() != null ? p.getUser().getUsername() : p.getUser().getName();
            String channelId = channelId(p);
            if (channelId == null || actionId == null) {
                return ctx.ack();
            }
            ConversationRef where = translator.conversation(teamId(p), channelId,
                    p.getChannel() == null ? null : p.getChannel().getName(),
                    p.getContainer() == null ? null : p.getContainer().getThreadTs());
            String label = action.getText() == null || action.getText().getText() == null ? ""
                    : action.getText().getText();
            SlackDelivery.Target to = new SlackDelivery.Target(p.getResponseUrl(), where, userId, "",
                    verb(action.getValue(), label));
            // Stop/Detach of a live stream (stv:stop:<id>) goes to the bus like any button: it checks who pressed it
            boolean confirmation = Action.Kind.CONFIRM.name().equals(action.getValue())
                    || Action.Kind.CANCEL.name().equals(action.getValue());
            Optional<Caller> now = callers.resolveNow(userId, userName);
            CompletableFuture<Reply> outcome = now.isPresent()
                    ? bus.act(translator.toAction(now.get(), where, actionId))
                    : callers.resolve(userId, userName).thenCompose(c -> bus.act(translator.toAction(c, where,
                            actionId)));
            outcome.whenCompleteAsync((r, t) -> {
                try {
                    if (r != null) {
                        delivery.answerClick(to, r, confirmation);
                    } else {
                        delivery.tell(to, ":x: " + SlackText.escape(SlackSlashCommandHandler.incident(t)));
                    }
                } catch (RuntimeException e) {
                    SlackSlashCommandHandler.incident(e);
                }
            }, outbound);
        } catch (RejectedExecutionException e) {
            log.warn("the Slack outbound queue is full; a click is not answered");
        } catch (RuntimeException e) {
            SlackSlashCommandHandler.incident(e);
        }
        return ctx.ack();
    }

    private static @Nullable String channelId(BlockActionPayload p) {
        if (p.getChannel() != null && p.getChannel().getId() != null) {
            return p.getChannel().getId();
        }
        return p.getContainer() == null ? null : p.getContainer().getChannelId();
    }

    private static @Nullable String teamId(BlockActionPayload p) {
        if (p.getTeam() != null && p.getTeam().getId() != null) {
            return p.getTeam().getId();
        }
        return p.getUser() == null ? null : p.getUser().getTeamId();
    }

    /** The footer's verb for a button, from the kind the renderer put in its {@code value}; escaped mrkdwn. */
    static String verb(@Nullable String value, String label) {
        if (Action.Kind.CONFIRM.name().equals(value)) {
            return "confirmed";
        } else if (Action.Kind.CANCEL.name().equals(value)) {
            return "cancelled";
        }
        return label.isBlank() ? "clicked a button" : "clicked *" + SlackText.escape(SlackText.cut(label, 40)) + "*";
    }
}
