package dev.stevedore.core.it;

import static dev.stevedore.core.it.EngineFixture.IMAGE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.stevedore.core.reply.Block;
import dev.stevedore.core.reply.Reply;
import dev.stevedore.core.reply.Severity;
import dev.stevedore.core.reply.Visibility;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The lecture's container lifecycle through the real bus and engine: create, start, ps vs ps -a, rename, logs,
 * stop, exit codes, and the state races of CASES P12.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ContainerLifecycleIT {
    /** A container that prints a line and keeps running; sh as PID 1 ignores SIGTERM, so it traps it. */
    static final String SERVICE = "sh -c 'trap \"exit 0\" TERM; echo ready; while true; do sleep 0.1; done'";
    private static final Duration WAIT = Duration.ofSeconds(10);

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

    @Test
    void create_showsCreatedInPsAll_andNotInPs() {
        String name = env.name("create");

        Reply r = env.send("create --name " + name + " " + env.label() + " " + IMAGE + " sleep 60");

        assertThat(r.severity()).contains(Severity.SUCCESS);
        assertThat(r.plainText()).startsWith("created " + name + " (").contains("from " + IMAGE, "start " + name);
        assertThat(env.status(name)).contains("Created");
        assertThat(env.psRow(false, name)).isEmpty();
        assertThat(EngineFixture.inspect(name, "{{index .Config.Labels \"stevedore.test\"}}")).isEqualTo(env.runId);
    }

    @Test
    void start_createdContainer_showsUpInPs() {
        String name = env.name("start");
        env.send("create --name " + name + " " + env.label() + " " + IMAGE + " " + SERVICE);

        Reply r = env.send("start " + name);

        assertThat(r.severity()).contains(Severity.SUCCESS);
        assertThat(r.plainText()).isEqualTo(name + " started by it-user");
        Optional<List<String>> row = env.psRow(false, name);
        assertThat(row).isPresent();
        assertThat(row.get().get(4)).startsWith("Up");
        assertThat(row.get().get(1)).isEqualTo(IMAGE);
        assertThat(row.get().get(0)).hasSize(12);
    }

    @Test
    void ps_listsOnlyRunning_psAllAlsoStopped() {
        String running = env.name("ps-up");
        String created = env.name("ps-created");
        String exited = env.name("ps-exited");
        env.runDetached(running, SERVICE);
        env.send("create --name " + created + " " + env.label() + " " + IMAGE);
        env.runDetached(exited, "true");
        await().atMost(WAIT).until(() -> env.status(exited).orElse("").startsWith("Exited (0)"));

        assertThat(env.psRow(false, running)).isPresent();
        assertThat(env.psRow(false, created)).isEmpty();
        assertThat(env.psRow(false, exited)).isEmpty();
        assertThat(env.psRow(true, running)).isPresent();
        assertThat(env.psRow(true, created)).isPresent();
        assertThat(env.psRow(true, exited)).isPresent();
        assertThat(env.send("container ls -a").plainText()).contains(running, created, exited);
        assertThat(env.send("docker ps --all").plainText()).contains(running, created, exited);
    }

    @Test
    void rename_oldNameGone_newNamePresent() {
        String old = env.name("rename-old");
        String renamed = env.name("rename-new");
        env.runDetached(old, SERVICE);

        Reply r = env.send("rename " + old + " " + renamed);

        assertThat(r.severity()).contains(Severity.SUCCESS);
        assertThat(r.plainText()).isEqualTo("renamed " + old + " to " + renamed + " by it-user");
        assertThat(env.psRow(true, old)).isEmpty();
        assertThat(env.psRow(true, renamed)).isPresent();
        assertThat(env.send("logs " + old).plainText()).isEqualTo("no such container: " + old);
        assertThat(env.send("logs " + renamed).plainText()).isEqualTo("ready");
    }

    @Test
    void rename_toANameInUse_isAConflictNotACrash() {
        String a = env.name("rename-a");
        String b = env.name("rename-b");
        env.send("create --name " + a + " " + env.label() + " " + IMAGE);
        env.send("create --name " + b + " " + env.label() + " " + IMAGE);

        Reply r = env.send("rename " + a + " " + b);

        assertThat(r.severity()).contains(Severity.ERROR);
        assertThat(r.plainText()).contains(b, "already in use").doesNotContain("incident");
        assertThat(env.psRow(true, a)).isPresent();
    }

    @Test
    void logs_showWhatTheContainerPrinted() {
        String name = env.name("logs");
        env.runDetached(name, "sh -c 'echo first line; echo to stderr >&2; echo \"héllo 🐳\"'");
        await().atMost(WAIT).until(() -> env.status(name).orElse("").startsWith("Exited (0)"));

        Reply r = env.send("logs " + name);

        assertThat(r.visibility()).isEqualTo(Visibility.PUBLIC);
        assertThat(r.blocks()).singleElement().isInstanceOf(Block.Code.class);
        assertThat(r.plainText().lines()).containsExactlyInAnyOrder("first line", "to stderr", "héllo 🐳");
        assertThat(env.send("logs --tail 1 " + name).plainText()).isIn("héllo 🐳", "to stderr");
        assertThat(env.send("logs -n 0 " + name).plainText()).isEqualTo(name + " has printed nothing in that range");
    }

    @Test
    void logs_byIdPrefixAndLeadingSlash() {
        String name = env.name("logs-id");
        env.runDetached(name, "echo by-id");
        await().atMost(WAIT).until(() -> env.status(name).orElse("").startsWith("Exited (0)"));
        String id = EngineFixture.inspect(name, "{{.Id}}");

        assertThat(env.send("logs " + id.substring(0, 12)).plainText()).isEqualTo("by-id");
        assertThat(env.send("logs /" + name).plainText()).isEqualTo("by-id");
    }

    @Test
    void runDetached_exitCode3_showsExited3InPsAll() {
        String name = env.name("exit3");

        Reply r = env.runDetached(name, "sh -c 'exit 3'");

        assertThat(r.severity()).contains(Severity.SUCCESS);
        assertThat(r.plainText()).matches("started " + name + " \\([0-9a-f]{12}\\) from " + IMAGE + " by it-user");
        await().atMost(WAIT).untilAsserted(() -> assertThat(env.status(name)).hasValueSatisfying(
                s -> assertThat(s).startsWith("Exited (3) ")));
        assertThat(env.psRow(false, name)).isEmpty();
    }

    @Test
    void stop_runningContainer_thenExited() {
        String name = env.name("stop");
        env.runDetached(name, SERVICE);

        Reply r = env.send("stop -t 5 " + name);

        assertThat(r.severity()).contains(Severity.SUCCESS);
        assertThat(r.plainText()).isEqualTo(name + " stopped by it-user");
        assertThat(env.psRow(false, name)).isEmpty();
        assertThat(env.status(name)).hasValueSatisfying(s -> assertThat(s).startsWith("Exited (0)"));
    }

    @Test
    void stopTwice_secondIsAlreadyStopped_notAnError_P12() {
        String name = env.name("stop-twice");
        env.runDetached(name, SERVICE);
        assertThat(env.send("stop -t 5 " + name).severity()).contains(Severity.SUCCESS);

        Reply second = env.send("stop " + name);

        assertThat(second.severity()).contains(Severity.INFO);
        assertThat(second.plainText()).isEqualTo(name + " is already stopped");
        assertThat(second.visibility()).isEqualTo(Visibility.PUBLIC);
    }

    @Test
    void startRunning_isAlreadyRunning_notAnError_P12() {
        String name = env.name("start-twice");
        env.runDetached(name, SERVICE);

        Reply r = env.send("start " + name);

        assertThat(r.severity()).contains(Severity.INFO);
        assertThat(r.plainText()).isEqualTo(name + " is already running");
    }

    @Test
    void logsOfAGhost_isNoSuchContainer_P12() {
        Reply r = env.send("logs ghost");

        assertThat(r.severity()).contains(Severity.ERROR);
        assertThat(r.visibility()).isEqualTo(Visibility.ONLY_CALLER);
        assertThat(r.plainText()).isEqualTo("no such container: ghost");
    }

    @Test
    void stopAndStartOfAGhost_areNoSuchContainer_P12() {
        String ghost = env.name("ghost");
        assertThat(env.send("stop " + ghost).plainText()).isEqualTo("no such container: " + ghost);
        assertThat(env.send("start " + ghost).plainText()).isEqualTo("no such container: " + ghost);
        assertThat(env.send("rm -f " + ghost).plainText()).isEqualTo("no such container: " + ghost);
    }

    @Test
    void badNames_oneShortLine_P10() {
        for (String text : List.of("logs wéb🐳", "logs " + "x".repeat(300))) {
            Reply r = env.send(text);
            assertThat(r.severity()).as(text).contains(Severity.ERROR);
            assertThat(r.blocks()).as(text).hasSize(1);
            assertThat(r.plainText()).as(text).startsWith("no such container: ").doesNotContain("\n")
                    .hasSizeLessThan(100);
        }
        assertThat(env.send("logs wéb🐳").plainText()).isEqualTo("no such container: \"wéb🐳\"");
        assertThat(env.send("logs " + "x".repeat(300)).plainText())
                .isEqualTo("no such container: \"" + "x".repeat(40) + "…\" (300 characters)");
    }

    @Test
    void createWithANameInUse_isAConflict_P12() {
        String name = env.name("dup");
        env.send("create --name " + name + " " + env.label() + " " + IMAGE);

        Reply r = env.send("create --name " + name + " " + env.label() + " " + IMAGE);

        assertThat(r.severity()).contains(Severity.ERROR);
        assertThat(r.plainText()).startsWith("the name " + name + " is already in use");
    }

    @Test
    void runOfAMissingExecutable_isTheEngineError_notAnUnreachableEngine() {
        String name = env.name("noexec");

        Reply r = env.send("run -d --name " + name + " " + env.label() + " " + IMAGE + " /nonexistent-binary");

        assertThat(r.severity()).contains(Severity.ERROR);
        assertThat(r.plainText()).doesNotContain("cannot reach the Docker Engine", "incident")
                .contains("/nonexistent-binary", "no such file or directory");
        assertThat(EngineFixture.inspect(name, "{{.State.Status}}")).isIn("created", "exited");
    }

    @Test
    void runOfAMissingImage_saysNoSuchImage() {
        String name = env.name("noimage");

        Reply r = env.send("run -d --name " + name + " " + env.label() + " stevedore-test/nope-" + EngineFixture
                .randomHex(4) + ":latest true");

        assertThat(r.severity()).contains(Severity.ERROR);
        assertThat(r.plainText()).startsWith("no such image: stevedore-test/nope-").endsWith("(pull it first)");
        assertThat(EngineFixture.exists(name)).isFalse();
    }

    @Test
    void run_withARestartPolicy_createsTheContainerWithIt_andRmWithRestartIsRefused() {
        String name = env.name("restart");

        Reply r = env.send("run -d --restart on-failure:2 --name " + name + " " + env.label() + " " + IMAGE
                + " sh -c 'exit 1'");

        assertThat(r.severity()).as(r.plainText()).contains(Severity.SUCCESS);
        assertThat(EngineFixture.inspect(name,
                "{{.HostConfig.RestartPolicy.Name}}:{{.HostConfig.RestartPolicy.MaximumRetryCount}}"))
                .isEqualTo("on-failure:2");
        Reply both = env.send("run --rm --restart always " + env.label() + " " + IMAGE);
        assertThat(both.plainText()).contains("--rm and --restart cannot be combined");
        Reply bad = env.send("run --restart sometimes " + IMAGE);
        assertThat(bad.plainText()).contains("invalid restart policy");
    }
}
