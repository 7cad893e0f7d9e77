package dev.stevedore.adapter.slack;

import com.slack.api.app_backend.slash_commands.payload.SlashCommandPayload;
import com.slack.api.app_backend.slash_commands.response.SlashCommandResponse;
import com.slack.api.bolt.context.builtin.SlashCommandContext;
import com.slack.api.bolt.handler.builtin.SlashCommandHandler;
import com.slack.api.bolt.request.builtin.SlashCommandRequest;
import com.slack.api.bolt.response.Response;
import dev.stevedore.core.auth.Caller;
import dev.stevedore.core.bus.CommandBus;
import dev.stevedore.core.bus.ConversationRef;
import dev.stevedore.core.bus.Invocation;
import dev.stevedore.core.reply.Reply;
import dev.stevedore.core.reply.Visibility;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Handles {@code /docker}: translates the payload, hands it to the command bus and <b>acknowledges at once</b>,
 * before any engine call — Slack shows "operation_timeout" when the ack takes more than 3 seconds (CASES.md P14).
 *
 * <p>The ack is an ephemeral "working on it" line; the reply follows through {@link SlackDelivery}. When the bus
 * has already answered by the time the ack is sent — it is full and says "busy", or a refusal needed no engine
 * call — and the answer is ephemeral and fits one message, the ack carries that answer instead. Runs on a
 * Bolt request thread (Jetty or Socket Mode) and never blocks it: {@link CommandBus#dispatch} returns at once, and
 * delivery runs on the adapter's outbound executor.
 */
final class SlackSlashCommandHandler implements SlashCommandHandler {
    private static final Logger log = LoggerFactory.getLogger(SlackSlashCommandHandler.class);

    private final CommandBus bus;
    private final SlackCommandTranslator translator;
    private final SlackCallerResolver callers;
    private final SlackDelivery delivery;
    private final SlackReplyRenderer renderer;
    private final Executor outbound;

    SlackSlashCommandHandler(CommandBus bus, SlackCommandTranslator translator, SlackCallerResolver callers,
            SlackDelivery delivery, SlackReplyRenderer renderer, Executor outbound) {
        this.bus = bus;
        this.translator = translator;
        this.callers = callers;
        this.delivery = delivery;
        this.renderer = renderer;
        this.outbound = outbound;
    }

    @Override
    public Response apply(SlashCommandRequest req, SlashCommandContext ctx) {
        try {
            SlashCommandPayload p = req.getPayload();
            String text = translator.commandText(p.getText());
            ConversationRef where = translator.conversation(p.getTeamId(), p.getChannelId(), p.getChannelName(),
                    null);
            SlackDelivery.Target to = new SlackDelivery.Target(p.getResponseUrl(), where, p.getUserId(), text, "ran");
            Optional<Caller> now = callers.resolveNow(p.getUserId(), p.getUserName());
            CompletableFuture<Reply> reply = now.isPresent()
                    ? bus.dispatch(translator.toInvocation(now.get(), where, p.getText()))
                    : callers.resolve(p.getUserId(), p.getUserName())
                            .thenCompose(c -> bus.dispatch(translator.toInvocation(c, where, p.getText())));
            if (reply.isDone()) {
                Reply r = reply.join();
                SlackMessage m = renderer.render(r, Optional.empty(), "");
                if (r.visibility() == Visibility.ONLY_CALLER && r.stream().isEmpty() && m.overflow().isEmpty()) {
                    // e.g. "busy": the answer is the ack itself
                    return ctx.ack(SlashCommandResponse.builder().responseType("ephemeral").text(m.text())
                            .blocks(m.blocks()).build());
                }
            }
            reply.whenCompleteAsync((r, t) -> {
                try {
                    if (r != null) {
                        delivery.answerCommand(to, r);
                    } else {
                        delivery.tell(to, ":x: " + SlackText.escape(incident(t)));
                    }
                } catch (RuntimeException e) {
                    incident(e);
                }
            }, outbound);
            return ctx.ack(SlashCommandResponse.builder().responseType("ephemeral")
                    .text(":hourglass_flowing_sand: Working on `/docker " + SlackText.escapeInlineCode(
                            SlackText.cut(text, 200)) + "`…").build());
        } catch (RejectedExecutionException e) {
            log.warn("the Slack outbound queue is full; refusing a command");
            return ctx.ack(SlashCommandResponse.builder().responseType("ephemeral")
                    .text(":x: Stevedore is busy; try again in a moment.").build());
        } catch (RuntimeException e) {
            return ctx.ack(SlashCommandResponse.builder().responseType("ephemeral")
                    .text(":x: " + SlackText.escape(incident(e))).build());
        }
    }

    /**
     * Logs an unexpected failure once, with a fresh incident id, and returns the line the user sees.
     *
     * @param t the failure
     * @return e.g. "something went wrong (incident 0a1b2c3d); the operator can find it in the bot's log"
     */
    static String incident(Throwable t) {
        String id = String.format("%08x", ThreadLocalRandom.current().nextInt());
        log.error("incident {} in the Slack adapter", id, t);
        return "something went wrong (incident " + id + "); the operator can find it in the bot's log";
    }
}
