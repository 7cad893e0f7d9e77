package dev.stevedore.adapter.discord;

import dev.stevedore.core.auth.AccessPolicy;
import dev.stevedore.core.auth.ContainerScope;
import dev.stevedore.core.bus.ActionInvocation;
import dev.stevedore.core.bus.CommandBus;
import dev.stevedore.core.bus.Invocation;
import dev.stevedore.core.command.CommandParser;
import dev.stevedore.core.command.CommandSpec;
import dev.stevedore.core.error.UsageException;
import dev.stevedore.core.port.MessageRef;
import dev.stevedore.core.reply.Action;
import dev.stevedore.core.reply.Block;
import dev.stevedore.core.reply.Reply;
import dev.stevedore.core.reply.Severity;
import dev.stevedore.core.reply.Visibility;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import net.dv8tion.jda.api.entities.channel.middleman.MessageChannel;
import net.dv8tion.jda.api.events.interaction.command.CommandAutoCompleteInteractionEvent;
import net.dv8tion.jda.api.events.interaction.command.SlashCommandInteractionEvent;
import net.dv8tion.jda.api.events.interaction.component.ButtonInteractionEvent;
import net.dv8tion.jda.api.hooks.ListenerAdapter;
import net.dv8tion.jda.api.interactions.AutoCompleteQuery;
import net.dv8tion.jda.api.interactions.Interaction;
import net.dv8tion.jda.api.interactions.InteractionHook;
import net.dv8tion.jda.api.interactions.commands.Command;
import net.dv8tion.jda.api.interactions.commands.OptionMapping;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Handles {@code /docker} slash commands, their autocomplete, and the buttons of the bot's messages.
 *
 * <p>Every interaction is acknowledged at once, on the JDA event thread and before any other work
 * ({@code deferReply} for commands, {@code deferEdit} for buttons, always with {@code queue()}), then answered only
 * through the interaction hook: Discord's <b>3-second</b> deadline is met even when the engine is stalled, and
 * nothing is ever acknowledged twice (CASES.md P22). Whether a reply is ephemeral is decided before deferring, from
 * the command's spec; a refusal or error for a public command becomes an ephemeral followup and the public
 * "thinking" message is deleted. Results of actions are public and say who ran them.
 *
 * <p>Confirm / Cancel clicks go to {@link CommandBus#act} with the button's id as it is: the core lets only the
 * requester confirm, lets exactly one click win and expires tokens; here a refusal is shown only to the clicker,
 * and a settled confirmation replaces the prompt (buttons removed) with the outcome. Buttons whose confirmation
 * expired unused are removed when it expires. Other {@code stv:} buttons (an exit alert's Restart / Logs / Remove,
 * {@code stv:cmd:TEXT}) run their command as the clicker through the same {@code act}; the result is posted below
 * the message, which stays.
 *
 * <p>Autocomplete answers from {@link EngineNameCache} (never the engine), only with containers the caller may act
 * on, at most 25 choices.
 *
 * <p>Replies are rendered and sent on the {@code responder} executor, never on the JDA event thread, even when the
 * bus answers at once ("busy"): the event thread only parses, defers and hands over, so a burst of interactions is
 * acknowledged as fast as JDA reads them.
 *
 * <p>Listener failures are caught and logged with an incident id; users see only that id, never exception text.
 */
final class DiscordInteractionListener extends ListenerAdapter {
    private static final Logger log = LoggerFactory.getLogger(DiscordInteractionListener.class);
    /** How long before a hook expires (15 min) this adapter stops using it for prompt expiry. */
    private static final Duration HOOK_LIFETIME = Duration.ofMinutes(14);

    private final CommandBus bus;
    private final AccessPolicy policy;
    private final DiscordCommandModel model;
    private final CommandParser parser;
    private final EngineNameCache names;
    private final DiscordReplyRenderer renderer;
    private final DiscordMessageSink sink;
    private final DiscordStreamPublisher streams;
    private final ScheduledExecutorService scheduler;
    private final java.util.concurrent.Executor responder;
    private final Duration confirmTtl;
    private final Map<String, Prompt> prompts = new ConcurrentHashMap<>();

    /** A confirmation prompt on display, whose buttons go when it expires unless a click settled it first. */
    private static final class Prompt {
        final AtomicBoolean settled = new AtomicBoolean();
        volatile @Nullable ScheduledFuture<?> expiry;
    }

    DiscordInteractionListener(CommandBus bus, AccessPolicy policy, DiscordCommandModel model, EngineNameCache names,
            DiscordReplyRenderer renderer, DiscordMessageSink sink, DiscordStreamPublisher streams,
            ScheduledExecutorService scheduler, java.util.concurrent.Executor responder, Duration confirmTtl) {
        this.bus = bus;
        this.policy = policy;
        this.model = model;
        this.parser = new CommandParser(bus.catalog());
        this.names = names;
        this.renderer = renderer;
        this.sink = sink;
        this.streams = streams;
        this.scheduler = scheduler;
        this.responder = responder;
        this.confirmTtl = confirmTtl;
    }

    // ------------------------------------------------------------------ slash commands

    @Override
    public void onSlashCommandInteraction(SlashCommandInteractionEvent event) {
        if (!event.getName().equals(DiscordCommandModel.COMMAND)) {
            return;
        }
        try {
            slash(event);
        } catch (RuntimeException e) {
            internalError(event, event.isAcknowledged(), e);
        }
    }

    private void slash(SlashCommandInteractionEvent event) {
        DiscordIdentity who = DiscordIdentity.of(event);
        Optional<DiscordCommandModel.Route> route = model.route(event.getSubcommandGroup(), event.getSubcommandName());
        String text;
        boolean ephemeral;
        if (route.isEmpty()) {
            replyNow(event, Reply.error("this subcommand is not known (any more); the command list is being updated,"
                    + " try again in a minute or use /docker cli"));
            return;
        }
        try {
            text = DiscordCommandModel.toCommandText(route.get(), options(event.getOptions()));
            // a DM is private anyway, and usually refused: answer it privately
            ephemeral = who.direct() || visibility(route.get(), text) == Visibility.ONLY_CALLER;
        } catch (UsageException e) {
            replyNow(event, Reply.error(e.getMessage()));
            return;
        }
        // acknowledge first, before anything that could take time (P22)
        event.deferReply(ephemeral).queue(null, DiscordErrors.log("defer", event.getId()));
        remember(event);
        Invocation invocation = Invocation.of(who.caller(), who.conversation(), text);
        InteractionHook hook = event.getHook();
        bus.dispatch(invocation).whenCompleteAsync((reply, error) -> {
            MDC.put("invocation", invocation.id().value());
            try {
                if (error != null) {
                    throw new IllegalStateException("the bus completed exceptionally", error);
                }
                respond(hook, ephemeral, reply, who, invocation.id().value());
            } catch (java.util.concurrent.RejectedExecutionException shuttingDown) {
                log.debug("Discord connection closed; reply to invocation {} dropped", invocation.id().value());
            } catch (RuntimeException | AssertionError e) {
                // AssertionError: a reply block this renderer does not know yet; the user still gets an incident id
                sendInternalError(hook, ephemeral, e);
            } finally {
                MDC.remove("invocation");
            }
        }, responder);
    }

    /** Who sees the reply, decided before deferring: the spec's default, ephemeral when the text does not parse. */
    private Visibility visibility(DiscordCommandModel.Route route, String text) {
        CommandSpec spec = route.spec();
        if (spec != null) {
            return spec.visibility();
        }
        try {
            return parser.head(text).spec().visibility();
        } catch (UsageException e) {
            return Visibility.ONLY_CALLER;
        }
    }

    private static Map<String, Object> options(List<OptionMapping> options) {
        Map<String, Object> out = new HashMap<>();
        for (OptionMapping o : options) {
            switch (o.getType()) {
                case BOOLEAN -> out.put(o.getName(), o.getAsBoolean());
                case INTEGER -> out.put(o.getName(), o.getAsLong());
                default -> out.put(o.getName(), o.getAsString());
            }
        }
        return out;
    }

    private void replyNow(SlashCommandInteractionEvent event, Reply reply) {
        event.reply(renderer.render(reply).toCreateData()).setEphemeral(true)
                .queue(null, DiscordErrors.log("reply", event.getId()));
    }

    /**
     * Shows a reply through the hook of a deferred interaction.
     *
     * @param hook the hook
     * @param deferredEphemeral whether the deferral was ephemeral
     * @param reply the reply
     * @param who who asked, where
     * @param invocation the invocation id, for logs
     */
    private void respond(InteractionHook hook, boolean deferredEphemeral, Reply reply, DiscordIdentity who,
            String invocation) {
        DiscordMessage message = renderer.render(reply);
        if (reply.visibility() == Visibility.ONLY_CALLER && !deferredEphemeral) {
            // the deferral was public: the refusal goes to the caller alone, the public placeholder is removed
            hook.sendMessage(message.toCreateData()).setEphemeral(true).queue(
                    m -> DiscordErrors.quietly(() -> hook.deleteOriginal()
                            .queue(null, DiscordErrors.log("delete placeholder", invocation))),
                    DiscordErrors.log("ephemeral followup", invocation));
            return;
        }
        hook.editOriginal(message.toEditData()).queue(posted -> {
            if (reply.action(Action.Kind.CONFIRM).isPresent()) {
                watchPrompt(hook, reply, new MessageRef(who.conversation(), posted.getId()), true);
            }
            reply.stream().ifPresent(s -> streams.publish(s, who.conversation(), who.caller()));
        }, error -> {
            DiscordErrors.log("reply", invocation).accept(error);
            if (DiscordErrors.gone(error) && reply.visibility() == Visibility.PUBLIC) {
                // the interaction expired: the answer still reaches the channel
                sink.post(who.conversation(), message.withoutButtons());
            }
            reply.stream().ifPresent(s -> s.stop());
        });
    }

    // ------------------------------------------------------------------ confirmation prompts

    private void watchPrompt(InteractionHook hook, Reply prompt, MessageRef where, boolean original) {
        Prompt p = new Prompt();
        prompts.put(where.messageId(), p);
        Duration delay = confirmTtl.plusMillis(500);
        p.expiry = scheduler.schedule(() -> {
            prompts.remove(where.messageId());
            if (!p.settled.compareAndSet(false, true)) {
                return;
            }
            List<Block> blocks = prompt.blocks().stream()
                    .filter(b -> !(b instanceof Block.Actions) && !(b instanceof Block.Text))
                    .toList();
            DiscordMessage expired = renderer.render(blocks,
                    List.of("⌛ " + DiscordText.escapeMarkdown("this confirmation expired; nothing was done — run the"
                            + " command again")));
            if (delay.compareTo(HOOK_LIFETIME) >= 0) {
                sink.edit(where, expired);
            } else if (original) {
                DiscordErrors.quietly(() -> hook.editOriginal(expired.toEditData())
                        .queue(null, DiscordErrors.log("expire prompt", "-")));
            } else {
                DiscordErrors.quietly(() -> hook.editMessageById(where.messageId(), expired.toEditData())
                        .queue(null, DiscordErrors.log("expire prompt", "-")));
            }
        }, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void settled(String messageId) {
        Prompt p = prompts.remove(messageId);
        if (p != null) {
            p.settled.set(true);
            ScheduledFuture<?> f = p.expiry;
            if (f != null) {
                f.cancel(false);
            }
        }
    }

    // ------------------------------------------------------------------ buttons

    @Override
    public void onButtonInteraction(ButtonInteractionEvent event) {
        String id = event.getComponentId();
        if (!id.startsWith("stv:")) {
            return;
        }
        try {
            button(event, id);
        } catch (RuntimeException e) {
            internalError(event, event.isAcknowledged(), e);
        }
    }

    private void button(ButtonInteractionEvent event, String id) {
        DiscordIdentity who = DiscordIdentity.of(event);
        // acknowledge first: the clicker's own deferEdit, whatever happens next (P22)
        event.deferEdit().queue(null, DiscordErrors.log("defer click", event.getId()));
        InteractionHook hook = event.getHook();
        String messageId = event.getMessageId();
        // Stop/Detach of a live stream (stv:stop:<id>) goes to the bus like any button: it checks who pressed it
        remember(event);
        ActionInvocation click = ActionInvocation.of(who.caller(), who.conversation(), id);
        bus.act(click).whenCompleteAsync((reply, error) -> {
            MDC.put("invocation", click.id().value());
            try {
                if (error != null) {
                    throw new IllegalStateException("the bus completed exceptionally", error);
                }
                if (reply.visibility() == Visibility.ONLY_CALLER || reply.severity().orElse(Severity.INFO)
                        == Severity.ERROR) {
                    // not the requester, already handled, expired: only the clicker learns it; the prompt stays
                    ephemeral(hook, reply, click.id().value());
                    return;
                }
                if (isConfirmation(id)) {
                    // Confirm / Cancel: the outcome replaces the prompt, buttons and all
                    settled(messageId);
                    DiscordMessage outcome = renderer.render(reply);
                    hook.editOriginal(outcome.toEditData()).queue(null,
                            DiscordErrors.log("show outcome", click.id().value()));
                    return;
                }
                // a command button (an exit alert's Restart / Logs / Remove): its result is a new message below
                hook.sendMessage(renderer.render(reply).toCreateData()).queue(posted -> {
                    if (reply.action(Action.Kind.CONFIRM).isPresent()) {
                        watchPrompt(hook, reply, new MessageRef(who.conversation(), posted.getId()), false);
                    }
                    reply.stream().ifPresent(st -> streams.publish(st, who.conversation(), who.caller()));
                }, DiscordErrors.log("command button result", click.id().value()));
            } catch (java.util.concurrent.RejectedExecutionException shuttingDown) {
                log.debug("Discord connection closed; outcome of click {} dropped", click.id().value());
            } catch (RuntimeException | AssertionError e) {
                sendInternalError(hook, true, e);
            } finally {
                MDC.remove("invocation");
            }
        }, responder);
    }

    /**
     * Whether a button is the Confirm or Cancel of a core confirmation ({@code stv:ok:TOKEN}, {@code stv:no:TOKEN}),
     * whose outcome replaces the prompt; other {@code stv:} buttons run a command and answer below.
     */
    private static boolean isConfirmation(String buttonId) {
        return buttonId.startsWith("stv:ok:") || buttonId.startsWith("stv:no:");
    }

    private void ephemeral(InteractionHook hook, Reply reply, String invocation) {
        hook.sendMessage(renderer.render(reply).withoutButtons().toCreateData()).setEphemeral(true)
                .queue(null, DiscordErrors.log("ephemeral followup", invocation));
    }

    // ------------------------------------------------------------------ autocomplete

    @Override
    public void onCommandAutoCompleteInteraction(CommandAutoCompleteInteractionEvent event) {
        if (!event.getName().equals(DiscordCommandModel.COMMAND)) {
            return;
        }
        List<Command.Choice> choices;
        try {
            choices = complete(event);
        } catch (RuntimeException e) {
            log.warn("autocomplete failed", e);
            choices = List.of();
        }
        event.replyChoices(choices).queue(null, DiscordErrors.log("autocomplete", event.getId()));
    }

    private List<Command.Choice> complete(CommandAutoCompleteInteractionEvent event) {
        Optional<DiscordCommandModel.Route> route = model.route(event.getSubcommandGroup(), event.getSubcommandName());
        AutoCompleteQuery focused = event.getFocusedOption();
        if (route.isEmpty() || route.get().spec() == null) {
            return List.of();
        }
        CommandSpec spec = route.get().spec();
        Optional<DiscordCommandModel.Binding> binding = route.get().binding(focused.getName());
        if (binding.isEmpty()) {
            return List.of();
        }
        DiscordIdentity who = DiscordIdentity.of(event);
        if (!policy.checkVerb(who.caller(), spec.verb(), who.conversation()).allowed()) {
            return List.of();
        }
        String typed = focused.getValue();
        String prefix = "";
        if (binding.get().source() == DiscordCommandModel.Source.MORE) {
            int cut = Math.max(typed.lastIndexOf(' '), typed.lastIndexOf(',')) + 1;
            prefix = typed.substring(0, cut);
            typed = typed.substring(cut);
        }
        switch (binding.get().completion()) {
            case CONTAINER: {
                List<EngineNameCache.ContainerName> mine = names.containers().stream()
                        .filter(c -> policy.checkContainer(who.caller(), spec.verb(), who.conversation(),
                                new ContainerScope(c.id(), c.name(), c.labels())).allowed())
                        .toList();
                boolean wantsRunning = RUNNING_VERBS.contains(spec.verb());
                boolean wantsStopped = STOPPED_VERBS.contains(spec.verb());
                return DiscordAutocomplete.choices(mine, typed, EngineNameCache.ContainerName::name,
                        EngineNameCache.ContainerName::id,
                        c -> (wantsRunning && !c.running()) || (wantsStopped && c.running()) ? 1 : 0,
                        c -> c.name() + " · " + c.state() + " · " + c.image(), prefix);
            }
            case IMAGE:
                return DiscordAutocomplete.choices(names.images(), typed, s -> s, s -> "", s -> 0, s -> s, prefix);
            case COMMAND:
                return DiscordAutocomplete.choices(bus.catalog().specs(), typed, CommandSpec::name, s -> "", s -> 0,
                        s -> s.name() + " — " + s.summary(), prefix);
            case NONE:
            default:
                return List.of();
        }
    }

    private static final java.util.Set<String> RUNNING_VERBS = java.util.Set.of("stop", "restart", "attach");
    private static final java.util.Set<String> STOPPED_VERBS = java.util.Set.of("start", "rm", "commit");

    // ------------------------------------------------------------------ shared

    private void remember(Interaction interaction) {
        try {
            if (interaction.getChannel() instanceof MessageChannel c) {
                sink.remember(c);
            }
        } catch (RuntimeException e) {
            log.debug("interaction channel not usable for later posts", e);
        }
    }

    /** A failure in this adapter's own code: one ERROR log with an incident id; the user sees only the id. */
    private void internalError(net.dv8tion.jda.api.interactions.callbacks.IReplyCallback event,
            boolean acknowledged, RuntimeException e) {
        String incident = incident(e);
        Reply r = internalReply(incident);
        if (acknowledged) {
            sendInternalError(event.getHook(), true, r);
        } else {
            event.reply(renderer.render(r).toCreateData()).setEphemeral(true)
                    .queue(null, DiscordErrors.log("error reply", event.getId()));
        }
    }

    private void sendInternalError(InteractionHook hook, boolean ephemeral, Throwable e) {
        sendInternalError(hook, ephemeral, internalReply(incident(e)));
    }

    private void sendInternalError(InteractionHook hook, boolean ephemeral, Reply r) {
        DiscordErrors.quietly(() -> hook.sendMessage(renderer.render(r).toCreateData()).setEphemeral(true).queue(m -> {
            if (!ephemeral) {
                DiscordErrors.quietly(() -> hook.deleteOriginal().queue(null,
                        DiscordErrors.log("delete placeholder", "-")));
            }
        }, DiscordErrors.log("error followup", "-")));
    }

    private static String incident(Throwable e) {
        String incident = String.format(Locale.ROOT, "%08x", ThreadLocalRandom.current().nextInt());
        log.error("incident {} in the Discord adapter", incident, e);
        return incident;
    }

    private static Reply internalReply(String incident) {
        return Reply.error("something went wrong (incident " + incident + "); the operator can find it in the bot's"
                + " log");
    }
}
