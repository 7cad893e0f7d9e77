package dev.stevedore.core.bus;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stevedore.config.AccessConfig;
import dev.stevedore.config.BindingConfig;
import dev.stevedore.config.ChannelsConfig;
import dev.stevedore.config.PlatformIds;
import dev.stevedore.config.RoleConfig;
import dev.stevedore.core.auth.RoleBasedAccessPolicy;
import dev.stevedore.core.internal.bus.DefaultCommandBus;
import dev.stevedore.core.reply.Block;
import dev.stevedore.core.reply.Reply;
import dev.stevedore.core.reply.Severity;
import dev.stevedore.core.testing.FakeContainerGateway;
import dev.stevedore.core.testing.Invocations;
import dev.stevedore.core.testing.QuietLogs;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A role limited to some containers stays limited for what it creates, renames and lists; unknown names among
 * several targets are reported without stopping the rest; a stalled engine gets a clear answer by a deadline.
 */
class ScopeAndDeadlineTest {
    private FakeContainerGateway engine;
    private CommandBus operator;

    @BeforeAll
    static void quiet() {
        QuietLogs.install();
    }

    @BeforeEach
    void setUp() {
        engine = new FakeContainerGateway();
        RoleConfig role = new RoleConfig("operator", List.of("ps", "run", "create", "rename", "stop", "prune"),
                List.of("app-*"), Map.of(), List.of());
        AccessConfig access = new AccessConfig(Map.of("operator", role), List.of(new BindingConfig("operator",
                PlatformIds.none(), PlatformIds.none(), new PlatformIds(List.of("alice"), List.of()))),
                ChannelsConfig.none(), false);
        operator = new CommandBusBuilder().engine(engine).accessPolicy(new RoleBasedAccessPolicy(access)).build();
    }

    @AfterEach
    void tearDown() {
        operator.close();
    }

    private Reply send(CommandBus bus, String text) throws Exception {
        return bus.dispatch(Invocations.shell("alice", text)).get(10, TimeUnit.SECONDS);
    }

    @Test
    void create_outsideTheRolesNameScope_isRefused_nothingCreated() throws Exception {
        engine.addImage("busybox", 1);
        Reply named = send(operator, "create --name other-1 busybox");
        Reply unnamed = send(operator, "run -d busybox sleep 1");
        Reply inScope = send(operator, "create --name app-1 busybox");

        assertThat(named.severity()).contains(Severity.ERROR);
        assertThat(named.plainText()).contains("not allowed").contains("other-1");
        assertThat(unnamed.plainText()).contains("give a matching --name");
        assertThat(inScope.severity()).as(inScope.plainText()).contains(Severity.SUCCESS);
        assertThat(engine.containers()).extracting(c -> c.name()).containsExactly("app-1");
    }

    @Test
    void rename_outOfTheRolesScope_isRefused() throws Exception {
        engine.addRunning("app-1");

        Reply r = send(operator, "rename app-1 other-2");

        assertThat(r.severity()).contains(Severity.ERROR);
        assertThat(engine.exists("app-1")).isTrue();
        assertThat(engine.exists("other-2")).isFalse();
    }

    @Test
    void ps_listsOnlyContainersInScope() throws Exception {
        engine.addRunning("app-1");
        engine.addRunning("db");

        Reply r = send(operator, "ps -a");

        Block.Table t = (Block.Table) r.blocks().get(0);
        assertThat(t.rows()).extracting(row -> row.get(6)).containsExactly("app-1");
    }

    @Test
    void prune_previewsOnlyContainersInScope() throws Exception {
        engine.addExited("app-old", 0);
        engine.addExited("db-old", 0);

        Reply r = send(operator, "container prune");

        assertThat(r.plainText()).contains("Remove 1 stopped container").contains("app-old").doesNotContain("db-old");
    }

    @Test
    void stop_unknownAmongSeveral_reportsIt_andStopsTheOthers() throws Exception {
        CommandBus admin = new CommandBusBuilder().engine(engine)
                .accessPolicy(new RoleBasedAccessPolicy(AccessConfig.empty())).build();
        engine.addRunning("a");
        engine.addRunning("b");

        Reply r = send(admin, "stop a nosuch b a");

        assertThat(r.plainText()).contains("no such container: nosuch", "a stopped", "b stopped");
        // a named twice is stopped once
        assertThat(r.plainText().split("a stopped", -1)).hasSize(2);
        assertThat(engine.container("a").state()).isEqualTo("exited");
        assertThat(engine.container("b").state()).isEqualTo("exited");
        admin.close();
    }

    @Test
    void stalledEngine_callerGetsAClearAnswerAtTheDeadline() throws Exception {
        CommandBus admin = new CommandBusBuilder().engine(engine)
                .accessPolicy(new RoleBasedAccessPolicy(AccessConfig.empty())).build();
        ((DefaultCommandBus) admin).deadline(Duration.ofMillis(300));
        engine.blockCalls();
        try {
            Reply r = admin.dispatch(Invocations.shell("alice", "ps")).get(5, TimeUnit.SECONDS);

            assertThat(r.severity()).contains(Severity.ERROR);
            assertThat(r.plainText()).contains("no answer from the Docker Engine within")
                    .contains("may still complete");
        } finally {
            engine.releaseCalls();
            admin.close();
        }
    }
}
