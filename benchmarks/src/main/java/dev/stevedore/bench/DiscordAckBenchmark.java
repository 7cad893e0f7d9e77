package dev.stevedore.bench;

import dev.stevedore.adapter.discord.DiscordAdapter;
import dev.stevedore.adapter.discord.DiscordSettings;
import dev.stevedore.adapter.discord.testing.FakeDiscord;
import dev.stevedore.adapter.discord.testing.InterceptingGateway;
import dev.stevedore.config.AccessConfig;
import dev.stevedore.config.BindingConfig;
import dev.stevedore.config.ChannelsConfig;
import dev.stevedore.config.PlatformIds;
import dev.stevedore.config.RoleConfig;
import dev.stevedore.config.Secret;
import dev.stevedore.core.auth.RoleBasedAccessPolicy;
import dev.stevedore.core.bus.CommandBus;
import dev.stevedore.core.bus.CommandBusBuilder;
import dev.stevedore.core.engine.ContainerGateway;
import dev.stevedore.core.engine.DockerEngines;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * DESIGN.md §8 and CASES.md P22: how long the Discord adapter takes to <b>acknowledge</b> ({@code deferReply}) a
 * {@code /docker ps all:true} interaction while the engine is stalled. The real JDA runs against the loopback fake
 * Discord; every engine call of the command bus goes through a proxy that sleeps {@value #STALL_SECONDS} s before
 * reaching the real engine, so an adapter that waited for the engine would take 10 s. Target: p99 below 100 ms.
 *
 * <p>The latency is measured at the fake: from just before the {@code INTERACTION_CREATE} frame is written to the
 * gateway socket to the arrival of {@code POST interactions/{id}/{token}/callback}. Interactions are sent one after
 * the other, {@code GAP_MS} apart; the bus has its default size (8 workers, a queue of 64), so most commands end as
 * "busy" once the workers are stalled, which does not change the acknowledgement. JDA and the JIT are warmed first
 * with {@code help} interactions (no engine call).
 *
 * <p>Run with {@code scripts/bench-discord-ack.sh [INTERACTIONS=200] [GAP_MS=5]}.
 */
public final class DiscordAckBenchmark {
    static final int STALL_SECONDS = 10;
    private static final FakeDiscord.User ALICE = FakeDiscord.User.of("960000000000000001", "alice",
            FakeDiscord.ROLE_ADMIN);

    private DiscordAckBenchmark() {}

    /**
     * Runs the benchmark.
     *
     * @param args {@code [interactions] [gapMillis]}
     * @throws Exception if the engine cannot be reached or the fake gets no callback
     */
    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        long gapMs = args.length > 1 ? Long.parseLong(args[1]) : 5;
        String host = System.getenv().getOrDefault("DOCKER_HOST", "unix:///var/run/docker.sock");
        ContainerGateway engine = DockerEngines.connect(host);
        engine.ping();
        Path state = Files.createTempDirectory("stevedore-bench-discord");
        AccessConfig access = new AccessConfig(
                Map.of("admin", new RoleConfig("admin", List.of("*"), List.of(), Map.of(), List.of())),
                List.of(new BindingConfig("admin", PlatformIds.none(),
                        new PlatformIds(List.of(), List.of(FakeDiscord.ROLE_ADMIN)), PlatformIds.none())),
                new ChannelsConfig(List.of(), List.of(FakeDiscord.CHANNEL)), false);
        RoleBasedAccessPolicy policy = new RoleBasedAccessPolicy(access);
        InterceptingGateway stalled = InterceptingGateway.stalled(engine, Duration.ofSeconds(STALL_SECONDS));
        CommandBus bus = new CommandBusBuilder().engine(stalled).accessPolicy(policy).build();
        try (FakeDiscord discord = FakeDiscord.start()) {
            DiscordSettings settings = new DiscordSettings(new Secret("bench.bot.token"), List.of(FakeDiscord.GUILD),
                    discord.apiUrl(), discord.gatewayUrl(), false, Duration.ofMinutes(2),
                    state.resolve("discord-commands.properties"));
            DiscordAdapter adapter = DiscordAdapter.start(settings, bus, policy, engine);
            adapter.ready().get(60, TimeUnit.SECONDS);

            // warm-up: the whole path (gateway → listener → callback → hook edit) without the engine
            for (int i = 0; i < 100; i++) {
                FakeDiscord.Sent s = discord.slash(ALICE, FakeDiscord.CHANNEL, "help", Map.of());
                discord.await(FakeDiscord.is("PATCH", s.webhookPath() + "/messages/@original"), Duration.ofSeconds(30));
            }

            List<FakeDiscord.Sent> sent = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                sent.add(discord.slash(ALICE, FakeDiscord.CHANNEL, "ps", Map.of("all", true)));
                if (gapMs > 0) {
                    Thread.sleep(gapMs);
                }
            }
            long[] ms = new long[n];
            int deferred = 0;
            for (int i = 0; i < n; i++) {
                FakeDiscord.Sent s = sent.get(i);
                FakeDiscord.Request cb = discord.await(FakeDiscord.is("POST", s.callbackPath()), Duration.ofSeconds(30));
                ms[i] = cb.receivedNanos() - s.sentNanos();
                if (cb.json() != null && cb.json().path("type").asInt() == 5) {
                    deferred++;
                }
            }
            long[] sorted = ms.clone();
            Arrays.sort(sorted);
            System.out.printf(Locale.ROOT, "Discord interaction → defer callback, engine stalled %d s, %d interactions"
                    + " %d ms apart (real JDA %s, loopback fake):%n", STALL_SECONDS, n, gapMs,
                    net.dv8tion.jda.api.JDAInfo.VERSION);
            System.out.printf(Locale.ROOT, "  p50 %.1f ms   p90 %.1f ms   p99 %.1f ms   max %.1f ms   (%d deferred)%n",
                    pct(sorted, 50), pct(sorted, 90), pct(sorted, 99), sorted[n - 1] / 1e6, deferred);
            System.out.printf(Locale.ROOT, "  target p99 < 100 ms: %s%n", pct(sorted, 99) < 100 ? "met" : "MISSED");
            adapter.close();
        } finally {
            bus.close();
            engine.close();
        }
        System.exit(0);
    }

    private static double pct(long[] sortedNanos, int p) {
        int i = (int) Math.ceil(p / 100.0 * sortedNanos.length) - 1;
        return sortedNanos[Math.max(0, Math.min(sortedNanos.length - 1, i))] / 1e6;
    }
}
