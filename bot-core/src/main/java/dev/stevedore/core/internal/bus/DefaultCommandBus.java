package dev.stevedore.core.internal.bus;

import dev.stevedore.core.audit.AuditEntry;
import dev.stevedore.core.audit.AuditLog;
import dev.stevedore.core.auth.AccessDecision;
import dev.stevedore.core.auth.AccessPolicy;
import dev.stevedore.core.auth.Caller;
import dev.stevedore.core.auth.ContainerScope;
import dev.stevedore.core.bus.ActionInvocation;
import dev.stevedore.core.bus.CommandBus;
import dev.stevedore.core.bus.CommandHandler;
import dev.stevedore.core.bus.ConversationRef;
import dev.stevedore.core.bus.HandlerContext;
import dev.stevedore.core.bus.Invocation;
import dev.stevedore.core.bus.InvocationId;
import dev.stevedore.core.bus.Preview;
import dev.stevedore.core.command.Command;
import dev.stevedore.core.command.CommandCatalog;
import dev.stevedore.core.command.CommandParser;
import dev.stevedore.core.command.CommandSpec;
import dev.stevedore.core.command.ContainerRef;
import dev.stevedore.core.engine.ContainerDetails;
import dev.stevedore.core.engine.ContainerGateway;
import dev.stevedore.core.error.AccessDeniedException;
import dev.stevedore.core.error.BusyException;
import dev.stevedore.core.error.CommandException;
import dev.stevedore.core.error.ConfirmationException;
import dev.stevedore.core.error.NoSuchContainerException;
import dev.stevedore.core.error.UsageException;
import dev.stevedore.core.internal.confirm.Confirmations;
import dev.stevedore.core.internal.confirm.PendingConfirmation;
import dev.stevedore.core.reply.Action;
import dev.stevedore.core.reply.Block;
import dev.stevedore.core.reply.Reply;
import dev.stevedore.core.reply.Severity;
import dev.stevedore.core.reply.Visibility;
import dev.stevedore.core.stream.LiveStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The command bus: parse → permission (verb) → resolve targets → permission (container scope) → confirm if
 * destructive → handler, all on a bounded executor, always ending in a {@link Reply}.
 *
 * <p>Thread-safe. Each invocation logs one INFO line with its id, caller, command and outcome.
 */
public final class DefaultCommandBus implements CommandBus {
    /** Prefix of confirm action ids: {@code stv:ok:TOKEN}. */
    static final String CONFIRM_PREFIX = "stv:ok:";
    /** Prefix of cancel action ids: {@code stv:no:TOKEN}. */
    static final String CANCEL_PREFIX = "stv:no:";
    private static final Logger log = LoggerFactory.getLogger(DefaultCommandBus.class);

    private final CommandCatalog catalog;
    private final CommandParser parser;
    private final ContainerGateway engine;
    private final AccessPolicy policy;
    private final Confirmations confirmations;
    private final ExecutorService executor;
    private final Map<Class<? extends Command>, CommandHandler<?>> handlers;
    private final Set<LiveStream> streams = ConcurrentHashMap.newKeySet();
    private final AuditLog auditLog;
    private final dev.stevedore.core.stream.StreamRegistry streamRegistry =
            new dev.stevedore.core.stream.StreamRegistry();
    private volatile java.time.Duration deadline = java.time.Duration.ofSeconds(60);

    /**
     * Creates the bus.
     *
     * @param catalog the commands
     * @param engine the engine, for resolving target containers
     * @param policy who may do what
     * @param confirmations the pending-confirmation store
     * @param executor a bounded executor; a rejected task becomes a "busy" reply
     * @param handlers one handler per command type
     * @param auditLog where every invocation and click is recorded
     * @throws IllegalStateException if two handlers claim the same command type
     */
    public DefaultCommandBus(CommandCatalog catalog, ContainerGateway engine, AccessPolicy policy,
            Confirmations confirmations, ExecutorService executor, List<CommandHandler<?>> handlers,
            AuditLog auditLog) {
        this.auditLog = auditLog;
        this.catalog = catalog;
        this.parser = new CommandParser(catalog);
        this.engine = engine;
        this.policy = policy;
        this.confirmations = confirmations;
        this.executor = executor;
        Map<Class<? extends Command>, CommandHandler<?>> map = new ConcurrentHashMap<>();
        for (CommandHandler<?> h : handlers) {
            if (map.putIfAbsent(h.type(), h) != null) {
                throw new IllegalStateException("two handlers for " + h.type().getSimpleName());
            }
        }
        this.handlers = Map.copyOf(map);
    }

    /**
     * Sets how long a caller waits for a command before being told the engine has not answered (the command goes
     * on in the background and its outcome is still audited).
     *
     * @param limit positive; default 60 s
     */
    public void deadline(java.time.Duration limit) {
        this.deadline = limit;
    }

    /**
     * The handlers by command type, for the compliance test.
     *
     * @return the registry
     */
    public Map<Class<? extends Command>, CommandHandler<?>> handlers() {
        return handlers;
    }

    @Override
    public CommandCatalog catalog() {
        return catalog;
    }

    @Override
    public dev.stevedore.core.stream.StreamRegistry streamRegistry() {
        return streamRegistry;
    }

    @Override
    public CompletableFuture<Reply> dispatch(Invocation inv) {
        return submit(inv.id(), inv.caller(), inv.conversation(), inv.text(), () -> run(inv), deadlineFor(inv.text()));
    }

    @Override
    public CompletableFuture<Reply> act(ActionInvocation click) {
        return submit(click.id(), click.caller(), click.conversation(), "action:" + click.actionId(),
                () -> runAction(click), deadline);
    }

    /**
     * How long a caller waits for this command: the default deadline, longer for pulls and commits, and a stop or
     * restart's own grace period on top.
     */
    private java.time.Duration deadlineFor(String text) {
        java.time.Duration base = deadline;
        try {
            Command c = parser.parse(text);
            if (c instanceof Command.PullImage || c instanceof Command.CommitContainer) {
                return base.multipliedBy(10);
            }
            if (c instanceof Command.StopContainers s && s.timeout().isPresent()) {
                return base.plus(s.timeout().get().multipliedBy(s.containers().size()));
            }
            if (c instanceof Command.RestartContainers r && r.timeout().isPresent()) {
                return base.plus(r.timeout().get().multipliedBy(r.containers().size()));
            }
            if (c instanceof Command.StopContainers s) {
                return base.plus(java.time.Duration.ofSeconds(10L * s.containers().size()));
            }
        } catch (RuntimeException e) {
            // unparsable: the worker answers with the usage error at once
        }
        return base;
    }

    private CompletableFuture<Reply> submit(InvocationId id, Caller caller, ConversationRef where, String input,
            Supplier<Reply> work, java.time.Duration limit) {
        long start = System.nanoTime();
        CompletableFuture<Reply> future = new CompletableFuture<>();
        try {
            executor.execute(() -> {
                MDC.put("invocation", id.value());
                try {
                    Reply r = safely(id, work);
                    long ms = (System.nanoTime() - start) / 1_000_000;
                    String outcome = r.severity().map(s -> s.name().toLowerCase(Locale.ROOT)).orElse("ok");
                    log.info("{} {} \"{}\" → {} ({} ms)", who(caller), where.channelId(), input, outcome, ms);
                    audit(id, caller, where, input, outcome, r.plainText(), ms);
                    future.complete(r);
                } finally {
                    MDC.remove("invocation");
                }
            });
        } catch (RejectedExecutionException e) {
            Reply busy = Reply.error(new BusyException().getMessage());
            audit(id, caller, where, input, "busy", busy.plainText(), 0);
            future.complete(busy);
        }
        return future.completeOnTimeout(Reply.error("no answer from the Docker Engine within " + limit.toSeconds()
                + " s — the command may still complete; check with ps"), limit.toMillis(),
                java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    private void audit(InvocationId id, Caller caller, ConversationRef where, String input, String outcome,
            String text, long ms) {
        String first = text.lines().findFirst().orElse("");
        try {
            auditLog.record(new AuditEntry(Instant.now(), id.value(), caller.platform().name().toLowerCase(Locale.ROOT),
                    caller.userId(), caller.displayName(), where.channelId(), input, outcome,
                    first.length() > 200 ? first.substring(0, 200) : first, ms));
        } catch (RuntimeException e) {
            log.warn("audit log failed", e);
        }
    }

    private static String who(Caller c) {
        return c.platform().name().toLowerCase(Locale.ROOT) + ":" + c.userId();
    }

    private static Reply safely(InvocationId id, Supplier<Reply> work) {
        try {
            return work.get();
        } catch (UsageException e) {
            Reply r = Reply.error(e.getMessage());
            return e.usage().map(u -> r.with(new Block.Text(u))).orElse(r);
        } catch (CommandException e) {
            return Reply.error(e.getMessage());
        } catch (RuntimeException | Error e) {
            String incident = String.format("%08x", ThreadLocalRandom.current().nextInt());
            log.error("incident {} in invocation {}", incident, id, e);
            return Reply.error("something went wrong (incident " + incident
                    + "); the operator can find it in the bot's log");
        }
    }

    private Reply run(Invocation inv) {
        Command command = parser.parse(inv.text());
        CommandSpec spec = catalog.specFor(command.getClass()).orElseThrow(
                () -> new IllegalStateException("no spec for " + command.getClass().getSimpleName()));
        check(policy.checkVerb(inv.caller(), spec.verb(), inv.conversation()));
        checkCreatedScope(inv, spec.verb(), command);
        List<ContainerDetails> targets = new ArrayList<>();
        List<Block> unknown = new ArrayList<>();
        Set<String> seen = new java.util.HashSet<>();
        for (ContainerRef ref : command.targets()) {
            try {
                ContainerDetails d = engine.inspect(ref);
                if (seen.add(d.id())) {
                    targets.add(d);
                }
            } catch (NoSuchContainerException e) {
                if (command.targets().size() == 1) {
                    throw e;
                }
                // like the CLI: report the unknown ones and go on with the others
                unknown.add(new Block.Notice(Severity.ERROR, e.getMessage()));
            }
        }
        if (!command.targets().isEmpty() && targets.isEmpty()) {
            return new Reply(Visibility.ONLY_CALLER, unknown, Optional.empty());
        }
        for (ContainerDetails t : targets) {
            check(policy.checkContainer(inv.caller(), spec.verb(), inv.conversation(),
                    new ContainerScope(t.id(), t.name(), t.labels())));
        }
        if (command instanceof Command.RenameContainer rename) {
            ContainerDetails t = targets.get(0);
            check(policy.checkContainer(inv.caller(), spec.verb(), inv.conversation(),
                    new ContainerScope(t.id(), rename.newName(), t.labels())));
        }
        java.util.function.Predicate<ContainerScope> inScope =
                c -> policy.checkContainer(inv.caller(), spec.verb(), inv.conversation(), c).allowed();
        HandlerContext ctx = new HandlerContext(inv.id(), inv.caller(), inv.conversation(), targets, Optional.empty(),
                inScope);
        Reply reply = runResolved(inv, spec, command, ctx);
        if (unknown.isEmpty()) {
            return reply;
        }
        List<Block> blocks = new ArrayList<>(unknown);
        blocks.addAll(reply.blocks());
        return new Reply(reply.visibility(), blocks, reply.stream());
    }

    /** Containers a command makes must be in the caller's scope too: a name and labels the role covers. */
    private void checkCreatedScope(Invocation inv, String verb, Command command) {
        dev.stevedore.core.command.ContainerSpec made = command instanceof Command.RunContainer r ? r.spec()
                : command instanceof Command.CreateContainer c ? c.spec() : null;
        if (made == null) {
            return;
        }
        Map<String, String> labels = new java.util.LinkedHashMap<>();
        for (String l : made.labels()) {
            int eq = l.indexOf('=');
            labels.put(eq < 0 ? l : l.substring(0, eq), eq < 0 ? "" : l.substring(eq + 1));
        }
        AccessDecision d = policy.checkContainer(inv.caller(), verb, inv.conversation(),
                new ContainerScope("", made.name().orElse(""), labels));
        if (!d.allowed()) {
            throw new AccessDeniedException(made.name().isEmpty()
                    ? "you may only " + verb + " containers your role covers: give a matching --name (and labels)"
                    : "you are not allowed to " + verb + " a container named " + made.name().get()
                            + (labels.isEmpty() ? "" : " with these labels") + " (outside your role's scope)");
        }
    }

    private Reply runResolved(Invocation inv, CommandSpec spec, Command command, HandlerContext ctx) {
        CommandHandler<Command> handler = handlerFor(command);
        if (!spec.destructive()) {
            return track(handler.handle(command, ctx));
        }
        Preview preview = handler.preview(command, ctx);
        if (!preview.actionable()) {
            return Reply.info(preview.question());
        }
        String token = Confirmations.newToken();
        confirmations.add(new PendingConfirmation(token, inv.caller(), inv.conversation(), command, inv.text(),
                preview.boundIds(), confirmations.expiry()));
        List<Block> blocks = new ArrayList<>();
        blocks.add(new Block.Notice(Severity.WARNING, preview.question()));
        if (!preview.details().isEmpty()) {
            blocks.add(new Block.Code(String.join("\n", preview.details()), ""));
        }
        blocks.add(new Block.Text("Only " + inv.caller().displayName() + " can confirm; this expires in "
                + humanTtl() + "."));
        blocks.add(new Block.Actions(List.of(
                new Action(CONFIRM_PREFIX + token, "Confirm", Action.Kind.CONFIRM),
                new Action(CANCEL_PREFIX + token, "Cancel", Action.Kind.CANCEL))));
        return new Reply(Visibility.PUBLIC, blocks, Optional.empty());
    }

    private String humanTtl() {
        long s = confirmations.ttl().toSeconds(); // not now-vs-expiry: that mixes clocks and truncates to 119 s
        return s % 60 == 0 || s > 600 ? Math.round(s / 60.0) + " min" : s + " s";
    }

    private Reply runAction(ActionInvocation click) {
        String id = click.actionId();
        if (id.startsWith(Action.COMMAND_PREFIX)) {
            // a button that runs a command (exit alerts): as if the clicker typed it here, with their permissions
            // and, for a destructive command, a confirmation bound to them
            return run(new Invocation(click.id(), click.caller(), click.conversation(),
                    id.substring(Action.COMMAND_PREFIX.length()), click.receivedAt()));
        }
        if (id.startsWith(dev.stevedore.core.stream.StreamRegistry.STOP_PREFIX)) {
            return stopStream(click, id.substring(dev.stevedore.core.stream.StreamRegistry.STOP_PREFIX.length()));
        }
        boolean confirm = id.startsWith(CONFIRM_PREFIX);
        if (!confirm && !id.startsWith(CANCEL_PREFIX)) {
            throw new ConfirmationException("this button is no longer active");
        }
        String token = id.substring(CONFIRM_PREFIX.length());
        PendingConfirmation p = confirmations.claim(token, click.caller(), click.conversation());
        if (!confirm) {
            confirmations.resolved(token, "cancelled by " + click.caller().displayName());
            return Reply.info("cancelled by " + click.caller().displayName() + ": " + p.text());
        }
        String who = click.caller().displayName();
        try {
            Reply outcome = runConfirmed(p, click);
            confirmations.resolved(token, "confirmed by " + who);
            return outcome;
        } catch (RuntimeException e) {
            confirmations.resolved(token, "confirmed by " + who + ", but it did not run: "
                    + (e instanceof dev.stevedore.core.error.CommandException ? e.getMessage() : "internal error"));
            throw e;
        }
    }

    /** Stop/Detach on a live stream: its requester, or an admin (a role allowing every command), may press it. */
    private Reply stopStream(ActionInvocation click, String streamId) {
        Optional<dev.stevedore.core.stream.StreamRegistry.Entry> found = streamRegistry.find(streamId);
        if (found.isEmpty()) {
            return Reply.info("this stream has already ended");
        }
        dev.stevedore.core.stream.StreamRegistry.Entry e = found.get();
        Caller who = click.caller();
        boolean requester = who.platform() == e.requester().platform() && who.userId().equals(e.requester().userId());
        if (!requester && !policy.checkVerb(who, "*", click.conversation()).allowed()) {
            throw new AccessDeniedException("only " + e.requester().displayName() + " (who started it) or an admin"
                    + " can stop this stream");
        }
        e.stopper().accept(who);
        // the stream's own message says it publicly when it ends; this answer is for the clicker
        return Reply.of(dev.stevedore.core.reply.Visibility.ONLY_CALLER,
                new dev.stevedore.core.reply.Block.Notice(dev.stevedore.core.reply.Severity.INFO,
                        "stopped by " + who.displayName()));
    }

    private Reply runConfirmed(PendingConfirmation p, ActionInvocation click) {
        CommandSpec spec = catalog.specFor(p.command().getClass()).orElseThrow();
        // permissions are checked again: roles may have changed since the prompt
        check(policy.checkVerb(click.caller(), spec.verb(), click.conversation()));
        List<ContainerDetails> targets = new ArrayList<>();
        for (String boundId : p.boundIds()) {
            try {
                targets.add(engine.inspect(new ContainerRef(boundId)));
            } catch (NoSuchContainerException e) {
                if (!(p.command() instanceof Command.PruneContainers)) {
                    // the container asked about is gone (perhaps replaced by a new one with the same name)
                    throw new ConfirmationException("confirmation expired: the container it was for ("
                            + boundId.substring(0, Math.min(12, boundId.length()))
                            + ") no longer exists — run the command again");
                }
            }
        }
        for (ContainerDetails t : targets) {
            check(policy.checkContainer(click.caller(), spec.verb(), click.conversation(),
                    new ContainerScope(t.id(), t.name(), t.labels())));
        }
        HandlerContext ctx = new HandlerContext(click.id(), p.requester(), p.conversation(), targets,
                Optional.of(click.caller()));
        return track(handlerFor(p.command()).handle(p.command(), ctx));
    }

    private List<ContainerDetails> resolve(List<ContainerRef> refs) {
        List<ContainerDetails> out = new ArrayList<>(refs.size());
        for (ContainerRef r : refs) {
            out.add(engine.inspect(r));
        }
        return out;
    }

    private static void check(AccessDecision d) {
        if (d instanceof AccessDecision.Denied denied) {
            throw new AccessDeniedException(denied.reason());
        }
    }

    @SuppressWarnings("unchecked")
    private CommandHandler<Command> handlerFor(Command command) {
        CommandHandler<?> h = handlers.get(command.getClass());
        if (h == null) {
            throw new IllegalStateException("no handler for " + command.getClass().getSimpleName());
        }
        return (CommandHandler<Command>) h;
    }

    private Reply track(Reply reply) {
        reply.stream().ifPresent(s -> {
            streams.add(s);
            s.ended().whenComplete((end, t) -> streams.remove(s));
        });
        return reply;
    }

    @Override
    public void close() {
        executor.shutdown();
        for (LiveStream s : List.copyOf(streams)) {
            s.stop();
        }
    }

    /**
     * The streams started by this bus and still running.
     *
     * @return a snapshot
     */
    public Set<LiveStream> liveStreams() {
        return Set.copyOf(streams);
    }

    /**
     * The conversation a token was requested in, for tests.
     *
     * @param token the token
     * @return the conversation, or empty if not pending
     */
    Optional<ConversationRef> pendingConversation(String token) {
        return confirmations.peek(token).map(PendingConfirmation::conversation);
    }
}
