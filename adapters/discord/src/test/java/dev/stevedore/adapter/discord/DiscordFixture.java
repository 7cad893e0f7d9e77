package dev.stevedore.adapter.discord;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stevedore.adapter.discord.testing.FakeDiscord;
import dev.stevedore.adapter.discord.testing.InterceptingGateway;
import dev.stevedore.config.AccessConfig;
import dev.stevedore.config.BindingConfig;
import dev.stevedore.config.ChannelsConfig;
import dev.stevedore.config.PlatformIds;
import dev.stevedore.config.RoleConfig;
import dev.stevedore.config.Secret;
import dev.stevedore.core.auth.AccessPolicy;
import dev.stevedore.core.auth.RoleBasedAccessPolicy;
import dev.stevedore.core.bus.CommandBus;
import dev.stevedore.core.bus.CommandBusBuilder;
import dev.stevedore.core.engine.ContainerGateway;
import dev.stevedore.core.engine.DockerEngines;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * One test class's Discord world: the loopback {@link FakeDiscord}, the real Docker Engine (optionally behind an
 * {@link InterceptingGateway}), the real command bus and the real {@link DiscordAdapter} (JDA) connected to the
 * fake, plus a run id that labels every container the class creates.
 *
 * <p>Access: {@link #ADMIN} (role {@link FakeDiscord#ROLE_ADMIN}) may do everything, {@link #VIEWER} may list and
 * read logs, in channel {@link FakeDiscord#CHANNEL} only; DMs are off.
 */
final class DiscordFixture implements AutoCloseable {
    static final String IMAGE = "stevedore-test/busybox:latest";
    static final String LABEL_KEY = "stevedore.test";
    static final FakeDiscord.User ADMIN = FakeDiscord.User.of("960000000000000001", "alice", FakeDiscord.ROLE_ADMIN);
    static final FakeDiscord.User OTHER_ADMIN =
            FakeDiscord.User.of("960000000000000002", "bob", FakeDiscord.ROLE_ADMIN);
    static final FakeDiscord.User VIEWER = FakeDiscord.User.of("960000000000000003", "carol", FakeDiscord.ROLE_VIEWER);
    static final Duration WAIT = Duration.ofSeconds(30);
    private static final SecureRandom RANDOM = new SecureRandom();

    final String runId = "run-" + hex(6);
    final FakeDiscord discord;
    final ContainerGateway realEngine;
    final InterceptingGateway engine;
    final CommandBus bus;
    final DiscordAdapter adapter;
    final Path stateDir;

    private DiscordFixture(Duration confirmTtl, Function<ContainerGateway, InterceptingGateway> wrap) {
        try {
            stateDir = Files.createTempDirectory("stevedore-discord-it");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        discord = FakeDiscord.start();
        realEngine = DockerEngines.connect(host());
        realEngine.ping();
        engine = wrap.apply(realEngine);
        AccessPolicy policy = new RoleBasedAccessPolicy(access());
        bus = new CommandBusBuilder().engine(engine).accessPolicy(policy).confirmTtl(confirmTtl).build();
        // the autocomplete cache reads the real engine: engine.calls() counts only what commands did
        adapter = DiscordAdapter.start(settings(confirmTtl), bus, policy, realEngine);
        adapter.ready().orTimeout(30, TimeUnit.SECONDS).join();
    }

    static DiscordFixture open() {
        return new DiscordFixture(Duration.ofMinutes(2), e -> new InterceptingGateway(e, m -> { }));
    }

    static DiscordFixture open(Duration confirmTtl, Function<ContainerGateway, InterceptingGateway> wrap) {
        return new DiscordFixture(confirmTtl, wrap);
    }

    DiscordSettings settings(Duration confirmTtl) {
        return new DiscordSettings(new Secret("fake.bot.token"), List.of(FakeDiscord.GUILD), discord.apiUrl(),
                discord.gatewayUrl(), false, confirmTtl, stateDir.resolve("discord-commands.properties"), true);
    }

    static AccessConfig access() {
        Map<String, RoleConfig> roles = Map.of(
                "admin", new RoleConfig("admin", List.of("*"), List.of(), Map.of(), List.of()),
                "viewer", new RoleConfig("viewer", List.of("ps", "images", "logs", "help", "version"), List.of(),
                        Map.of(), List.of()));
        List<BindingConfig> bindings = List.of(
                new BindingConfig("admin", PlatformIds.none(),
                        new PlatformIds(List.of(), List.of(FakeDiscord.ROLE_ADMIN)), PlatformIds.none()),
                new BindingConfig("viewer", PlatformIds.none(),
                        new PlatformIds(List.of(), List.of(FakeDiscord.ROLE_VIEWER)), PlatformIds.none()));
        return new AccessConfig(roles, bindings, new ChannelsConfig(List.of(), List.of(FakeDiscord.CHANNEL)), false);
    }

    static String host() {
        String h = System.getenv("DOCKER_HOST");
        return h == null || h.isBlank() ? "unix:///var/run/docker.sock" : h;
    }

    static String hex(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    String name(String what) {
        return "dc-" + what + "-" + hex(4);
    }

    /** Runs the docker CLI (setup and checks that must not rely on the bot). */
    static String docker(String... args) {
        List<String> cmd = new ArrayList<>(List.of("docker"));
        cmd.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("docker " + String.join(" ", args) + " did not finish");
            }
            assertThat(p.exitValue()).as("docker %s: %s", String.join(" ", args), out).isZero();
            return out.strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    static boolean exists(String name) {
        try {
            Process p = new ProcessBuilder("docker", "container", "inspect", name).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor() == 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Creates a container (not started) with this run's label. */
    String create(String name, String... command) {
        List<String> args = new ArrayList<>(List.of("create", "--name", name, "--label", LABEL_KEY + "=" + runId,
                IMAGE));
        args.addAll(List.of(command));
        return docker(args.toArray(String[]::new));
    }

    /** Runs a container in the background with this run's label. */
    String runDetached(String name, String... command) {
        List<String> args = new ArrayList<>(List.of("run", "-d", "--name", name, "--label",
                LABEL_KEY + "=" + runId, IMAGE));
        args.addAll(List.of(command));
        return docker(args.toArray(String[]::new));
    }

    /** The callback of an interaction. */
    FakeDiscord.Request callback(FakeDiscord.Sent s) {
        return discord.await(FakeDiscord.is("POST", s.callbackPath()), WAIT);
    }

    /** The edit of an interaction's original response. */
    FakeDiscord.Request edit(FakeDiscord.Sent s) {
        return discord.await(FakeDiscord.is("PATCH", s.webhookPath() + "/messages/@original"), WAIT);
    }

    /** The first followup of an interaction. */
    FakeDiscord.Request followup(FakeDiscord.Sent s) {
        return discord.await(FakeDiscord.is("POST", s.webhookPath()), WAIT);
    }

    /** Every callback of an interaction so far. */
    List<FakeDiscord.Request> callbacks(FakeDiscord.Sent s) {
        return discord.requests(FakeDiscord.is("POST", s.callbackPath()));
    }

    static boolean ephemeral(JsonNode message) {
        return (message.path("flags").asInt(0) & 64) != 0 || (message.path("data").path("flags").asInt(0) & 64) != 0;
    }

    @Override
    public void close() {
        try {
            String ids = docker("ps", "-aq", "--filter", "label=" + LABEL_KEY + "=" + runId);
            if (!ids.isBlank()) {
                List<String> args = new ArrayList<>(List.of("rm", "-f"));
                args.addAll(List.of(ids.split("\\s+")));
                docker(args.toArray(String[]::new));
            }
        } finally {
            adapter.close();
            bus.close();
            engine.close();
            discord.close();
        }
    }
}
