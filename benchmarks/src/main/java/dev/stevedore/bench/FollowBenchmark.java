package dev.stevedore.bench;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.stevedore.config.AccessConfig;
import dev.stevedore.core.auth.Caller;
import dev.stevedore.core.auth.Platform;
import dev.stevedore.core.auth.RoleBasedAccessPolicy;
import dev.stevedore.core.bus.CommandBus;
import dev.stevedore.core.bus.CommandBusBuilder;
import dev.stevedore.core.bus.ConversationRef;
import dev.stevedore.core.bus.Invocation;
import dev.stevedore.core.engine.ContainerGateway;
import dev.stevedore.core.engine.DockerEngines;
import dev.stevedore.core.port.MessageRef;
import dev.stevedore.core.port.MessageSink;
import dev.stevedore.core.reply.Block;
import dev.stevedore.core.reply.Reply;
import dev.stevedore.core.stream.EditBudget;
import dev.stevedore.core.stream.LiveStream;
import dev.stevedore.core.stream.StreamPump;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * DESIGN.md §8: following a container that prints at least 100k lines/s for 30 s, through the real engine,
 * {@code logs -f} on the command bus and the {@link StreamPump} into a loopback fake platform sink (every call
 * answered after 20 ms, as a local HTTP round trip would be). Prints lines ingested per second, heap growth after GC
 * (MB, the largest seen while following and at the end), posts and edits per minute, the most calls seen in any
 * window of the platform's rule, and whether the omitted count is exact: the container prints a number of lines
 * known in advance ({@code SECONDS} bursts of {@code yes | head -n RATE}, one burst per second), and the lines shown
 * in the messages' final versions plus the "… N lines omitted" markers must add up to it.
 *
 * <p>Run with {@code scripts/bench-follow.sh [SECONDS=30] [LINES_PER_SECOND=150000] [slack|discord]}. The container
 * is labelled {@code stevedore.bench=<run id>} and removed at the end.
 */
public final class FollowBenchmark {
    private static final Pattern MARKER = Pattern.compile("… ([\\d,]+) lines? omitted");

    private FollowBenchmark() {}

    /**
     * Runs the benchmark.
     *
     * @param args {@code [seconds] [linesPerSecond] [slack|discord]}
     * @throws Exception if the engine or the CLI fails
     */
    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        int rate = args.length > 1 ? Integer.parseInt(args[1]) : 150_000;
        boolean discord = args.length > 2 && args[2].equalsIgnoreCase("discord");
        int budgetCalls = discord ? 5 : 1;
        Duration budgetWindow = Duration.ofSeconds(discord ? 5 : 1);
        long expected = (long) seconds * rate;
        String host = System.getenv().getOrDefault("DOCKER_HOST", "unix:///var/run/docker.sock");
        String image = System.getenv().getOrDefault("BENCH_IMAGE", "stevedore-test/busybox:latest");
        String run = UUID.randomUUID().toString().substring(0, 8);
        String name = "bench-follow-" + run;
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();

        ContainerGateway engine = DockerEngines.connect(host);
        engine.ping();
        CommandBus bus = new CommandBusBuilder().engine(engine)
                .accessPolicy(new RoleBasedAccessPolicy(AccessConfig.empty())).build();
        ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);
        FakeSink sink = new FakeSink(scheduler, Duration.ofMillis(20));
        StreamPump pump = new StreamPump(sink, discord ? EditBudget.discord(Ticker.systemTicker())
                : EditBudget.slack(Ticker.systemTicker()),
                bus.streamRegistry(), scheduler, Duration.ofMillis(100), discord
                        ? new StreamPump.Limits(1_800, 500, 7_200, false, String::length)
                        : new StreamPump.Limits(2_800, 1_000, 11_200, true, String::length));
        try {
            gc();
            long heapBefore = memory.getHeapMemoryUsage().getUsed();
            String script = "i=0; while [ $i -lt " + seconds + " ]; do /bin/busybox yes 'stevedore benchmark line"
                    + " with some payload' | /bin/busybox head -n " + rate + "; /bin/busybox sleep 0.7; i=$((i+1));"
                    + " done";
            docker("run", "-d", "--label", "stevedore.bench=" + run, "--name", name, image, "sh", "-c", script);
            Reply r = bus.dispatch(Invocation.of(Caller.shell("bench"), ConversationRef.shell(), "logs -f " + name))
                    .join();
            LiveStream stream = r.stream().orElseThrow(() -> new IllegalStateException(r.plainText()));
            ConversationRef where = new ConversationRef(discord ? Platform.DISCORD : Platform.SLACK, "T1", "C1",
                    Optional.empty());
            long t0 = System.nanoTime();
            StreamPump.Session session = pump.start(stream, where, Caller.shell("bench"));
            long maxGrowth = 0;
            long lastReport = 0;
            while (!session.done().isDone()) {
                Thread.sleep(1_000);
                long elapsed = (System.nanoTime() - t0) / 1_000_000_000L;
                if (elapsed - lastReport >= 5) {
                    lastReport = elapsed;
                    gc();
                    long growth = memory.getHeapMemoryUsage().getUsed() - heapBefore;
                    maxGrowth = Math.max(maxGrowth, growth);
                    System.out.printf(Locale.ROOT, "  %3d s: %,12d lines ingested, %,d omitted, %d calls, heap %+.1f MB%n",
                            elapsed, session.lines(), session.omitted(), session.calls(), growth / 1e6);
                }
                if (elapsed > seconds * 6L + 60) {
                    System.out.println("the follow did not end in time; stopping it");
                    stream.stop();
                }
            }
            double wall = (System.nanoTime() - t0) / 1e9;
            gc();
            long endGrowth = memory.getHeapMemoryUsage().getUsed() - heapBefore;
            maxGrowth = Math.max(maxGrowth, endGrowth);

            long shown = 0;
            long inMarkers = 0;
            for (Reply last : sink.lastVersions()) {
                for (Block b : last.blocks()) {
                    if (b instanceof Block.Code c) {
                        for (String l : c.body().split("\n", -1)) {
                            Matcher m = MARKER.matcher(l);
                            if (m.matches()) {
                                inMarkers += Long.parseLong(m.group(1).replace(",", ""));
                            } else if (l.startsWith("stevedore benchmark line")) {
                                shown++;
                            }
                        }
                    }
                }
            }
            double minutes = wall / 60;
            System.out.printf(Locale.ROOT, "follow of %s: %d s x %,d lines/s = %,d lines printed (%s rule: %d call%s"
                    + " per %d s per channel)%n", name, seconds, rate, expected, discord ? "Discord" : "Slack",
                    budgetCalls, budgetCalls == 1 ? "" : "s", budgetWindow.toSeconds());
            System.out.printf(Locale.ROOT, "  lines ingested     %,d in %.1f s = %,.0f lines/s%n", session.lines(), wall,
                    session.lines() / wall);
            System.out.printf(Locale.ROOT, "  heap growth        max %.1f MB, at the end %.1f MB (after GC; target < 64 MB:"
                    + " %s)%n", maxGrowth / 1e6, endGrowth / 1e6, maxGrowth < 64e6 ? "met" : "NOT met");
            System.out.printf(Locale.ROOT, "  platform calls     %d posts + %d edits = %.1f per minute; most in any %d s"
                    + " window: %d (limit %d: %s)%n", sink.posts.get(), sink.edits.get(),
                    (sink.posts.get() + sink.edits.get()) / minutes, budgetWindow.toSeconds(),
                    sink.maxInWindow(budgetWindow), budgetCalls,
                    sink.maxInWindow(budgetWindow) <= budgetCalls ? "within" : "EXCEEDED");
            boolean exact = shown + inMarkers == expected && session.lines() == expected
                    && session.omitted() == inMarkers;
            System.out.printf(Locale.ROOT, "  omitted count      shown %,d + omitted %,d = %,d; printed %,d; pump counted"
                    + " %,d lines, %,d omitted: %s%n", shown, inMarkers, shown + inMarkers, expected, session.lines(),
                    session.omitted(), exact ? "exact" : "NOT exact");
        } finally {
            docker("rm", "-f", name);
            pump.close();
            scheduler.shutdownNow();
            bus.close();
            engine.close();
        }
    }

    private static void gc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
    }

    private static void docker(String... args) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add("docker");
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("docker " + String.join(" ", args) + " failed: " + out.strip());
        }
    }

    /** A loopback platform: answers each call after a fixed delay, keeps each message's latest version only. */
    static final class FakeSink implements MessageSink {
        final AtomicLong posts = new AtomicLong();
        final AtomicLong edits = new AtomicLong();
        private final ScheduledExecutorService scheduler;
        private final long delayMs;
        private final Map<String, Reply> latest = new ConcurrentHashMap<>();
        private final List<Long> callTimes = new ArrayList<>();
        private final AtomicLong ids = new AtomicLong();

        FakeSink(ScheduledExecutorService scheduler, Duration delay) {
            this.scheduler = scheduler;
            this.delayMs = delay.toMillis();
        }

        @Override
        public CompletableFuture<MessageRef> post(ConversationRef where, Reply reply) {
            posts.incrementAndGet();
            MessageRef ref = new MessageRef(where, "m" + ids.incrementAndGet());
            return answer(ref, reply);
        }

        @Override
        public CompletableFuture<MessageRef> edit(MessageRef message, Reply reply) {
            edits.incrementAndGet();
            return answer(message, reply);
        }

        private CompletableFuture<MessageRef> answer(MessageRef ref, Reply reply) {
            synchronized (callTimes) {
                callTimes.add(System.nanoTime());
            }
            latest.put(ref.messageId(), reply);
            CompletableFuture<MessageRef> f = new CompletableFuture<>();
            scheduler.schedule(() -> f.complete(ref), delayMs, TimeUnit.MILLISECONDS);
            return f;
        }

        List<Reply> lastVersions() {
            return List.copyOf(latest.values());
        }

        /** The most calls whose issue times fall within any window shorter than {@code window}. */
        int maxInWindow(Duration window) {
            List<Long> t;
            synchronized (callTimes) {
                t = List.copyOf(callTimes);
            }
            int max = 0;
            int from = 0;
            for (int i = 0; i < t.size(); i++) {
                while (t.get(i) - t.get(from) >= window.toNanos()) {
                    from++;
                }
                max = Math.max(max, i - from + 1);
            }
            return max;
        }
    }
}
