package dev.stevedore.bench;

import com.sun.net.httpserver.HttpServer;
import dev.stevedore.adapter.slack.SlackAdapter;
import dev.stevedore.adapter.slack.SlackRequestVerifier;
import dev.stevedore.config.ConfigLoader;
import dev.stevedore.config.StevedoreConfig;
import dev.stevedore.core.auth.RoleBasedAccessPolicy;
import dev.stevedore.core.bus.CommandBus;
import dev.stevedore.core.bus.CommandBusBuilder;
import dev.stevedore.core.engine.ContainerGateway;
import dev.stevedore.core.engine.DockerEngines;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * DESIGN.md §8 and CASES.md P14: how long the Slack adapter takes to <b>acknowledge</b> a signed {@code /docker} slash
 * command over loopback HTTP while the engine is stalled. Every engine call goes through a proxy of
 * {@link ContainerGateway} that sleeps {@value #STALL_SECONDS} s before reaching the real engine, so a handler that
 * waited for the engine would take 10 s. Target: p99 below 100 ms.
 *
 * <p>Requests are signed like Slack signs them and sent {@code CONCURRENCY} at a time by {@link HttpClient}; the
 * latency is from sending to the complete 200 answer. The bus has its default size (8 workers, a queue of 64), so
 * while the engine is stalled most acks are "busy": the count of each kind is printed. The JIT is warmed with a first
 * round on a separate adapter. A tiny loopback server plays the Slack Web API ({@code auth.test}, response_url).
 *
 * <p>Run with {@code scripts/bench-slack-ack.sh [REQUESTS=200] [CONCURRENCY=10]}.
 */
public final class SlackAckBenchmark {
    static final int STALL_SECONDS = 10;
    private static final String SECRET = "bench-signing-secret";

    private SlackAckBenchmark() {}

    /**
     * Runs the benchmark.
     *
     * @param args {@code [requests] [concurrency]}
     * @throws Exception if the engine cannot be reached or a request fails
     */
    public static void main(String[] args) throws Exception {
        int requests = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        int concurrency = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        String host = System.getenv().getOrDefault("DOCKER_HOST", "unix:///var/run/docker.sock");
        ContainerGateway real = DockerEngines.connect(host);
        real.ping();
        ContainerGateway stalled = stalled(real);
        HttpServer slack = fakeSlack();
        String api = "http://127.0.0.1:" + slack.getAddress().getPort() + "/api/";
        StevedoreConfig cfg = new ConfigLoader(Map.of()).parse(String.join("\n",
                "access:",
                "  roles: { admin: { allow: [\"*\"] } }",
                "  bindings: [ { role: admin, slack: { users: [U0BENCH] } } ]",
                "  channels: { slack: [C0BENCH] }",
                "slack: { mode: http, botToken: xoxb-bench, signingSecret: " + SECRET + ", apiUrl: \"" + api + "\" }",
                ""), Optional.empty());
        HttpClient http = HttpClient.newBuilder().proxy(HttpClient.Builder.NO_PROXY).build();
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        try {
            System.out.printf("warming up (2 × %d requests on separate adapters)…%n", requests);
            round(cfg, stalled, http, pool, requests, api);
            round(cfg, stalled, http, pool, requests, api);
            System.out.printf("measuring %d signed /docker ps -a, %d at a time, engine stalled %d s…%n", requests,
                    concurrency, STALL_SECONDS);
            Result r = round(cfg, stalled, http, pool, requests, api);
            long[] ms = r.micros.stream().mapToLong(Long::longValue).sorted().toArray();
            System.out.printf(Locale.ROOT, "acks: %d × 200 (%d \"working on it\", %d \"busy\"), other statuses: %d%n",
                    r.ok.get(), r.working.get(), r.busy.get(), r.other.get());
            System.out.printf(Locale.ROOT, "ack latency: p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                    pct(ms, 50), pct(ms, 90), pct(ms, 99), ms[ms.length - 1] / 1000.0);
            System.out.printf(Locale.ROOT, "target p99 < 100 ms: %s%n", pct(ms, 99) < 100 ? "met" : "NOT met");
        } finally {
            pool.shutdownNow();
            slack.stop(0);
            real.close();
        }
        System.exit(0);
    }

    private record Result(List<Long> micros, AtomicInteger ok, AtomicInteger working, AtomicInteger busy,
            AtomicInteger other) {}

    private static Result round(StevedoreConfig cfg, ContainerGateway engine, HttpClient http, ExecutorService pool,
            int requests, String api) {
        CommandBus bus = new CommandBusBuilder().engine(engine)
                .accessPolicy(new RoleBasedAccessPolicy(cfg.access())).build();
        SlackAdapter adapter = SlackAdapter.builder(cfg.slack().orElseThrow(), bus)
                .listen(new InetSocketAddress("127.0.0.1", 0)).build();
        adapter.start();
        URI endpoint = URI.create(adapter.endpoint());
        SlackRequestVerifier signer = new SlackRequestVerifier(SECRET, Clock.systemUTC());
        Result r = new Result(new ArrayList<>(), new AtomicInteger(), new AtomicInteger(), new AtomicInteger(),
                new AtomicInteger());
        try {
            List<CompletableFuture<Void>> all = new ArrayList<>();
            for (int i = 0; i < requests; i++) {
                int n = i;
                all.add(CompletableFuture.runAsync(() -> {
                    String body = form("team_id", "T0BENCH", "channel_id", "C0BENCH", "channel_name", "bench",
                            "user_id", "U0BENCH", "user_name", "bench", "command", "/docker", "text", "ps -a",
                            "response_url", api.replace("/api/", "/response/" + n), "trigger_id", "1.2." + n);
                    String ts = Long.toString(System.currentTimeMillis() / 1000);
                    HttpRequest req = HttpRequest.newBuilder(endpoint)
                            .header("Content-Type", "application/x-www-form-urlencoded")
                            .header(SlackRequestVerifier.TIMESTAMP_HEADER, ts)
                            .header(SlackRequestVerifier.SIGNATURE_HEADER,
                                    signer.sign(ts, body.getBytes(StandardCharsets.UTF_8)))
                            .POST(HttpRequest.BodyPublishers.ofString(body)).build();
                    long start = System.nanoTime();
                    HttpResponse<String> resp;
                    try {
                        resp = http.send(req, HttpResponse.BodyHandlers.ofString());
                    } catch (IOException e) {
                        throw new IllegalStateException("request failed", e);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException("interrupted", e);
                    }
                    long micros = (System.nanoTime() - start) / 1000;
                    synchronized (r.micros) {
                        r.micros.add(micros);
                    }
                    if (resp.statusCode() != 200) {
                        r.other.incrementAndGet();
                    } else {
                        r.ok.incrementAndGet();
                        if (resp.body().contains("busy")) {
                            r.busy.incrementAndGet();
                        } else if (resp.body().contains("Working on")) {
                            r.working.incrementAndGet();
                        }
                    }
                }, pool));
            }
            all.forEach(CompletableFuture::join);
        } finally {
            adapter.close();
            bus.close();
        }
        return r;
    }

    /** A gateway whose every call sleeps {@value #STALL_SECONDS} s before going to the real engine. */
    static ContainerGateway stalled(ContainerGateway real) {
        return (ContainerGateway) Proxy.newProxyInstance(ContainerGateway.class.getClassLoader(),
                new Class<?>[] {ContainerGateway.class}, (proxy, method, args) -> {
                    if (!method.getName().equals("host") && !method.getName().equals("close")
                            && method.getDeclaringClass() != Object.class) {
                        Thread.sleep(Duration.ofSeconds(STALL_SECONDS).toMillis());
                    }
                    try {
                        return method.invoke(real, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    /** The Slack Web API as far as the adapter needs it here: auth.test at start, response_url posts. */
    private static HttpServer fakeSlack() throws IOException {
        HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 200);
        s.createContext("/", ex -> {
            ex.getRequestBody().readAllBytes();
            String path = ex.getRequestURI().getPath();
            byte[] out = (path.endsWith("auth.test")
                    ? "{\"ok\":true,\"team_id\":\"T0BENCH\",\"user_id\":\"UBOT\",\"bot_id\":\"B1\"}"
                    : path.startsWith("/response/") ? "ok" : "{\"ok\":true}").getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, out.length);
            try (OutputStream o = ex.getResponseBody()) {
                o.write(out);
            }
        });
        s.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "fake-slack");
            t.setDaemon(true);
            return t;
        }));
        s.start();
        return s;
    }

    private static String form(String... kv) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < kv.length; i += 2) {
            if (sb.length() > 0) {
                sb.append('&');
            }
            sb.append(URLEncoder.encode(kv[i], StandardCharsets.UTF_8)).append('=')
                    .append(URLEncoder.encode(kv[i + 1], StandardCharsets.UTF_8));
        }
        return sb.toString();
    }

    private static double pct(long[] sortedMicros, int p) {
        int idx = (int) Math.ceil(p / 100.0 * sortedMicros.length) - 1;
        return sortedMicros[Math.max(0, Math.min(idx, sortedMicros.length - 1))] / 1000.0;
    }
}
