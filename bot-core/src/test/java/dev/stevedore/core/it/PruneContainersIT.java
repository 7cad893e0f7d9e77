package dev.stevedore.core.it;

import static dev.stevedore.core.it.EngineFixture.IMAGE;
import static dev.stevedore.core.it.EngineFixture.exists;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.stevedore.core.reply.Action;
import dev.stevedore.core.reply.Block;
import dev.stevedore.core.reply.Reply;
import dev.stevedore.core.reply.Severity;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * {@code container prune}: the preview lists the stopped containers and the space, Cancel keeps them, Confirm
 * removes exactly the previewed ones and leaves running ones alone; CASES P13 on an engine with nothing to prune.
 *
 * <p>A confirmed prune removes every stopped container on the engine, also other tests' ones: the class is
 * {@link Isolated} (nothing else of this test run executes meanwhile), and its assertions are about its own
 * containers, so stopped containers of other processes only add rows.
 */
@Isolated("a confirmed prune removes every stopped container on the engine")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PruneContainersIT {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private EngineFixture env;
    private String exited;
    private String created;
    private String running;

    @BeforeAll
    void open() {
        env = EngineFixture.open();
        exited = env.name("prune-exited");
        created = env.name("prune-created");
        running = env.name("prune-running");
        env.runDetached(exited, "sh -c 'echo some data > /data.txt; exit 1'");
        env.send("create --name " + created + " " + env.label() + " " + IMAGE);
        env.runDetached(running, ContainerLifecycleIT.SERVICE);
        await().atMost(WAIT).until(() -> env.status(exited).orElse("").startsWith("Exited (1)"));
    }

    @AfterAll
    void close() {
        if (env != null) {
            env.close();
        }
    }

    @Test
    @Order(1)
    void prune_previewListsTheStoppedContainers_cancelKeepsThem() {
        Reply prompt = env.send("container prune");

        assertThat(prompt.severity()).contains(Severity.WARNING);
        assertThat(prompt.plainText()).containsPattern("Remove \\d+ stopped containers?, reclaiming \\d");
        String details = prompt.blocks().stream().filter(Block.Code.class::isInstance).map(Block.Code.class::cast)
                .findFirst().orElseThrow().body();
        List<String> rows = details.lines().toList();
        assertThat(rows).anySatisfy(row -> assertThat(row).contains(shortId(exited), exited, "Exited (1)"));
        assertThat(rows).anySatisfy(row -> assertThat(row).contains(shortId(created), created, "Created"));
        assertThat(details).doesNotContain(running);

        Reply cancelled = env.click(prompt, Action.Kind.CANCEL);

        assertThat(cancelled.plainText()).isEqualTo("cancelled by it-user: container prune");
        assertThat(exists(exited)).isTrue();
        assertThat(exists(created)).isTrue();
    }

    @Test
    @Order(2)
    void prune_confirm_removesThePreviewedOnes_leavesRunningOnesAndLaterStoppedOnes() {
        Reply prompt = env.send("container prune");
        // stopped after the preview: not bound to the confirmation, so it must survive
        String late = env.name("prune-late");
        env.send("create --name " + late + " " + env.label() + " " + IMAGE);

        Reply done = env.click(prompt, Action.Kind.CONFIRM);

        assertThat(done.severity()).contains(Severity.SUCCESS);
        assertThat(done.plainText()).containsPattern("^deleted \\d+ containers? \\(\\S+ reclaimed\\) by it-user")
                .contains(exited, created);
        assertThat(exists(exited)).isFalse();
        assertThat(exists(created)).isFalse();
        assertThat(exists(running)).isTrue();
        assertThat(exists(late)).isTrue();
        assertThat(EngineFixture.docker("rm", late).exitCode()).isZero();
    }

    @Test
    @Order(3)
    void prune_withNothingStopped_saysNothingToPrune_P13() {
        // other processes sharing the engine may have left stopped containers: then this case cannot be shown
        Assumptions.assumeTrue(EngineFixture.docker("ps", "-aq", "--filter", "status=exited", "--filter",
                "status=created", "--filter", "status=dead").lines().isEmpty(), "the engine has stopped containers");

        Reply r = env.send("container prune");

        assertThat(r.severity()).contains(Severity.INFO);
        assertThat(r.action(Action.Kind.CONFIRM)).isEmpty();
        assertThat(r.plainText()).startsWith("nothing to prune").contains("0B");
    }

    private static String shortId(String name) {
        return EngineFixture.inspect(name, "{{.Id}}").substring(0, 12);
    }
}
