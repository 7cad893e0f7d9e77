package dev.stevedore.adapter.slack;

import dev.stevedore.adapter.slack.testing.FakeSlackApi;
import dev.stevedore.adapter.slack.testing.SlackTestClient;
import dev.stevedore.config.ConfigLoader;
import dev.stevedore.config.StevedoreConfig;
import dev.stevedore.core.auth.RoleBasedAccessPolicy;
import dev.stevedore.core.bus.CommandBus;
import dev.stevedore.core.bus.CommandBusBuilder;
import dev.stevedore.core.engine.ContainerGateway;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * A real Bolt app (the {@link SlackAdapter}) over a real command bus, on an ephemeral loopback port, talking to a
 * {@link FakeSlackApi}, with a {@link SlackTestClient} that signs requests. Roles: {@code U0ALICE} and {@code U0BOB}
 * are admins, {@code U0VIEWER} a viewer, members of {@code S0ADMINS} admins; commands are taken in {@code C0OPS}.
 */
final class SlackHarness implements AutoCloseable {
    static final String SECRET = "test-signing-secret-0123456789";
    static final String CHANNEL = "C0OPS";
    static final SlackTestClient.Sender ALICE = new SlackTestClient.Sender("U0ALICE", "alice", CHANNEL,
            FakeSlackApi.TEAM);
    static final SlackTestClient.Sender BOB = new SlackTestClient.Sender("U0BOB", "bob", CHANNEL, FakeSlackApi.TEAM);
    static final SlackTestClient.Sender VIEWER = new SlackTestClient.Sender("U0VIEWER", "vic", CHANNEL,
            FakeSlackApi.TEAM);
    static final SlackTestClient.Sender STRANGER = new SlackTestClient.Sender("U0CAROL", "carol", CHANNEL,
            FakeSlackApi.TEAM);

    final FakeSlackApi api;
    final CommandBus bus;
    final SlackAdapter adapter;
    final SlackTestClient client;
    final StevedoreConfig config;

    private SlackHarness(FakeSlackApi api, CommandBus bus, SlackAdapter adapter, StevedoreConfig config) {
        this.api = api;
        this.bus = bus;
        this.adapter = adapter;
        this.config = config;
        this.client = new SlackTestClient(URI.create(adapter.endpoint()), SECRET);
    }

    /**
     * Starts everything over an engine.
     *
     * @param engine the engine (real or fake)
     * @param confirmTtl e.g. {@code 2m}
     * @param bus customises the bus builder
     * @param adapter customises the adapter builder
     * @return the harness
     */
    static SlackHarness start(ContainerGateway engine, String confirmTtl, UnaryOperator<CommandBusBuilder> bus,
            UnaryOperator<SlackAdapter.Builder> adapter) {
        FakeSlackApi api = FakeSlackApi.start();
        StevedoreConfig cfg = config(api, "http", confirmTtl);
        CommandBus b = bus.apply(new CommandBusBuilder()
                .engine(engine)
                .accessPolicy(new RoleBasedAccessPolicy(cfg.access()))
                .confirmTtl(cfg.confirm().ttl()))
                .build();
        SlackAdapter a = adapter.apply(SlackAdapter.builder(cfg.slack().orElseThrow(), b)
                .listen(new InetSocketAddress("127.0.0.1", 0))
                .editInterval(Duration.ofMillis(200)))
                .build();
        a.start();
        return new SlackHarness(api, b, a, cfg);
    }

    static SlackHarness start(ContainerGateway engine) {
        return start(engine, "2m", b -> b, a -> a);
    }

    /**
     * The test configuration as YAML, loaded by the real loader.
     *
     * @param api the fake API
     * @param mode {@code http} or {@code socket}
     * @param confirmTtl e.g. {@code 2m}
     * @return the configuration
     */
    static StevedoreConfig config(FakeSlackApi api, String mode, String confirmTtl) {
        String yaml = String.join("\n",
                "access:",
                "  roles:",
                "    admin: { allow: [\"*\"] }",
                "    viewer: { allow: [ps, logs, help, version] }",
                "  bindings:",
                "    - role: admin",
                "      slack: { users: [U0ALICE, U0BOB], groups: [S0ADMINS] }",
                "    - role: viewer",
                "      slack: { users: [U0VIEWER] }",
                "  channels:",
                "    slack: [" + CHANNEL + "]",
                "confirm: { ttl: " + confirmTtl + " }",
                "slack:",
                "  mode: " + mode,
                "  botToken: xoxb-test-token",
                "  signingSecret: " + SECRET,
                "  appToken: xapp-test-token",
                "  listen: 127.0.0.1:3000",
                "  apiUrl: " + api.apiUrl(),
                "");
        return new ConfigLoader(Map.of()).parse(yaml, Optional.empty());
    }

    /**
     * Sends a signed slash command and returns its answer: the ack itself when the adapter answered in the ack
     * (an ephemeral reply that was ready at once), else the first post to the {@code response_url}.
     *
     * @param from who and where
     * @param text the command text
     * @return the answer, as a recorded call
     */
    FakeSlackApi.Call ask(SlackTestClient.Sender from, String text) {
        String url = api.newResponseUrl();
        SlackTestClient.Result r = client.slash(from, text, url);
        if (r.status() != 200) {
            throw new AssertionError("slash command answered " + r.status() + ": " + r.body());
        }
        if (!r.body().contains("Working on")) {
            return new FakeSlackApi.Call("ack", SlackAdapter.EVENTS_PATH, Map.of(), r.body(), "application/json", "",
                    java.time.Instant.now());
        }
        return api.awaitResponses(url, 1, Duration.ofSeconds(30)).get(0);
    }

    @Override
    public void close() {
        adapter.close();
        bus.close();
        api.close();
    }
}
