package dev.stevedore.core.it;

import static dev.stevedore.core.it.EngineFixture.docker;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stevedore.config.AccessConfig;
import dev.stevedore.core.auth.Caller;
import dev.stevedore.core.auth.RoleBasedAccessPolicy;
import dev.stevedore.core.bus.CommandBus;
import dev.stevedore.core.bus.CommandBusBuilder;
import dev.stevedore.core.bus.ConversationRef;
import dev.stevedore.core.bus.Invocation;
import dev.stevedore.core.engine.ContainerGateway;
import dev.stevedore.core.engine.DockerEngines;
import dev.stevedore.core.error.EngineUnavailableException;
import dev.stevedore.core.reply.Block;
import dev.stevedore.core.reply.Reply;
import dev.stevedore.core.reply.Severity;
import dev.stevedore.core.reply.Visibility;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code docker -v} against the real engine, and what the bot says when there is no engine to talk to.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EngineConnectionIT {
    private EngineFixture env;

    @BeforeAll
    void open() {
        env = EngineFixture.open();
    }

    @AfterAll
    void close() {
        if (env != null) {
            env.close();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"version", "-v", "--version", "docker version"})
    void version_showsBotEngineAndApiVersions(String text) {
        EngineFixture.Cli cli = docker("version", "--format", "{{.Server.Version}} {{.Server.APIVersion}}");
        assertThat(cli.exitCode()).as(cli.err()).isZero();
        String[] expected = cli.out().strip().split(" ");

        Reply r = env.send(text);

        assertThat(r.visibility()).isEqualTo(Visibility.ONLY_CALLER);
        Block.Table t = EngineFixture.table(r);
        assertThat(t.header()).containsExactly("COMPONENT", "VERSION");
        assertThat(t.rows()).extracting(row -> row.get(0))
                .containsExactly("Stevedore", "Docker Engine", "Engine API", "Engine host");
        assertThat(t.rows().get(0).get(1)).isEqualTo("dev");
        assertThat(t.rows().get(1).get(1)).startsWith(expected[0] + " (linux/");
        assertThat(t.rows().get(2).get(1)).isEqualTo(expected[1]);
        assertThat(t.rows().get(3).get(1)).isEqualTo(EngineFixture.host());
    }

    @Test
    void ping_missingSocket_namesHostAndSaysNotFound() {
        try (ContainerGateway none = DockerEngines.connect("unix:///nonexistent.sock")) {
            long start = System.nanoTime();
            assertThatThrownBy(none::ping)
                    .isInstanceOf(EngineUnavailableException.class)
                    .hasMessageContaining("unix:///nonexistent.sock")
                    .hasMessageContaining("not found");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        }
    }

    @Test
    void ping_closedTcpPort_namesHostAndSaysRefused() {
        try (ContainerGateway none = DockerEngines.connect("tcp://127.0.0.1:1")) {
            assertThatThrownBy(none::ping)
                    .isInstanceOf(EngineUnavailableException.class)
                    .hasMessageContaining("tcp://127.0.0.1:1")
                    .hasMessageContaining("refused");
        }
    }

    @Test
    void ping_realEngine_answers() {
        env.engine.ping();
    }

    @ParameterizedTest
    @ValueSource(strings = {"ps -a", "version", "logs web", "images"})
    void commands_missingSocket_answerOneShortErrorNamingTheHost(String text) throws Exception {
        try (ContainerGateway none = DockerEngines.connect("unix:///nonexistent.sock");
                CommandBus bus = new CommandBusBuilder().engine(none)
                        .accessPolicy(new RoleBasedAccessPolicy(AccessConfig.empty())).build()) {
            Reply r = bus.dispatch(Invocation.of(Caller.shell("it-user"), ConversationRef.shell(), text))
                    .get(10, TimeUnit.SECONDS);

            assertThat(r.severity()).contains(Severity.ERROR);
            assertThat(r.visibility()).isEqualTo(Visibility.ONLY_CALLER);
            assertThat(r.blocks()).hasSize(1);
            assertThat(r.plainText())
                    .isEqualTo("cannot reach the Docker Engine at unix:///nonexistent.sock: "
                            + "socket not found (is the engine running?)")
                    .doesNotContain("Exception", "\tat ");
        }
    }

    @Test
    void badContainerNames_areAnsweredWithoutAnEngine() throws Exception {
        // the bus over a missing socket proves no engine call is made: otherwise the reply would be "cannot reach"
        try (ContainerGateway none = DockerEngines.connect("unix:///nonexistent.sock");
                CommandBus bus = new CommandBusBuilder().engine(none)
                        .accessPolicy(new RoleBasedAccessPolicy(AccessConfig.empty())).build()) {
            for (String text : List.of("logs wéb🐳", "logs " + "a".repeat(300), "stop @web", "rm -f wéb🐳")) {
                Reply r = bus.dispatch(Invocation.of(Caller.shell("it-user"), ConversationRef.shell(), text))
                        .get(10, TimeUnit.SECONDS);
                assertThat(r.severity()).as(text).contains(Severity.ERROR);
                assertThat(r.plainText()).as(text).startsWith("no such container: ").doesNotContain("\n")
                        .hasSizeLessThan(100);
            }
        }
    }
}
