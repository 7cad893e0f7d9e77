package dev.stevedore.adapter.discord;

import dev.stevedore.core.auth.AccessPolicy;
import dev.stevedore.core.auth.Platform;
import dev.stevedore.core.bus.CommandBus;
import dev.stevedore.core.bus.ConversationRef;
import dev.stevedore.core.engine.ContainerGateway;
import dev.stevedore.core.port.MessageSink;
import java.time.Duration;
import java.util.EnumSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import net.dv8tion.jda.api.JDA;
import net.dv8tion.jda.api.JDABuilder;
import net.dv8tion.jda.api.events.guild.GuildJoinEvent;
import net.dv8tion.jda.api.events.session.ReadyEvent;
import net.dv8tion.jda.api.hooks.ListenerAdapter;
import net.dv8tion.jda.api.requests.GatewayIntent;
import net.dv8tion.jda.api.requests.RestConfig;
import net.dv8tion.jda.api.utils.SessionControllerAdapter;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Discord adapter: one JDA connection that offers {@code /docker} (see {@link DiscordCommandModel}), answers it
 * through the {@link CommandBus}, completes container and image names, and handles the bot's buttons.
 *
 * <p>JDA connects with no optional intent, only the {@code GUILDS} intent JDA always asks for (guilds, channels and
 * roles; no message content, no member list, nothing privileged), and with event passthrough on, so role ids are read from each interaction's own payload.
 * The REST base and the gateway URL come from the settings, so a proxy or a loopback fake can stand in for Discord.
 * Once READY, {@code /docker} is registered where its definition changed ({@link DiscordCommandRegistrar}).
 *
 * <p>Threading: JDA's threads deliver events; this adapter never blocks them. Its own daemon threads render and send
 * replies (two), run timers (confirmation expiry, stream edits; one) and reload autocomplete names (one). {@link #close()} disconnects and stops them.
 */
public final class DiscordAdapter implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DiscordAdapter.class);

    private final java.util.List<String> guilds;
    private final JDA jda;
    private final ScheduledExecutorService timers;
    private final ScheduledExecutorService loader;
    private final java.util.concurrent.ExecutorService responder;
    private final EngineNameCache names;
    private final DiscordStreamPublisher streams;
    private final DiscordMessageSink sink;
    private final CompletableFuture<Void> ready = new CompletableFuture<>();

    private DiscordAdapter(DiscordSettings settings, CommandBus bus, AccessPolicy policy, ContainerGateway engine) {
        this.timers = Executors.newSingleThreadScheduledExecutor(daemon("stevedore-discord-timer"));
        this.loader = Executors.newSingleThreadScheduledExecutor(daemon("stevedore-discord-names"));
        this.responder = Executors.newFixedThreadPool(2, daemon("stevedore-discord-reply"));
        this.guilds = settings.guilds();
        DiscordCommandModel model = DiscordCommandModel.of(bus.catalog().specs());
        DiscordReplyRenderer renderer = new DiscordReplyRenderer();
        DiscordCommandRegistrar registrar = new DiscordCommandRegistrar(model, settings.guilds(),
                settings.directMessages(), settings.stateFile());
        this.names = new EngineNameCache(engine, loader);
        LateJda late = new LateJda();
        this.sink = new DiscordMessageSink(late, renderer);
        this.streams = new DiscordStreamPublisher(sink, timers, bus.streamRegistry(),
                com.github.benmanes.caffeine.cache.Ticker.systemTicker());
        DiscordInteractionListener interactions = new DiscordInteractionListener(bus, policy, model, names, renderer,
                sink, streams, timers, responder, settings.confirmTtl());
        String gateway = settings.websocketUrl();
        try {
            // GUILD_MESSAGES + MESSAGE_CONTENT (privileged: enable it in the developer portal): the requester's
            // messages in the channel of an attach session go to the container's stdin
            this.jda = JDABuilder.createLight(settings.token().value(), settings.messageContent()
                            ? EnumSet.of(GatewayIntent.GUILD_MESSAGES, GatewayIntent.MESSAGE_CONTENT)
                            : EnumSet.noneOf(GatewayIntent.class))
                    .setRestConfig(new RestConfig().setBaseUrl(settings.restUrl()))
                    .setSessionController(new SessionControllerAdapter() {
                        @Override
                        public String getGateway() {
                            return gateway;
                        }
                    })
                    .setEventPassthrough(true)
                    .setEnableShutdownHook(false)
                    .addEventListeners(interactions, new ListenerAdapter() {
                        @Override
                        public void onReady(ReadyEvent event) {
                            log.info("connected to Discord as {} ({} guilds)", event.getJDA().getSelfUser().getName(),
                                    event.getGuildTotalCount());
                            registrar.sync(event.getJDA()).whenComplete((v, t) -> ready.complete(null));
                        }

                        @Override
                        public void onMessageReceived(
                                net.dv8tion.jda.api.events.message.MessageReceivedEvent event) {
                            if (event.getAuthor().isBot() || event.isWebhookMessage() || !event.isFromGuild()) {
                                return;
                            }
                            String text = event.getMessage().getContentRaw();
                            ConversationRef where = new ConversationRef(Platform.DISCORD, event.getGuild().getId(),
                                    event.getChannel().getId(), java.util.Optional.empty());
                            streams.input(event.getChannel().getId(), event.getAuthor().getId(), text,
                                    requester -> policy.checkVerb(requester, "attach", where).allowed());
                        }

                        @Override
                        public void onGuildJoin(GuildJoinEvent event) {
                            if (settings.guilds().contains(event.getGuild().getId())) {
                                registrar.sync(event.getJDA());
                            }
                        }
                    })
                    .build();
        } catch (RuntimeException e) {
            timers.shutdownNow();
            loader.shutdownNow();
            responder.shutdownNow();
            throw e;
        }
        late.set(jda);
        names.start();
    }

    /**
     * Connects to Discord and starts answering {@code /docker}.
     *
     * <p>Returns once the token is verified ({@code GET users/@me}); the gateway connection and the command
     * registration continue in the background ({@link #ready()}).
     *
     * @param settings where and how to connect
     * @param bus runs the commands
     * @param policy the same access policy the bus uses, to offer only permitted containers in autocomplete
     * @param engine the engine, for the autocomplete cache (listed in the background, never per keystroke)
     * @return the running adapter
     * @throws net.dv8tion.jda.api.exceptions.InvalidTokenException if Discord rejects the token
     * @throws IllegalArgumentException if the token is empty or contains whitespace
     * @throws IllegalStateException if the command catalog does not fit Discord's limits
     */
    public static DiscordAdapter start(DiscordSettings settings, CommandBus bus, AccessPolicy policy,
            ContainerGateway engine) {
        return new DiscordAdapter(settings, bus, policy, engine);
    }

    /**
     * Completes when the gateway session is READY and {@code /docker} has been checked (and registered where it
     * changed) in every configured guild. Never completes exceptionally.
     *
     * @return the future
     */
    public CompletableFuture<Void> ready() {
        return ready;
    }

    /**
     * The configured guilds the bot is not a member of (so {@code /docker} could not be registered there); only
     * meaningful once {@link #ready()} completed.
     *
     * @return guild ids from {@code discord.guilds} missing from the session; empty when all are there
     */
    public java.util.List<String> missingGuilds() {
        return guilds.stream().filter(id -> jda.getGuildById(id) == null).toList();
    }

    /**
     * Posting and editing channel messages, for streams and notifications.
     *
     * @return the sink; thread-safe
     */
    public MessageSink messageSink() {
        return sink;
    }

    /**
     * The JDA instance, for tests and wiring.
     *
     * @return the connection
     */
    JDA jda() {
        return jda;
    }

    /** Stops streams, disconnects from Discord (waiting up to 5 s for queued requests) and ends the threads. */
    @Override
    public void close() {
        streams.close();
        names.close();
        jda.shutdown();
        try {
            if (!jda.awaitShutdown(5, TimeUnit.SECONDS)) {
                jda.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            jda.shutdownNow();
        }
        timers.shutdownNow();
        loader.shutdownNow();
        responder.shutdownNow();
    }

    private static ThreadFactory daemon(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /** The JDA instance, known once built: the sink is created before JDA, its use comes after. */
    static final class LateJda implements java.util.function.Supplier<JDA> {
        private volatile @Nullable JDA jda;

        void set(JDA value) {
            this.jda = value;
        }

        @Override
        public JDA get() {
            JDA j = jda;
            if (j == null) {
                throw new IllegalStateException("JDA is not built yet");
            }
            return j;
        }
    }
}
