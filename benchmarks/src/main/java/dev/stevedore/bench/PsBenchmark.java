package dev.stevedore.bench;

import dev.stevedore.config.AccessConfig;
import dev.stevedore.core.auth.Caller;
import dev.stevedore.core.auth.RoleBasedAccessPolicy;
import dev.stevedore.core.bus.CommandBus;
import dev.stevedore.core.bus.CommandBusBuilder;
import dev.stevedore.core.bus.ConversationRef;
import dev.stevedore.core.bus.Invocation;
import dev.stevedore.core.engine.ContainerGateway;
import dev.stevedore.core.engine.DockerEngines;
import dev.stevedore.core.reply.Block;
import dev.stevedore.core.reply.Reply;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * DESIGN.md §8: {@code ps -a} over 300 containers, the command bus in-process against the real engine vs the
 * {@code docker ps -a} CLI on the same engine. Prints both medians (wall time, ms) and their ratio; the target is
 * a ratio of at most 0.5.
 *
 * <p>Run with {@code scripts/bench-ps.sh [CONTAINERS] [ROUNDS]} (defaults 300 and 30). Creates the containers
 * (state {@code created}, labelled {@code stevedore.bench=<run id>}) and removes them at the end.
 */
public final class PsBenchmark {
    private PsBenchmark() {}

    /**
     * Runs the benchmark.
     *
     * @param args {@code [containers] [rounds]}
     * @throws Exception if the engine or the CLI fails
     */
    public static void main(String[] args) throws Exception {
        int containers = args.length > 0 ? positive(args[0], "CONTAINERS") : 300;
        int rounds = args.length > 1 ? positive(args[1], "ROUNDS") : 30;
        String host = System.getenv().getOrDefault("DOCKER_HOST", "unix:///var/run/docker.sock");
        String run = UUID.randomUUID().toString().substring(0, 8);
        String image = System.getenv().getOrDefault("BENCH_IMAGE", "stevedore-test/busybox:latest");
        ContainerGateway engine = DockerEngines.connect(host);
        engine.ping();
        CommandBus bus = new CommandBusBuilder().engine(engine)
                .accessPolicy(new RoleBasedAccessPolicy(AccessConfig.empty())).build();
        try {
            System.out.printf("creating %d containers (label stevedore.bench=%s)…%n", containers, run);
            for (int i = 0; i < containers; i++) {
                Reply r = bus.dispatch(Invocation.of(Caller.shell("bench"), ConversationRef.shell(),
                        "create --label stevedore.bench=" + run + " --name bench-" + run + "-" + i + " " + image
                                + " sh -c 'echo a fairly long command line so the COMMAND column is truncated'"))
                        .join();
                if (!r.plainText().contains("created")) {
                    throw new IllegalStateException("create failed: " + r.plainText());
                }
            }
            int total = engine.listContainers(true).size();
            System.out.printf("engine now has %d containers%n", total);

            // warm up both sides
            for (int i = 0; i < 20; i++) {
                busPs(bus);
            }
            for (int i = 0; i < 3; i++) {
                cliPs();
            }
            long[] busTimes = new long[rounds];
            long[] cliTimes = new long[rounds];
            for (int i = 0; i < rounds; i++) {
                // interleave so both see the same engine state and machine load
                long t0 = System.nanoTime();
                int rows = busPs(bus);
                busTimes[i] = System.nanoTime() - t0;
                if (rows != total) {
                    throw new IllegalStateException("bus listed " + rows + " rows, engine has " + total);
                }
                long t1 = System.nanoTime();
                cliPs();
                cliTimes[i] = System.nanoTime() - t1;
            }
            double busMedian = median(busTimes) / 1e6;
            double cliMedian = median(cliTimes) / 1e6;
            System.out.printf(Locale.ROOT, "ps -a over %d containers, %d rounds%n", total, rounds);
            System.out.printf(Locale.ROOT, "  bus in-process   median %8.2f ms   p90 %8.2f ms%n", busMedian,
                    percentile(busTimes, 0.9) / 1e6);
            System.out.printf(Locale.ROOT, "  docker ps -a CLI median %8.2f ms   p90 %8.2f ms%n", cliMedian,
                    percentile(cliTimes, 0.9) / 1e6);
            System.out.printf(Locale.ROOT, "  ratio bus/CLI    %8.3f   (target <= 0.5: %s)%n", busMedian / cliMedian,
                    busMedian / cliMedian <= 0.5 ? "met" : "NOT met");
        } finally {
            System.out.println("removing the benchmark containers…");
            new ProcessBuilder("sh", "-c", "docker ps -aq --filter label=stevedore.bench=" + run
                    + " | xargs -r docker rm -f >/dev/null").inheritIO().start().waitFor(120, TimeUnit.SECONDS);
            bus.close();
            engine.close();
        }
    }

    private static int positive(String arg, String what) {
        try {
            int n = Integer.parseInt(arg);
            if (n > 0 && n <= 5000) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        System.err.println("usage: scripts/bench-ps.sh [CONTAINERS (1-5000, default 300)] [ROUNDS (1-5000, default 30)]"
                + " — got " + what + "=" + arg);
        System.exit(2);
        return 0;
    }

    private static int busPs(CommandBus bus) {
        Reply r = bus.dispatch(Invocation.of(Caller.shell("bench"), ConversationRef.shell(), "ps -a")).join();
        Block b = r.blocks().get(0);
        if (!(b instanceof Block.Table t)) {
            throw new IllegalStateException("ps -a did not answer with a table: " + r.plainText());
        }
        return t.rows().size();
    }

    private static void cliPs() throws IOException, InterruptedException {
        Process p = new ProcessBuilder("docker", "ps", "-a").redirectErrorStream(true).start();
        try (InputStream in = p.getInputStream()) {
            in.transferTo(OutputSink.INSTANCE);
        }
        if (p.waitFor() != 0) {
            throw new IllegalStateException("docker ps -a failed");
        }
    }

    private static double median(long[] values) {
        return percentile(values, 0.5);
    }

    private static double percentile(long[] values, double q) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        int idx = (int) Math.min(sorted.length - 1, Math.round(q * (sorted.length - 1)));
        return sorted[idx];
    }

    /** Discards output, as a terminal the user reads would consume it. */
    private static final class OutputSink extends java.io.OutputStream {
        static final OutputSink INSTANCE = new OutputSink();
        private final List<Integer> none = new ArrayList<>(0);

        @Override
        public void write(int b) {
            // discarded
        }

        @Override
        public void write(byte[] b, int off, int len) {
            // discarded
        }

        @Override
        public String toString() {
            return "sink" + none.size();
        }
    }
}
