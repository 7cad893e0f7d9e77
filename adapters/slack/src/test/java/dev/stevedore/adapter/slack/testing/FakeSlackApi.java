package dev.stevedore.adapter.slack.testing;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * A fake Slack Web API on 127.0.0.1 (JDK {@link HttpServer}) that records every call: {@code auth.test},
 * {@code chat.postMessage}, {@code chat.update}, {@code chat.postEphemeral}, the three calls of {@code files.uploadV2}
 * ({@code files.getUploadURLExternal}, the raw upload, {@code files.completeUploadExternal}),
 * {@code apps.connections.open}, {@code usergroups.list}, and posts to {@code response_url}s it hands out.
 *
 * <p>Thread-safe. Answers like Slack does ({@code {"ok":true,...}}); {@link #failNext} makes the next call of a
 * method answer {@code {"ok":false,"error":...}}.
 */
public final class FakeSlackApi implements AutoCloseable {
    /** The team id {@code auth.test} reports. */
    public static final String TEAM = "T0001";
    /** The bot user id {@code auth.test} reports. */
    public static final String BOT_USER = "UBOT";

    private final HttpServer server;
    private final ExecutorService executor;
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final Map<String, String> failures = new ConcurrentHashMap<>();
    private final AtomicLong ts = new AtomicLong(1_700_000_000_000_100L);
    private final AtomicInteger files = new AtomicInteger();
    private final AtomicInteger responseUrls = new AtomicInteger();
    private volatile String socketModeUrl = "ws://127.0.0.1:1/";
    private volatile Map<String, List<String>> usergroups = Map.of();

    private FakeSlackApi(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /**
     * Starts the fake on an ephemeral loopback port.
     *
     * @return the running fake
     */
    public static FakeSlackApi start() {
        try {
            HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 100);
            ExecutorService ex = Executors.newCachedThreadPool(r -> {
                Thread t = new Thread(r, "fake-slack");
                t.setDaemon(true);
                return t;
            });
            FakeSlackApi api = new FakeSlackApi(s, ex);
            s.createContext("/", api::handle);
            s.setExecutor(ex);
            s.start();
            return api;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The base URL to configure as {@code slack.apiUrl}.
     *
     * @return e.g. {@code http://127.0.0.1:41234/api/}
     */
    public String apiUrl() {
        return base() + "/api/";
    }

    /**
     * A fresh {@code response_url} pointing at this fake.
     *
     * @return e.g. {@code http://127.0.0.1:41234/response/7}
     */
    public String newResponseUrl() {
        return base() + "/response/" + responseUrls.incrementAndGet();
    }

    /**
     * Sets what {@code apps.connections.open} returns.
     *
     * @param url a {@code ws://127.0.0.1:PORT/} URL
     */
    public void socketModeUrl(String url) {
        this.socketModeUrl = url;
    }

    /**
     * Sets the user groups {@code usergroups.list} returns.
     *
     * @param groups group id to member user ids
     */
    public void usergroups(Map<String, List<String>> groups) {
        this.usergroups = Map.copyOf(groups);
    }

    /**
     * Makes the next call of a method fail with a Slack error.
     *
     * @param method e.g. {@code chat.postMessage}, or {@code response} for response_url posts (answered 404)
     * @param error e.g. {@code not_in_channel}
     */
    public void failNext(String method, String error) {
        failures.put(method, error);
    }

    /**
     * Every call so far, in arrival order.
     *
     * @return a snapshot
     */
    public List<Call> calls() {
        return List.copyOf(calls);
    }

    /**
     * The calls of one method.
     *
     * @param method e.g. {@code chat.postMessage}, {@code response}, {@code upload}
     * @return a snapshot
     */
    public List<Call> calls(String method) {
        return calls.stream().filter(c -> c.method().equals(method)).toList();
    }

    /**
     * The posts to one {@code response_url}.
     *
     * @param responseUrl the URL handed out by {@link #newResponseUrl()}
     * @return a snapshot, oldest first
     */
    public List<Call> responses(String responseUrl) {
        String path = responseUrl.substring(base().length());
        return calls.stream().filter(c -> c.path().equals(path)).toList();
    }

    /**
     * Waits for a call.
     *
     * @param method the method
     * @param match which call
     * @param timeout how long to wait
     * @return the first matching call
     * @throws AssertionError if none arrives in time
     */
    public Call await(String method, Predicate<Call> match, Duration timeout) {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            Optional<Call> c = calls(method).stream().filter(match).findFirst();
            if (c.isPresent()) {
                return c.get();
            }
            sleep(20);
        }
        throw new AssertionError("no " + method + " call matched within " + timeout + "; calls: " + summary());
    }

    /**
     * Waits for the n-th post to a {@code response_url}.
     *
     * @param responseUrl the URL
     * @param count how many posts to wait for, at least 1
     * @param timeout how long
     * @return the posts, oldest first
     * @throws AssertionError if fewer arrive in time
     */
    public List<Call> awaitResponses(String responseUrl, int count, Duration timeout) {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            List<Call> r = responses(responseUrl);
            if (r.size() >= count) {
                return r;
            }
            sleep(20);
        }
        throw new AssertionError("expected " + count + " posts to " + responseUrl + " within " + timeout
                + "; calls: " + summary());
    }

    /**
     * One line per call, for failure messages.
     *
     * @return the summary
     */
    public String summary() {
        return calls.stream().map(c -> c.method() + " " + c.path()).collect(Collectors.joining(", ", "[", "]"));
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private void handle(HttpExchange ex) throws IOException {
        try {
            handleCall(ex);
        } finally {
            ex.close();
        }
    }

    private void handleCall(HttpExchange ex) throws IOException {
        {
            byte[] body = ex.getRequestBody().readAllBytes();
            String path = ex.getRequestURI().getPath();
            String type = Optional.ofNullable(ex.getRequestHeaders().getFirst("Content-Type")).orElse("");
            String auth = Optional.ofNullable(ex.getRequestHeaders().getFirst("Authorization")).orElse("");
            String method = path.startsWith("/api/") ? path.substring(5)
                    : path.startsWith("/response/") ? "response"
                    : path.startsWith("/upload/") ? "upload" : path;
            Map<String, String> form = type.startsWith("application/x-www-form-urlencoded")
                    ? parseForm(new String(body, StandardCharsets.UTF_8)) : Map.of();
            calls.add(new Call(method, path, form, new String(body, StandardCharsets.UTF_8), type, auth,
                    Instant.now()));
            String failure = failures.remove(method);
            if (failure != null) {
                if (method.equals("response") || method.equals("upload")) {
                    send(ex, 404, "text/plain", failure);
                } else {
                    send(ex, 200, "application/json", "{\"ok\":false,\"error\":\"" + failure + "\"}");
                }
                return;
            }
            switch (method) {
                case "response", "upload" -> send(ex, 200, "text/plain", "ok");
                case "auth.test" -> json(ex, "{\"ok\":true,\"url\":\"https://fake.slack.com/\",\"team\":\"fake\","
                        + "\"user\":\"stevedore\",\"team_id\":\"" + TEAM + "\",\"user_id\":\"" + BOT_USER
                        + "\",\"bot_id\":\"B0001\"}");
                case "chat.postMessage" -> {
                    String t = nextTs();
                    json(ex, "{\"ok\":true,\"channel\":\"" + form.getOrDefault("channel", "") + "\",\"ts\":\"" + t
                            + "\",\"message\":{\"type\":\"message\",\"ts\":\"" + t + "\"}}");
                }
                case "chat.update" -> json(ex, "{\"ok\":true,\"channel\":\"" + form.getOrDefault("channel", "")
                        + "\",\"ts\":\"" + form.getOrDefault("ts", "") + "\"}");
                case "chat.postEphemeral" -> json(ex, "{\"ok\":true,\"message_ts\":\"" + nextTs() + "\"}");
                case "files.getUploadURLExternal" -> {
                    String id = "F" + files.incrementAndGet();
                    json(ex, "{\"ok\":true,\"upload_url\":\"" + base() + "/upload/" + id + "\",\"file_id\":\"" + id
                            + "\"}");
                }
                case "files.completeUploadExternal" -> {
                    JsonArray fs = JsonParser.parseString(form.getOrDefault("files", "[]")).getAsJsonArray();
                    json(ex, "{\"ok\":true,\"files\":" + fs + "}");
                }
                case "files.info" -> json(ex, "{\"ok\":true,\"file\":{\"id\":\"" + form.getOrDefault("file", "F0")
                        + "\"}}");
                case "apps.connections.open" -> json(ex, "{\"ok\":true,\"url\":\"" + socketModeUrl + "\"}");
                case "usergroups.list" -> {
                    JsonArray groups = new JsonArray();
                    usergroups.forEach((id, users) -> {
                        JsonObject g = new JsonObject();
                        g.addProperty("id", id);
                        JsonArray us = new JsonArray();
                        users.forEach(us::add);
                        g.add("users", us);
                        groups.add(g);
                    });
                    json(ex, "{\"ok\":true,\"usergroups\":" + groups + "}");
                }
                default -> json(ex, "{\"ok\":false,\"error\":\"unknown_method\"}");
            }
        }
    }

    private String nextTs() {
        long v = ts.incrementAndGet();
        return (v / 1_000_000) + "." + String.format("%06d", v % 1_000_000);
    }

    private static void json(HttpExchange ex, String body) throws IOException {
        send(ex, 200, "application/json; charset=utf-8", body);
    }

    private static void send(HttpExchange ex, int status, String type, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", type);
        ex.sendResponseHeaders(status, b.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(b);
        }
    }

    private static Map<String, String> parseForm(String body) {
        Map<String, String> map = new LinkedHashMap<>();
        for (String pair : body.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            map.put(k, v);
        }
        return map;
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /**
     * One recorded call.
     *
     * @param method the API method ({@code chat.postMessage}), or {@code response} / {@code upload}
     * @param path the request path
     * @param form the decoded form fields of a Web API call; empty for JSON bodies
     * @param body the raw body as UTF-8
     * @param contentType the request's content type
     * @param authorization the Authorization header, e.g. {@code Bearer xoxb-…}; empty if none
     * @param at when it arrived
     */
    public record Call(String method, String path, Map<String, String> form, String body, String contentType,
            String authorization, Instant at) {

        /**
         * The body as JSON (response_url posts).
         *
         * @return the object
         */
        public JsonObject json() {
            return JsonParser.parseString(body).getAsJsonObject();
        }

        /**
         * The message's blocks: from a JSON body, or the {@code blocks} form field.
         *
         * @return the blocks, possibly empty
         */
        public JsonArray blocks() {
            if (form.containsKey("blocks")) {
                return JsonParser.parseString(form.get("blocks")).getAsJsonArray();
            }
            if (contentType.startsWith("application/json")) {
                JsonElement b = json().get("blocks");
                return b == null || !b.isJsonArray() ? new JsonArray() : b.getAsJsonArray();
            }
            return new JsonArray();
        }

        /**
         * Every {@code text} value in the blocks, in order (section, context, button, confirm dialog texts).
         *
         * @return the texts
         */
        public List<String> blockTexts() {
            List<String> out = new ArrayList<>();
            collect(blocks(), out);
            return out;
        }

        /**
         * All block texts joined by newlines.
         *
         * @return the text
         */
        public String text() {
            return String.join("\n", blockTexts());
        }

        /**
         * A field of a JSON body.
         *
         * @param name e.g. {@code response_type}
         * @return its value as a string, or null
         */
        public @Nullable String field(String name) {
            if (!contentType.startsWith("application/json")) {
                return form.get(name);
            }
            JsonElement e = json().get(name);
            return e == null || e.isJsonNull() ? null : e.getAsString();
        }

        private static void collect(JsonElement e, List<String> out) {
            if (e.isJsonArray()) {
                e.getAsJsonArray().forEach(x -> collect(x, out));
            } else if (e.isJsonObject()) {
                JsonObject o = e.getAsJsonObject();
                for (Map.Entry<String, JsonElement> en : o.entrySet()) {
                    if (en.getKey().equals("text") && en.getValue().isJsonPrimitive()) {
                        out.add(en.getValue().getAsString());
                    } else {
                        collect(en.getValue(), out);
                    }
                }
            }
        }
    }
}
