package dev.stevedore.adapter.discord.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.java_websocket.WebSocket;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.server.WebSocketServer;
import org.jspecify.annotations.Nullable;

/**
 * A fake Discord on 127.0.0.1 that the real JDA talks to: the REST API (JDK {@code HttpServer}) and the gateway
 * WebSocket (Java-WebSocket), speaking just enough of the protocol (see {@code shared/FAKES.md} §1).
 *
 * <p>REST: {@code GET users/@me}, {@code GET gateway/bot}, {@code GET/PUT/DELETE} global and guild commands,
 * {@code POST interactions/{id}/{token}/callback} (204), {@code PATCH/GET/DELETE webhooks/{app}/{token}/messages/@original},
 * followups {@code POST webhooks/{app}/{token}}, and {@code POST/PATCH channels/{id}/messages}. Every request is
 * recorded ({@link #requests()}) with its JSON body ({@code payload_json} of multipart bodies) and attached files.
 *
 * <p>Gateway: HELLO on connect, IDENTIFY → READY + one GUILD_CREATE ({@link #GUILD}: channels {@link #CHANNEL} and
 * {@link #OTHER_CHANNEL}, roles {@link #ROLE_ADMIN} and {@link #ROLE_VIEWER}), heartbeat ACKs, RESUME → invalid
 * session, and {@code INTERACTION_CREATE} dispatches built by {@link #slash}, {@link #autocomplete},
 * {@link #click} with fresh snowflake ids.
 *
 * <p>Thread-safe. Close it to stop both servers.
 */
public final class FakeDiscord implements AutoCloseable {
    /** The bot's user id, also its application id. */
    public static final String BOT = "900000000000000001";
    /** The application id. */
    public static final String APP = BOT;
    /** The guild. */
    public static final String GUILD = "910000000000000001";
    /** The text channel the tests allow. */
    public static final String CHANNEL = "920000000000000001";
    /** A text channel not on the allow-list. */
    public static final String OTHER_CHANNEL = "920000000000000002";
    /** A DM channel. */
    public static final String DM_CHANNEL = "930000000000000001";
    /** A role bound to admin in the tests. */
    public static final String ROLE_ADMIN = "940000000000000001";
    /** A role bound to viewer in the tests. */
    public static final String ROLE_VIEWER = "940000000000000002";
    /** Discord's epoch, for snowflakes. */
    private static final long DISCORD_EPOCH = 1420070400000L;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Pattern WEBHOOK = Pattern.compile("webhooks/(\\d+)/([^/]+)(/messages/(@original|\\d+))?");

    /**
     * A Discord user, with the member's role ids when in the guild.
     *
     * @param id the snowflake
     * @param name the username
     * @param roles role ids
     */
    public record User(String id, String name, List<String> roles) {
        /** Validates and copies. */
        public User {
            roles = List.copyOf(roles);
        }

        /**
         * A user with roles.
         *
         * @param id the snowflake
         * @param name the username
         * @param roles role ids
         * @return the user
         */
        public static User of(String id, String name, String... roles) {
            return new User(id, name, List.of(roles));
        }
    }

    /**
     * One request the fake received.
     *
     * @param method the HTTP method
     * @param path the path after {@code /api/v10/}
     * @param query the query string, or empty
     * @param json the JSON body ({@code payload_json} for multipart), or null
     * @param files attached files by file name
     * @param receivedNanos {@code System.nanoTime()} at arrival
     */
    public record Request(String method, String path, String query, @Nullable JsonNode json, Map<String, byte[]> files,
            long receivedNanos) {
        /**
         * A text field of the JSON body.
         *
         * @param field a JSON pointer, e.g. {@code /data/content}
         * @return the text, or empty
         */
        public String text(String field) {
            return json == null ? "" : json.at(field).asText("");
        }
    }

    /**
     * An interaction sent to the bot.
     *
     * @param id the interaction id
     * @param token its token
     * @param sentNanos {@code System.nanoTime()} just before the dispatch was sent
     */
    public record Sent(String id, String token, long sentNanos) {
        /**
         * The callback path of this interaction.
         *
         * @return {@code interactions/ID/TOKEN/callback}
         */
        public String callbackPath() {
            return "interactions/" + id + "/" + token + "/callback";
        }

        /**
         * The webhook path prefix of this interaction's hook.
         *
         * @return {@code webhooks/APP/TOKEN}
         */
        public String webhookPath() {
            return "webhooks/" + APP + "/" + token;
        }
    }

    private final HttpServer http;
    private final ExecutorService httpThreads;
    private final Gateway gateway;
    private final List<Request> requests = Collections.synchronizedList(new ArrayList<>());
    private final Map<String, ArrayNode> commands = new ConcurrentHashMap<>();
    private final Map<String, String> originalIds = new ConcurrentHashMap<>();
    private final AtomicLong counter = new AtomicLong();
    private final AtomicInteger tokens = new AtomicInteger();
    private final AtomicInteger identifies = new AtomicInteger();
    private final List<String> guilds;

    private FakeDiscord(List<String> guilds) throws IOException, InterruptedException {
        this.guilds = List.copyOf(guilds);
        http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 200);
        httpThreads = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "fake-discord-http");
            t.setDaemon(true);
            return t;
        });
        http.setExecutor(httpThreads);
        http.createContext("/", this::handle);
        http.start();
        gateway = new Gateway();
        gateway.setReuseAddr(true);
        gateway.setDaemon(true);
        gateway.start();
        if (!gateway.started.await(10, TimeUnit.SECONDS)) {
            throw new IOException("the fake gateway did not start");
        }
    }

    /**
     * Starts a fake with one guild, {@link #GUILD}.
     *
     * @return the running fake
     */
    public static FakeDiscord start() {
        return start(List.of(GUILD));
    }

    /**
     * Starts a fake whose READY lists these guilds (each gets a GUILD_CREATE with the standard channels and roles).
     *
     * @param guilds guild ids; may be empty
     * @return the running fake
     */
    public static FakeDiscord start(List<String> guilds) {
        try {
            return new FakeDiscord(guilds);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * The REST base URL, as {@code discord.apiUrl}.
     *
     * @return {@code http://127.0.0.1:PORT/api/v10/}
     */
    public URI apiUrl() {
        return URI.create("http://127.0.0.1:" + http.getAddress().getPort() + "/api/v10/");
    }

    /**
     * The gateway URL, as {@code discord.gatewayUrl}.
     *
     * @return {@code ws://127.0.0.1:PORT/}
     */
    public URI gatewayUrl() {
        return URI.create("ws://127.0.0.1:" + gateway.getPort() + "/");
    }

    /**
     * How many IDENTIFY the gateway received.
     *
     * @return the count
     */
    public int identifies() {
        return identifies.get();
    }

    /**
     * Every request so far, in arrival order.
     *
     * @return a snapshot
     */
    public List<Request> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    /**
     * The requests matching a condition.
     *
     * @param condition the condition
     * @return the matching requests, in arrival order
     */
    public List<Request> requests(Predicate<Request> condition) {
        return requests().stream().filter(condition).toList();
    }

    /**
     * Waits for a request.
     *
     * @param condition which request
     * @param timeout how long to wait
     * @return the first matching request
     * @throws AssertionError if none arrives in time
     */
    public Request await(Predicate<Request> condition, Duration timeout) {
        long end = System.nanoTime() + timeout.toNanos();
        synchronized (requests) {
            while (true) {
                for (Request r : requests) {
                    if (condition.test(r)) {
                        return r;
                    }
                }
                long left = end - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("no matching request within " + timeout + "; got:\n" + describe());
                }
                try {
                    requests.wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError("interrupted", e);
                }
            }
        }
    }

    /**
     * A request condition: method and path.
     *
     * @param method e.g. {@code PATCH}
     * @param path the exact path after {@code /api/v10/}
     * @return the condition
     */
    public static Predicate<Request> is(String method, String path) {
        return r -> r.method().equals(method) && r.path().equals(path);
    }

    /**
     * A readable list of the requests so far, for assertion messages.
     *
     * @return one line per request
     */
    public String describe() {
        StringBuilder s = new StringBuilder();
        for (Request r : requests()) {
            s.append(r.method()).append(' ').append(r.path()).append(' ')
                    .append(r.json() == null ? "" : abbreviate(r.json().toString())).append('\n');
        }
        return s.toString();
    }

    private static String abbreviate(String s) {
        return s.length() > 300 ? s.substring(0, 300) + "…" : s;
    }

    /**
     * The commands registered for a guild, as the fake stores them.
     *
     * @param guild a guild id, or null for global commands
     * @return the JSON array; empty when none
     */
    public JsonNode commands(@Nullable String guild) {
        ArrayNode a = commands.get(guild == null ? "global" : guild);
        return a == null ? NODES.arrayNode() : a.deepCopy();
    }

    /**
     * A fresh snowflake: now, as Discord's ids carry their creation time (JDA derives hook expiry from it).
     *
     * @return the id
     */
    public String snowflake() {
        return Long.toString(((System.currentTimeMillis() - DISCORD_EPOCH) << 22) | (counter.incrementAndGet() & 0xFFF));
    }

    // ------------------------------------------------------------------ interactions

    /**
     * Sends a slash command in {@link #GUILD}.
     *
     * @param user who
     * @param channel where
     * @param subcommand e.g. {@code "ps"} or {@code "container prune"} (group and subcommand)
     * @param options option values: {@link Boolean}, {@link Number} or {@link String}
     * @return the interaction
     */
    public Sent slash(User user, String channel, String subcommand, Map<String, ?> options) {
        return send(interaction(2, user, channel, false, command(subcommand, options, null)));
    }

    /**
     * Sends a slash command from a DM (no guild, no member).
     *
     * @param user who
     * @param subcommand the subcommand
     * @param options option values
     * @return the interaction
     */
    public Sent dmSlash(User user, String subcommand, Map<String, ?> options) {
        return send(interaction(2, user, DM_CHANNEL, true, command(subcommand, options, null)));
    }

    /**
     * Sends an autocomplete request in {@link #GUILD}.
     *
     * @param user who
     * @param channel where
     * @param subcommand the subcommand
     * @param options the other options' values
     * @param focused the option being typed
     * @param typed what is typed so far
     * @return the interaction
     */
    public Sent autocomplete(User user, String channel, String subcommand, Map<String, ?> options, String focused,
            String typed) {
        Map<String, Object> all = new LinkedHashMap<>(options);
        all.put(focused, typed);
        return send(interaction(4, user, channel, false, command(subcommand, all, focused)));
    }

    /**
     * Sends a button click in {@link #GUILD}.
     *
     * @param user who
     * @param channel where
     * @param customId the button's custom id
     * @param messageId the message the button is on
     * @return the interaction
     */
    public Sent click(User user, String channel, String customId, String messageId) {
        ObjectNode d = interaction(3, user, channel, false, NODES.objectNode()
                .put("custom_id", customId).put("component_type", 2));
        d.set("message", NODES.objectNode().put("id", messageId).put("flags", 0));
        return send(d);
    }

    /**
     * Sends a guild message written by a user ({@code MESSAGE_CREATE}), e.g. a line typed into an attach session.
     *
     * @param user the author
     * @param channel where
     * @param content the raw content
     */
    public void message(User user, String channel, String content) {
        ObjectNode d = NODES.objectNode().put("id", snowflake()).put("channel_id", channel).put("guild_id", GUILD)
                .put("content", content).put("timestamp", "2024-01-01T00:00:00.000000+00:00").put("type", 0)
                .put("tts", false).put("mention_everyone", false).put("pinned", false).put("flags", 0)
                .putNull("edited_timestamp");
        d.set("author", userJson(user));
        ObjectNode member = NODES.objectNode().put("joined_at", "2024-01-01T00:00:00.000000+00:00")
                .put("deaf", false).put("mute", false).put("flags", 0);
        ArrayNode roles = member.putArray("roles");
        user.roles().forEach(roles::add);
        d.set("member", member);
        d.set("mentions", NODES.arrayNode());
        d.set("mention_roles", NODES.arrayNode());
        d.set("attachments", NODES.arrayNode());
        d.set("embeds", NODES.arrayNode());
        d.set("components", NODES.arrayNode());
        gateway.dispatch("MESSAGE_CREATE", d);
    }

    private Sent send(ObjectNode d) {
        Sent s = new Sent(d.get("id").asText(), d.get("token").asText(), System.nanoTime());
        gateway.dispatch("INTERACTION_CREATE", d);
        return s;
    }

    private ObjectNode command(String subcommand, Map<String, ?> options, @Nullable String focused) {
        ArrayNode values = NODES.arrayNode();
        for (Map.Entry<String, ?> e : options.entrySet()) {
            ObjectNode o = values.addObject().put("name", e.getKey());
            Object v = e.getValue();
            if (v instanceof Boolean b) {
                o.put("type", 5).put("value", b);
            } else if (v instanceof Number n) {
                o.put("type", 4).put("value", n.longValue());
            } else {
                o.put("type", 3).put("value", String.valueOf(v));
            }
            if (e.getKey().equals(focused)) {
                o.put("focused", true);
            }
        }
        String[] path = subcommand.split(" ");
        ObjectNode sub = NODES.objectNode().put("name", path[path.length - 1]).put("type", 1);
        sub.set("options", values);
        ObjectNode top = sub;
        if (path.length == 2) {
            top = NODES.objectNode().put("name", path[0]).put("type", 2);
            top.set("options", NODES.arrayNode().add(sub));
        }
        ObjectNode data = NODES.objectNode().put("id", "950000000000000001").put("name", "docker").put("type", 1);
        data.set("options", NODES.arrayNode().add(top));
        return data;
    }

    private ObjectNode interaction(int type, User user, String channel, boolean dm, ObjectNode data) {
        ObjectNode d = NODES.objectNode()
                .put("id", snowflake())
                .put("application_id", APP)
                .put("type", type)
                .put("token", "tok-" + tokens.incrementAndGet() + "-" + Long.toHexString(System.nanoTime()))
                .put("version", 1)
                .put("channel_id", channel)
                .put("locale", "en-US")
                .put("app_permissions", "2248473465835073");
        d.set("data", data);
        d.set("entitlements", NODES.arrayNode());
        ObjectNode userJson = userJson(user);
        if (dm) {
            d.put("context", 1);
            d.set("authorizing_integration_owners", NODES.objectNode().put("1", user.id()));
            d.set("user", userJson);
            ObjectNode ch = NODES.objectNode().put("id", channel).put("type", 1);
            ch.set("recipients", NODES.arrayNode().add(userJson(user)));
            d.set("channel", ch);
        } else {
            d.put("context", 0).put("guild_id", GUILD).put("guild_locale", "en-US");
            d.set("authorizing_integration_owners", NODES.objectNode().put("0", GUILD));
            d.set("guild", NODES.objectNode().put("id", GUILD).put("locale", "en-US")
                    .set("features", NODES.arrayNode()));
            ObjectNode member = NODES.objectNode().put("permissions", "2248473465835073")
                    .put("joined_at", "2024-01-01T00:00:00.000000+00:00").put("deaf", false).put("mute", false)
                    .put("flags", 0);
            member.set("user", userJson);
            ArrayNode roles = member.putArray("roles");
            user.roles().forEach(roles::add);
            d.set("member", member);
            d.set("channel", NODES.objectNode().put("id", channel).put("type", 0).put("guild_id", GUILD)
                    .put("name", channel.equals(CHANNEL) ? "ops" : "other").put("position", 0)
                    .put("permissions", "2248473465835073"));
        }
        return d;
    }

    private static ObjectNode userJson(User user) {
        return NODES.objectNode().put("id", user.id()).put("username", user.name()).put("discriminator", "0")
                .put("global_name", user.name()).putNull("avatar").put("bot", false);
    }

    // ------------------------------------------------------------------ REST

    private void handle(HttpExchange x) throws IOException {
        long arrived = System.nanoTime();
        try (x) {
            String full = x.getRequestURI().getRawPath();
            String path = full.startsWith("/api/v10/") ? full.substring(9) : full.substring(1);
            path = java.net.URLDecoder.decode(path, StandardCharsets.UTF_8);
            String query = x.getRequestURI().getRawQuery() == null ? "" : x.getRequestURI().getRawQuery();
            String method = x.getRequestMethod();
            byte[] body = x.getRequestBody().readAllBytes();
            String contentType = x.getRequestHeaders().getFirst("Content-Type");
            Map<String, byte[]> files = new LinkedHashMap<>();
            JsonNode json = null;
            if (contentType != null && contentType.startsWith("multipart/form-data")) {
                String boundary = contentType.substring(contentType.indexOf("boundary=") + 9).replace("\"", "");
                for (Part p : multipart(body, boundary)) {
                    if (p.name().equals("payload_json")) {
                        json = JSON.readTree(p.data());
                    } else if (p.fileName() != null) {
                        files.put(p.fileName(), p.data());
                    }
                }
            } else if (body.length > 0) {
                json = JSON.readTree(body);
            }
            Request r = new Request(method, path, query, json, files, arrived);
            try {
                respond(x, r);
            } finally {
                // recorded once answered, so a test that saw the request also sees its effect (stored commands)
                synchronized (requests) {
                    requests.add(r);
                    requests.notifyAll();
                }
            }
        } catch (RuntimeException e) {
            send(x, 500, NODES.objectNode().put("message", String.valueOf(e)).put("code", 0));
        }
    }

    private void respond(HttpExchange x, Request r) throws IOException {
        String p = r.path();
        String m = r.method();
        Matcher webhook = WEBHOOK.matcher(p);
        if (m.equals("GET") && p.equals("users/@me")) {
            send(x, 200, NODES.objectNode().put("id", BOT).put("username", "stevedore").put("discriminator", "0")
                    .put("bot", true).put("verified", true).put("mfa_enabled", false).putNull("avatar"));
        } else if (m.equals("GET") && p.equals("gateway/bot")) {
            ObjectNode o = NODES.objectNode().put("url", gatewayUrl().toString()).put("shards", 1);
            o.set("session_start_limit", NODES.objectNode().put("total", 1000).put("remaining", 1000)
                    .put("reset_after", 0).put("max_concurrency", 1));
            send(x, 200, o);
        } else if (p.matches("applications/\\d+/(guilds/\\d+/)?commands")) {
            String key = p.contains("/guilds/") ? p.split("/")[3] : "global";
            if (m.equals("PUT")) {
                ArrayNode stored = NODES.arrayNode();
                if (r.json() != null) {
                    for (JsonNode c : r.json()) {
                        ObjectNode copy = ((ObjectNode) c).deepCopy();
                        copy.put("id", snowflake()).put("application_id", APP).put("version", snowflake());
                        if (!key.equals("global")) {
                            copy.put("guild_id", key);
                        }
                        stored.add(copy);
                    }
                }
                commands.put(key, stored);
                send(x, 200, stored);
            } else {
                send(x, 200, commands.getOrDefault(key, NODES.arrayNode()));
            }
        } else if (m.equals("DELETE") && p.matches("applications/\\d+/(guilds/\\d+/)?commands/\\d+")) {
            String key = p.contains("/guilds/") ? p.split("/")[3] : "global";
            String id = p.substring(p.lastIndexOf('/') + 1);
            ArrayNode a = commands.get(key);
            if (a != null) {
                for (int i = a.size() - 1; i >= 0; i--) {
                    if (a.get(i).path("id").asText().equals(id)) {
                        a.remove(i);
                    }
                }
            }
            send(x, 204, null);
        } else if (m.equals("POST") && p.matches("interactions/\\d+/[^/]+/callback")) {
            send(x, 204, null);
        } else if (webhook.matches()) {
            String token = webhook.group(2);
            String message = webhook.group(4);
            if (m.equals("DELETE")) {
                send(x, 204, null);
            } else if (message == null) {
                send(x, 200, message(snowflake(), "webhook", r.json(), true)); // followup
            } else {
                String id = message.equals("@original") ? originalIds.computeIfAbsent(token, t -> snowflake())
                        : message;
                send(x, 200, message(id, "webhook", r.json(), true));
            }
        } else if (p.matches("channels/\\d+/messages")) {
            send(x, 200, message(snowflake(), p.split("/")[1], r.json(), false));
        } else if (p.matches("channels/\\d+/messages/\\d+")) {
            send(x, 200, message(p.split("/")[3], p.split("/")[1], r.json(), false));
        } else {
            send(x, 404, NODES.objectNode().put("message", "404: Not Found").put("code", 0));
        }
    }

    /**
     * The id the fake gave an interaction's original response message.
     *
     * @param interaction the interaction
     * @return the message id (the one the fake answers {@code @original} requests with)
     */
    public Optional<String> originalMessageId(Sent interaction) {
        return Optional.of(originalIds.computeIfAbsent(interaction.token(), t -> snowflake()));
    }

    private ObjectNode message(String id, String channel, @Nullable JsonNode body, boolean webhook) {
        ObjectNode o = NODES.objectNode().put("id", id).put("type", 0)
                .put("channel_id", channel.equals("webhook") ? CHANNEL : channel)
                .put("content", body == null ? "" : body.path("content").asText(""))
                .put("timestamp", Instant.now().toString()).put("tts", false).put("pinned", false)
                .put("mention_everyone", false).put("flags", body == null ? 0 : body.path("flags").asInt(0));
        o.set("author", NODES.objectNode().put("id", BOT).put("username", "stevedore").put("discriminator", "0")
                .put("bot", true));
        o.set("mentions", NODES.arrayNode());
        o.set("mention_roles", NODES.arrayNode());
        o.set("attachments", NODES.arrayNode());
        o.set("embeds", NODES.arrayNode());
        o.set("components", NODES.arrayNode());
        if (webhook) {
            o.put("webhook_id", APP).put("application_id", APP);
        }
        return o;
    }

    private static void send(HttpExchange x, int status, @Nullable JsonNode body) throws IOException {
        if (body == null) {
            x.sendResponseHeaders(status, -1);
            return;
        }
        byte[] b = JSON.writeValueAsBytes(body);
        x.getResponseHeaders().set("Content-Type", "application/json");
        x.sendResponseHeaders(status, b.length);
        try (OutputStream out = x.getResponseBody()) {
            out.write(b);
        }
    }

    private record Part(String name, @Nullable String fileName, byte[] data) {}

    private static List<Part> multipart(byte[] body, String boundary) {
        List<Part> parts = new ArrayList<>();
        byte[] delimiter = ("--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        int pos = indexOf(body, delimiter, 0);
        while (pos >= 0) {
            int start = pos + delimiter.length;
            if (start + 1 < body.length && body[start] == '-' && body[start + 1] == '-') {
                break;
            }
            start += 2; // CRLF
            int next = indexOf(body, delimiter, start);
            if (next < 0) {
                break;
            }
            int headerEnd = indexOf(body, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), start);
            String headers = new String(body, start, headerEnd - start, StandardCharsets.UTF_8);
            byte[] data = java.util.Arrays.copyOfRange(body, headerEnd + 4, next - 2);
            Matcher name = Pattern.compile("name=\"([^\"]*)\"").matcher(headers);
            Matcher file = Pattern.compile("filename=\"([^\"]*)\"").matcher(headers);
            parts.add(new Part(name.find() ? name.group(1) : "", file.find() ? file.group(1) : null, data));
            pos = next;
        }
        return parts;
    }

    private static int indexOf(byte[] hay, byte[] needle, int from) {
        outer:
        for (int i = from; i <= hay.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    // ------------------------------------------------------------------ gateway

    /** The gateway: HELLO, READY, GUILD_CREATE, heartbeat ACKs, dispatches. */
    private final class Gateway extends WebSocketServer {
        final CountDownLatch started = new CountDownLatch(1);
        private final AtomicInteger sequence = new AtomicInteger();
        private volatile @Nullable WebSocket session;

        Gateway() {
            super(new InetSocketAddress("127.0.0.1", 0));
        }

        @Override
        public void onStart() {
            started.countDown();
        }

        @Override
        public void onOpen(WebSocket conn, ClientHandshake handshake) {
            conn.send("{\"op\":10,\"d\":{\"heartbeat_interval\":41250}}");
        }

        @Override
        public void onMessage(WebSocket conn, String message) {
            JsonNode m;
            try {
                m = JSON.readTree(message);
            } catch (IOException e) {
                return;
            }
            switch (m.path("op").asInt(-1)) {
                case 1 -> conn.send("{\"op\":11}");
                case 2 -> identify(conn);
                case 6 -> conn.send("{\"op\":9,\"d\":false}");
                default -> {
                    // presence updates and the like: nothing to do
                }
            }
        }

        private void identify(WebSocket conn) {
            identifies.incrementAndGet();
            session = conn;
            ObjectNode ready = NODES.objectNode().put("v", 10).put("session_id", "fake-session-" + identifies.get());
            ready.set("user", NODES.objectNode().put("id", BOT).put("username", "stevedore")
                    .put("discriminator", "0").put("bot", true).put("verified", true).put("mfa_enabled", false)
                    .putNull("avatar").putNull("global_name"));
            ArrayNode gs = ready.putArray("guilds");
            for (String g : guilds) {
                gs.addObject().put("id", g).put("unavailable", true);
            }
            ready.putArray("private_channels");
            ready.set("application", NODES.objectNode().put("id", APP).put("flags", 0));
            send(conn, "READY", ready);
            for (String g : guilds) {
                send(conn, "GUILD_CREATE", guild(g));
            }
        }

        private ObjectNode guild(String id) {
            ObjectNode g = NODES.objectNode().put("id", id).put("name", "Stevedore test guild").put("owner_id", BOT)
                    .put("member_count", 1).put("afk_timeout", 300).put("verification_level", 0)
                    .put("default_message_notifications", 0).put("explicit_content_filter", 0).put("mfa_level", 0)
                    .put("nsfw_level", 0).put("premium_tier", 0).put("preferred_locale", "en-US").put("large", false)
                    .putNull("icon").putNull("splash").putNull("banner").putNull("description")
                    .putNull("system_channel_id").putNull("rules_channel_id").putNull("afk_channel_id");
            g.putArray("features");
            ArrayNode roles = g.putArray("roles");
            role(roles, id, "@everyone", 0);
            role(roles, ROLE_ADMIN, "stevedore-admins", 2);
            role(roles, ROLE_VIEWER, "stevedore-viewers", 1);
            ArrayNode channels = g.putArray("channels");
            channels.addObject().put("id", CHANNEL).put("type", 0).put("name", "ops").put("position", 0)
                    .put("guild_id", id).putArray("permission_overwrites");
            channels.addObject().put("id", OTHER_CHANNEL).put("type", 0).put("name", "other").put("position", 1)
                    .put("guild_id", id).putArray("permission_overwrites");
            ArrayNode members = g.putArray("members");
            ObjectNode self = members.addObject().put("joined_at", "2024-01-01T00:00:00.000000+00:00")
                    .put("deaf", false).put("mute", false).put("flags", 0);
            self.set("user", NODES.objectNode().put("id", BOT).put("username", "stevedore").put("discriminator", "0")
                    .put("bot", true));
            self.putArray("roles").add(ROLE_ADMIN);
            g.putArray("threads");
            g.putArray("guild_scheduled_events");
            g.putArray("emojis");
            g.putArray("stickers");
            g.putArray("voice_states");
            g.putArray("presences");
            g.putArray("stage_instances");
            return g;
        }

        private void role(ArrayNode roles, String id, String name, int position) {
            ObjectNode r = roles.addObject().put("id", id).put("name", name).put("position", position)
                    .put("permissions", id.equals(ROLE_ADMIN) ? "8" : "104324673").put("color", 0)
                    .put("hoist", false).put("managed", false).put("mentionable", false);
            r.set("colors", NODES.objectNode().put("primary_color", 0));
        }

        void dispatch(String type, JsonNode d) {
            WebSocket s = session;
            if (s == null) {
                throw new IllegalStateException("JDA is not connected to the fake gateway");
            }
            send(s, type, d);
        }

        private void send(WebSocket conn, String type, JsonNode d) {
            ObjectNode o = NODES.objectNode().put("op", 0).put("t", type).put("s", sequence.incrementAndGet());
            o.set("d", d);
            conn.send(o.toString());
        }

        @Override
        public void onClose(WebSocket conn, int code, String reason, boolean remote) {
            if (conn == session) {
                session = null;
            }
        }

        @Override
        public void onError(@Nullable WebSocket conn, Exception ex) {
            // the client went away; JDA reconnects by itself
        }
    }

    @Override
    public void close() {
        http.stop(0);
        httpThreads.shutdownNow();
        try {
            gateway.stop(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Reads a stream fully, for tests.
     *
     * @param in the stream
     * @return its bytes
     * @throws IOException if reading fails
     */
    static byte[] readAll(InputStream in) throws IOException {
        return in.readAllBytes();
    }
}
