package dev.stevedore.adapter.slack;

import com.github.benmanes.caffeine.cache.Ticker;
import com.slack.api.Slack;
import com.slack.api.bolt.App;
import com.slack.api.bolt.AppConfig;
import com.slack.api.bolt.response.Response;
import com.slack.api.bolt.socket_mode.SocketModeApp;
import com.slack.api.socket_mode.SocketModeClient;
import dev.stevedore.config.SlackConfig;
import dev.stevedore.core.bus.CommandBus;
import dev.stevedore.core.port.MessageSink;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.servlet.ServletContextHandler;
import org.eclipse.jetty.servlet.ServletHolder;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Slack adapter: a Bolt for Java {@link App} with the {@code /docker} slash command and the buttons it posts,
 * hosted over HTTP or Socket Mode as {@code slack.mode} says.
 *
 * <ul>
 *   <li><b>HTTP</b> ({@code slack.mode: http}): an embedded Jetty bound to {@code slack.listen} serves
 *       {@value #EVENTS_PATH} for both the slash command and interactivity; every request's signature is checked on
 *       its raw bytes ({@link SlackRequestVerifier}).
 *   <li><b>Socket Mode</b> ({@code slack.mode: socket}): a WebSocket opened with the app-level token
 *       ({@code apps.connections.open}); no public endpoint is needed.
 * </ul>
 *
 * <p>Every request is acknowledged before the command bus does any work (Slack's 3-second limit); results follow
 * through {@code response_url}, {@code chat.postMessage}, {@code chat.update} and {@code files.uploadV2} against
 * {@code slack.apiUrl}. Lifecycle: build, {@link #start()} once, {@link #close()} once. Thread-safe.
 */
public final class SlackAdapter implements AutoCloseable {
    /** The path Slack posts to in HTTP mode, for the slash command and interactivity alike. */
    public static final String EVENTS_PATH = "/slack/events";
    /** The slash command, as in the app manifest. */
    public static final String COMMAND = "/docker";
    private static final Logger log = LoggerFactory.getLogger(SlackAdapter.class);

    private final SlackConfig config;
    private final App app;
    private final SlackRequestVerifier verifier;
    private final InetSocketAddress listen;
    private final ThreadPoolExecutor outbound;
    private final ScheduledExecutorService scheduler;
    private final SlackStreamRelay streams;
    private final SlackMessageSink sink;
    private volatile @Nullable Server server;
    private volatile @Nullable ServerConnector connector;
    private volatile @Nullable SocketModeApp socketMode;
    private volatile boolean closed;

    private SlackAdapter(Builder b) {
        this.config = b.config;
        this.listen = b.listen != null ? b.listen : parseListen(b.config.listen());
        this.outbound = new ThreadPoolExecutor(b.outboundThreads, b.outboundThreads, 60, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(10_000), daemon("slack-out"), new ThreadPoolExecutor.AbortPolicy());
        this.outbound.allowCoreThreadTimeOut(true);
        this.scheduler = Executors.newSingleThreadScheduledExecutor(daemon("slack-stream"));

        Slack slack = Slack.getInstance(sdkConfig(b.config.apiUrl()));
        SlackWeb web = new SlackWeb(slack, b.config.botToken().value());
        SlackReplyRenderer renderer = new SlackReplyRenderer();
        SlackCommandTranslator translator = new SlackCommandTranslator();
        this.sink = new SlackMessageSink(web, renderer, outbound);
        this.streams = new SlackStreamRelay(sink, scheduler, b.editInterval, b.bus.streamRegistry());
        SlackDelivery delivery = new SlackDelivery(web, renderer, streams, b.clock);
        SlackCallerResolver callers = new SlackCallerResolver(translator, b.userGroups,
                () -> SlackWeb.call(() -> web.methods().usergroupsList(r -> r.includeUsers(true))), b.userGroupsTtl,
                outbound, Ticker.systemTicker());
        this.verifier = new SlackRequestVerifier(b.config.signingSecret().map(s -> s.value()).orElse("-"), b.clock);

        this.app = new App(AppConfig.builder()
                .slack(slack)
                .singleTeamBotToken(b.config.botToken().value())
                .signingSecret(b.config.signingSecret().map(s -> s.value()).orElse(null))
                // the environment must not turn this into an OAuth (multi-workspace) app
                .clientId(null)
                .clientSecret(null)
                // signatures are verified on the raw bytes by SlackEventsServlet; Socket Mode needs none
                .requestVerificationEnabled(false)
                // auth.test once at start, not again on the first request
                .authTestCacheExpirationMillis(-1L)
                .build());
        app.command(COMMAND, new SlackSlashCommandHandler(b.bus, translator, callers, delivery, renderer, outbound));
        app.blockAction(SlackActionHandler.ACTION_IDS,
                new SlackActionHandler(b.bus, translator, callers, delivery, streams, outbound));
        // thread replies to an attach session's message go to the container's stdin (Events API "message" events:
        // bot events message.channels / message.groups, scopes channels:history / groups:history)
        com.github.benmanes.caffeine.cache.Cache<String, Boolean> seenEvents =
                com.github.benmanes.caffeine.cache.Caffeine.newBuilder()
                        .expireAfterWrite(java.time.Duration.ofMinutes(30)).maximumSize(100_000).build();
        app.event(com.slack.api.model.event.MessageEvent.class, (payload, ctx) -> {
            // Slack redelivers an event it thinks was not acknowledged: one typed line must reach stdin once
            String eventId = payload.getEventId();
            if (eventId != null && seenEvents.asMap().putIfAbsent(eventId, Boolean.TRUE) != null) {
                return ctx.ack();
            }
            com.slack.api.model.event.MessageEvent e = payload.getEvent();
            if (e != null && e.getBotId() == null && e.getSubtype() == null && e.getThreadTs() != null
                    && e.getUser() != null && e.getText() != null && e.getChannel() != null) {
                dev.stevedore.core.auth.AccessPolicy attachPolicy = b.policy;
                if (attachPolicy != null) {
                    // the requester must still be allowed to attach here when typing, not only when they started
                    dev.stevedore.core.auth.Caller who = callers.resolveNow(e.getUser(), null)
                            .orElse(new dev.stevedore.core.auth.Caller(dev.stevedore.core.auth.Platform.SLACK,
                                    e.getUser(), e.getUser(), java.util.Set.of()));
                    dev.stevedore.core.bus.ConversationRef where = translator.conversation(payload.getTeamId(),
                            e.getChannel(), null, e.getThreadTs());
                    if (!attachPolicy.checkVerb(who, "attach", where).allowed()) {
                        return ctx.ack();
                    }
                }
                streams.input(e.getChannel(), e.getThreadTs(), e.getUser(), e.getText());
            }
            return ctx.ack();
        });
    }

    /**
     * A builder for an adapter over a command bus.
     *
     * @param config the {@code slack} section (tokens, mode, listen address, API URL)
     * @param bus the command bus the slash command and buttons go to
     * @return the builder
     */
    public static Builder builder(SlackConfig config, CommandBus bus) {
        return new Builder(config, bus);
    }

    /**
     * Starts: checks the bot token ({@code auth.test}), then binds the HTTP endpoint or opens the Socket Mode
     * connection. Blocks until listening or connected (a few seconds at most).
     *
     * @throws SlackStartException if the token is refused, Slack cannot be reached, or the address cannot be bound
     * @throws IllegalStateException if already started or closed
     */
    public synchronized void start() {
        if (server != null || socketMode != null || closed) {
            throw new IllegalStateException("start() may be called once");
        }
        if (config.socketMode()) {
            startSocketMode();
        } else {
            startHttp();
        }
    }

    private void startHttp() {
        checkToken();
        QueuedThreadPool threads = new QueuedThreadPool(64, 8);
        threads.setName("slack-http");
        threads.setDaemon(true);
        Server s = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        ServerConnector c = new ServerConnector(s, new HttpConnectionFactory(http));
        c.setHost(listen.getHostString());
        c.setPort(listen.getPort());
        s.addConnector(c);
        ServletContextHandler handler = new ServletContextHandler();
        handler.setContextPath("/");
        handler.addServlet(new ServletHolder(new SlackEventsServlet(app, verifier)), EVENTS_PATH);
        s.setHandler(handler);
        try {
            s.start();
        } catch (Exception e) {
            stopQuietly(s);
            app.stop();
            throw new SlackStartException("cannot listen on " + listen.getHostString() + ":" + listen.getPort() + ": "
                    + (e instanceof IOException && e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName()),
                    e);
        }
        server = s;
        connector = c;
        log.info("Slack HTTP endpoint on {}", endpoint());
    }

    /** Starts the Bolt app, which calls {@code auth.test} with the bot token once. */
    private void checkToken() {
        try {
            app.start();
        } catch (RuntimeException e) {
            throw new SlackStartException("auth.test at " + config.apiUrl() + " refused the bot token or failed: "
                    + e.getMessage(), e);
        }
    }

    private void startSocketMode() {
        String appToken = config.appToken().orElseThrow(
                () -> new SlackStartException("Socket Mode needs slack.appToken (SLACK_APP_TOKEN)", null)).value();
        try {
            SocketModeApp sm = new SocketModeApp(appToken, app, SocketModeClient.Backend.JavaWebSocket, ctx -> {
                SlackSlashCommandHandler.incident(ctx.getException());
                return Response.ok(); // acknowledge anyway, so Slack does not resend it
            }, 4);
            sm.startAsync();
            socketMode = sm;
        } catch (Exception e) {
            app.stop();
            throw new SlackStartException("cannot open the Slack Socket Mode connection: "
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()), e);
        }
        log.info("Slack Socket Mode connected");
    }

    /**
     * Where Slack reaches the adapter, for the start-up line.
     *
     * @return e.g. {@code http://127.0.0.1:3000/slack/events}, or {@code Socket Mode via https://slack.com/api/}
     */
    public String endpoint() {
        ServerConnector c = connector;
        if (c != null) {
            String host = listen.getHostString();
            return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + c.getLocalPort() + EVENTS_PATH;
        }
        return "Socket Mode via " + config.apiUrl();
    }

    /**
     * The bound HTTP port, e.g. when {@code listen} asked for port 0.
     *
     * @return the port, or empty in Socket Mode or before {@link #start()}
     */
    public Optional<Integer> port() {
        ServerConnector c = connector;
        return c == null ? Optional.empty() : Optional.of(c.getLocalPort());
    }

    /**
     * Posts and edits messages with the bot token, for live output and alerts.
     *
     * @return the sink; usable once started
     */
    public MessageSink messageSink() {
        return sink;
    }

    /** Stops listening, ends the live streams it shows, and stops its threads. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        SocketModeApp sm = socketMode;
        if (sm != null) {
            try {
                sm.close();
            } catch (Exception e) {
                log.debug("Socket Mode close", e);
            }
        }
        Server s = server;
        if (s != null) {
            stopQuietly(s);
        }
        streams.close();
        try {
            app.stop();
        } catch (RuntimeException e) {
            log.debug("Bolt app stop", e);
        }
        scheduler.shutdown();
        outbound.shutdown();
        try {
            if (!outbound.awaitTermination(3, TimeUnit.SECONDS)) {
                outbound.shutdownNow();
            }
            scheduler.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void stopQuietly(Server s) {
        try {
            s.stop();
        } catch (Exception e) {
            log.debug("Jetty stop", e);
        }
    }

    private static com.slack.api.SlackConfig sdkConfig(URI apiUrl) {
        com.slack.api.SlackConfig c = new com.slack.api.SlackConfig();
        c.setMethodsEndpointUrlPrefix(apiUrl.toString());
        // no metrics calls (they add an auth.test per token)
        c.setStatsEnabled(false);
        c.setHttpClientReadTimeoutMillis(15_000);
        c.setHttpClientWriteTimeoutMillis(15_000);
        c.setHttpClientCallTimeoutMillis(60_000);
        if (isLoopback(apiUrl)) {
            // a local API (tests, a sidecar proxy) is never reached through HTTP(S)_PROXY
            c.setProxyUrl(null);
        }
        return c;
    }

    static boolean isLoopback(URI uri) {
        String host = uri.getHost();
        if (host == null) {
            return false;
        }
        if (host.equals("localhost")) {
            return true;
        }
        try {
            return host.matches("[0-9.]+|\\[?[0-9a-fA-F:]+]?") && InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    static InetSocketAddress parseListen(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        String host = hostPort.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        return InetSocketAddress.createUnresolved(host.isEmpty() ? "0.0.0.0" : host,
                Integer.parseInt(hostPort.substring(colon + 1)));
    }

    private static ThreadFactory daemon(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /** The adapter could not start; the message is one line for the operator, without secrets. */
    public static final class SlackStartException extends RuntimeException {
        /**
         * Creates the exception.
         *
         * @param message what failed
         * @param cause the underlying failure, for the log
         */
        public SlackStartException(String message, @Nullable Throwable cause) {
            super(message, cause);
        }
    }

    /** Builds a {@link SlackAdapter}; only the config and the bus are required. */
    public static final class Builder {
        private final SlackConfig config;
        private final CommandBus bus;
        private @Nullable InetSocketAddress listen;
        private boolean userGroups;
        private Duration userGroupsTtl = Duration.ofMinutes(5);
        private dev.stevedore.core.auth.@org.jspecify.annotations.Nullable AccessPolicy policy;
        private Duration editInterval = Duration.ofSeconds(1);
        private Clock clock = Clock.systemUTC();
        private int outboundThreads = 4;

        private Builder(SlackConfig config, CommandBus bus) {
            this.config = Objects.requireNonNull(config, "config");
            this.bus = Objects.requireNonNull(bus, "bus");
        }

        /**
         * The access policy the bus uses, so that a thread reply reaches a container's stdin only while its author
         * still has the {@code attach} permission there (roles can change during a long session).
         *
         * @param accessPolicy the policy; without it, being the session's requester is enough
         * @return this builder
         */
        public Builder accessPolicy(dev.stevedore.core.auth.AccessPolicy accessPolicy) {
            this.policy = Objects.requireNonNull(accessPolicy, "accessPolicy");
            return this;
        }

        /**
         * Overrides {@code slack.listen}, e.g. with port 0 for an ephemeral port in tests.
         *
         * @param address host and port to bind in HTTP mode
         * @return this builder
         */
        public Builder listen(InetSocketAddress address) {
            this.listen = Objects.requireNonNull(address, "address");
            return this;
        }

        /**
         * Looks up Slack user-group membership for role bindings on {@code groups} (needs the
         * {@code usergroups:read} scope).
         *
         * @param enabled whether to look them up; default false
         * @param ttl how long a membership list is used, e.g. 5 minutes (the default)
         * @return this builder
         * @throws IllegalArgumentException if {@code ttl} is not positive
         */
        public Builder userGroups(boolean enabled, Duration ttl) {
            if (ttl.isNegative() || ttl.isZero()) {
                throw new IllegalArgumentException("user group ttl must be positive: " + ttl);
            }
            this.userGroups = enabled;
            this.userGroupsTtl = ttl;
            return this;
        }

        /**
         * Sets the shortest time between two edits of a live output message.
         *
         * @param interval default 1 second; Slack rate-limits {@code chat.update}
         * @return this builder
         * @throws IllegalArgumentException if not positive
         */
        public Builder editInterval(Duration interval) {
            if (interval.isNegative() || interval.isZero()) {
                throw new IllegalArgumentException("edit interval must be positive: " + interval);
            }
            this.editInterval = interval;
            return this;
        }

        /**
         * Sets the clock for signature timestamps and file names.
         *
         * @param wallClock default the system UTC clock
         * @return this builder
         */
        public Builder clock(Clock wallClock) {
            this.clock = Objects.requireNonNull(wallClock, "wallClock");
            return this;
        }

        /**
         * Sets how many threads make outbound Slack calls.
         *
         * @param threads at least 1; default 4
         * @return this builder
         * @throws IllegalArgumentException if below 1
         */
        public Builder outboundThreads(int threads) {
            if (threads < 1) {
                throw new IllegalArgumentException("threads must be >= 1: " + threads);
            }
            this.outboundThreads = threads;
            return this;
        }

        /**
         * Builds the adapter (nothing is started or bound yet).
         *
         * @return the adapter
         */
        public SlackAdapter build() {
            return new SlackAdapter(this);
        }
    }
}
