package dev.stevedore.bench;

import com.sun.net.httpserver.HttpServer;
import dev.stevedore.config.CrashLoopConfig;
import dev.stevedore.config.NotificationsConfig;
import dev.stevedore.config.RouteConfig;
import dev.stevedore.core.auth.Platform;
import dev.stevedore.core.bus.ConversationRef;
import dev.stevedore.core.command.ContainerSpec;
import dev.stevedore.core.engine.ContainerGateway;
import dev.stevedore.core.engine.DockerEngines;
import dev.stevedore.core.engine.EngineEvent;
import dev.stevedore.core.port.MessageRef;
import dev.stevedore.core.port.MessageSink;
import dev.stevedore.core.port.MessageSinks;
import dev.stevedore.core.reply.Reply;
import dev.stevedore.core.watch.ExitWatcher;
import dev.stevedore.core.watch.ExitWatcherBuilder;
import dev.stevedore.core.watch.Notifications;
import java.io.Closeable;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * DESIGN.md §8: container death → notification posted, on the real engine with a fake chat platform on loopback.
 *
 * <p>Starts N containers ({@code sleep}, labelled {@code stevedore.bench=<run id>}), runs the real
 * {@link ExitWatcher} with one route to {@code slack:C0BENCH}, whose sink POSTs each alert as JSON to a JDK
 * {@link HttpServer} on 127.0.0.1 (as Slack's {@code chat.postMessage} would be called), then kills the containers
 * at a steady rate ({@code stop -t 0}: SIGKILL at once). For each container the latency is from the engine's own
 * time of its {@code die} event ({@code timeNano}, read from a separate event subscription) to the moment the fake
 * platform received the alert; engine and bot share this machine's clock. Reports p50, p90, p99 and max, checks that
 * every exit was alerted exactly once, and removes the containers. Target: p99 &lt; 500 ms.
 *
 * <p>Run with {@code scripts/bench-exit-alerts.sh [CONTAINERS=200] [KILLS_PER_SECOND=10]}.
 */
public final class ExitAlertBenchmark {
    private static final Pattern NAME = Pattern.compile("bench-exit-[0-9a-f]{8}-\\d+");

    private ExitAlertBenchmark() {}

    /**
     * Runs the benchmark.
     *
     * @param args {@code [containers] [kills per second]}
     * @throws Exception if the engine fails
     */
    public static void main(String[] args) throws Exception {
        int containers = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        double rate = args.length > 1 ? Double.parseDouble(args[1]) : 10;
        String host = System.getenv().getOrDefault("DOCKER_HOST", "unix:///var/run/docker.sock");
        String image = System.getenv().getOrDefault("BENCH_IMAGE", "stevedore-test/busybox:latest");
        String run = UUID.randomUUID().toString().substring(0, 8);
        String label = "stevedore.bench=" + run;

        Map<String, Instant> received = new ConcurrentHashMap<>();
        AtomicInteger duplicates = new AtomicInteger();
        HttpServer platform = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        java.util.concurrent.ExecutorService platformThreads = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "fake-platform");
            t.setDaemon(true);
            return t;
        });
        platform.setExecutor(platformThreads);
        platform.createContext("/chat.postMessage", exchange -> {
            Instant now = Instant.now();
            String body;
            try (InputStream in = exchange.getRequestBody()) {
                body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            Matcher m = NAME.matcher(body);
            if (m.find() && received.putIfAbsent(m.group(), now) != null) {
                duplicates.incrementAndGet();
            }
            byte[] ok = "{\"ok\":true,\"ts\":\"1.0\"}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, ok.length);
            exchange.getResponseBody().write(ok);
            exchange.close();
        });
        platform.start();
        try {
            run(endpointOf(platform), received, duplicates, containers, rate, host, image, run, label);
        } finally {
            platform.stop(0);
            platformThreads.shutdownNow();
        }
    }

    private static URI endpointOf(HttpServer platform) {
        return URI.create("http://127.0.0.1:" + platform.getAddress().getPort() + "/chat.postMessage");
    }

    private static void run(URI endpoint, Map<String, Instant> received, AtomicInteger duplicates, int containers,
            double rate, String host, String image, String run, String label) throws Exception {

        ContainerGateway engine = DockerEngines.connect(host);
        try {
            engine.ping();
            measure(engine, endpoint, received, duplicates, containers, rate, image, run, label);
        } finally {
            engine.close();
        }
    }

    private static void measure(ContainerGateway engine, URI endpoint, Map<String, Instant> received,
            AtomicInteger duplicates, int containers, double rate, String image, String run, String label)
            throws Exception {
        Map<String, Instant> died = new ConcurrentHashMap<>();
        CompletableFuture<Void> dieStreamDone = new CompletableFuture<>();
        Closeable dieStream = engine.events(Optional.empty(), Set.of("die"), (EngineEvent e) -> {
            String name = e.attributes().getOrDefault("name", "");
            if (NAME.matcher(name).matches()) {
                died.putIfAbsent(name, e.time());
            }
        }, dieStreamDone);

        Notifications notifications = new Notifications(new NotificationsConfig(
                List.of(new RouteConfig(List.of(), Map.of("stevedore.bench", run), List.of(), List.of("slack:C0BENCH"),
                        false)),
                // no crash-loop coalescing among distinct containers; one exit each
                CrashLoopConfig.defaults()));
        MessageSinks sinks = new MessageSinks();
        sinks.register(Platform.SLACK, new LoopbackSink(endpoint));
        ExitWatcher watcher = new ExitWatcherBuilder().engine(engine).notifications(notifications).sinks(sinks)
                .build();
        List<String> ids = new ArrayList<>();
        ScheduledExecutorService killer = Executors.newSingleThreadScheduledExecutor();
        try {
            System.out.printf("starting %d containers (label %s)…%n", containers, label);
            for (int i = 0; i < containers; i++) {
                String id = engine.create(new ContainerSpec(image, Optional.of("bench-exit-" + run + "-" + i),
                        List.of(), List.of(), List.of(label), false, false, false,
                        List.of("sh", "-c", "echo bench container " + i + " up; exec sleep 3600")));
                engine.start(id);
                ids.add(id);
            }
            watcher.start();
            System.out.printf(Locale.ROOT, "killing them at %.1f per second (docker stop -t 0)…%n", rate);
            CountDownLatch killed = new CountDownLatch(containers);
            AtomicInteger next = new AtomicInteger();
            long periodNanos = (long) (1e9 / rate);
            ScheduledFuture<?> kills = killer.scheduleAtFixedRate(() -> {
                int i = next.getAndIncrement();
                if (i >= containers) {
                    return;
                }
                try {
                    engine.stop(ids.get(i), Duration.ZERO);
                } catch (RuntimeException e) {
                    System.out.println("stop failed: " + e.getMessage());
                } finally {
                    killed.countDown();
                }
            }, 0, periodNanos, TimeUnit.NANOSECONDS);
            killed.await((long) (containers / rate * 3) + 60, TimeUnit.SECONDS);
            kills.cancel(false);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while ((received.size() < containers || died.size() < containers) && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }

            List<Double> latencies = new ArrayList<>();
            for (Map.Entry<String, Instant> d : died.entrySet()) {
                Instant r = received.get(d.getKey());
                if (r != null) {
                    latencies.add(Duration.between(d.getValue(), r).toNanos() / 1e6);
                }
            }
            Collections.sort(latencies);
            System.out.printf(Locale.ROOT, "exit alerts: %d containers killed, %d die events, %d alerts received, "
                    + "%d duplicates%n", containers, died.size(), received.size(), duplicates.get());
            if (latencies.isEmpty()) {
                System.out.println("no latencies measured");
                return;
            }
            double p99 = percentile(latencies, 0.99);
            System.out.printf(Locale.ROOT, "die event (engine timeNano) -> alert received by the fake platform, ms:%n"
                    + "  p50 %7.1f   p90 %7.1f   p99 %7.1f   max %7.1f   (n=%d)%n",
                    percentile(latencies, 0.5), percentile(latencies, 0.9), p99,
                    latencies.get(latencies.size() - 1), latencies.size());
            System.out.printf(Locale.ROOT, "  target p99 < 500 ms: %s; exactly once: %s%n",
                    p99 < 500 ? "met" : "NOT met",
                    received.size() == containers && duplicates.get() == 0 ? "yes" : "NO");
        } finally {
            killer.shutdownNow();
            watcher.close();
            dieStream.close();
            System.out.println("removing the benchmark containers…");
            for (String id : ids) {
                try {
                    engine.remove(id, true);
                } catch (RuntimeException e) {
                    // already gone
                }
            }
        }
    }

    private static double percentile(List<Double> sorted, double q) {
        int idx = (int) Math.min(sorted.size() - 1, Math.ceil(q * sorted.size()) - 1);
        return sorted.get(Math.max(0, idx));
    }

    /** A {@link MessageSink} that posts each alert as JSON to the fake platform over loopback HTTP. */
    private static final class LoopbackSink implements MessageSink {
        private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        private final URI endpoint;
        private final AtomicInteger ts = new AtomicInteger();

        LoopbackSink(URI endpoint) {
            this.endpoint = endpoint;
        }

        @Override
        public CompletableFuture<MessageRef> post(ConversationRef where, Reply reply) {
            String json = "{\"channel\":\"" + where.channelId() + "\",\"text\":\"" + escape(reply.plainText()) + "\"}";
            HttpRequest request = HttpRequest.newBuilder(endpoint)
                    .header("Content-Type", "application/json; charset=utf-8")
                    .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8))
                    .build();
            return http.sendAsync(request, HttpResponse.BodyHandlers.discarding())
                    .thenApply(r -> new MessageRef(where, "ts" + ts.incrementAndGet()));
        }

        @Override
        public CompletableFuture<MessageRef> edit(MessageRef message, Reply reply) {
            return CompletableFuture.completedFuture(message);
        }

        private static String escape(String s) {
            StringBuilder out = new StringBuilder(s.length() + 16);
            for (char c : s.toCharArray()) {
                if (c == '"' || c == '\\') {
                    out.append('\\').append(c);
                } else if (c < 0x20) {
                    out.append(String.format("\\u%04x", (int) c));
                } else {
                    out.append(c);
                }
            }
            return out.toString();
        }
    }
}
