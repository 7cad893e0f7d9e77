package dev.stevedore.core.it;

import static dev.stevedore.core.it.EngineFixture.IMAGE;
import static dev.stevedore.core.it.EngineFixture.exists;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.stevedore.core.reply.Action;
import dev.stevedore.core.reply.Block;
import dev.stevedore.core.reply.Reply;
import dev.stevedore.core.reply.Severity;
import dev.stevedore.core.reply.Visibility;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** {@code rm} and {@code rm -f} with their confirmations, through the real bus and engine. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RemoveContainersIT {
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
    void rmOfARunningContainer_isRefusedBeforeAnyPrompt_andTheContainerStays() {
        String name = env.name("rm-running");
        env.runDetached(name, ContainerLifecycleIT.SERVICE);

        Reply r = env.send("rm " + name);

        assertThat(r.severity()).contains(Severity.ERROR);
        assertThat(r.plainText()).isEqualTo(name + " is running — stop it first or use rm -f");
        assertThat(r.action(Action.Kind.CONFIRM)).isEmpty();
        assertThat(exists(name)).isTrue();
        assertThat(env.psRow(false, name)).isPresent();
    }

    @Test
    void rm_cancel_containerStillExists() {
        String name = env.name("rm-cancel");
        env.send("create --name " + name + " " + env.label() + " " + IMAGE);

        Reply prompt = env.send("rm " + name);

        assertThat(prompt.severity()).contains(Severity.WARNING);
        assertThat(prompt.plainText()).contains("Remove container " + name + "?", "Only it-user can confirm");
        assertThat(prompt.blocks()).anySatisfy(b -> assertThat(b).isInstanceOf(Block.Code.class));
        assertThat(prompt.action(Action.Kind.CANCEL)).isPresent();
        assertThat(exists(name)).as("nothing is removed before the click").isTrue();

        Reply cancelled = env.click(prompt, Action.Kind.CANCEL);

        assertThat(cancelled.severity()).contains(Severity.INFO);
        assertThat(cancelled.plainText()).isEqualTo("cancelled by it-user: rm " + name);
        assertThat(exists(name)).isTrue();
        assertThat(env.status(name)).contains("Created");

        Reply late = env.click(prompt, Action.Kind.CONFIRM);
        assertThat(late.severity()).contains(Severity.ERROR);
        assertThat(late.plainText()).isEqualTo("already handled: cancelled by it-user");
        assertThat(exists(name)).isTrue();
    }

    @Test
    void rm_confirm_containerGone() {
        String name = env.name("rm-confirm");
        env.runDetached(name, "true");
        await().atMost(Duration.ofSeconds(10)).until(() -> env.status(name).orElse("").startsWith("Exited"));

        Reply prompt = env.send("rm " + name);
        Reply done = env.click(prompt, Action.Kind.CONFIRM);

        assertThat(done.severity()).contains(Severity.SUCCESS);
        assertThat(done.visibility()).isEqualTo(Visibility.PUBLIC);
        assertThat(done.plainText()).isEqualTo(name + " removed by it-user");
        assertThat(exists(name)).isFalse();
        assertThat(env.psRow(true, name)).isEmpty();

        Reply again = env.click(prompt, Action.Kind.CONFIRM);
        assertThat(again.severity()).contains(Severity.ERROR);
        assertThat(again.plainText()).isEqualTo("already handled: confirmed by it-user");
    }

    @Test
    void rmForce_runningContainer_confirmKillsAndRemoves() {
        String name = env.name("rm-force");
        env.runDetached(name, ContainerLifecycleIT.SERVICE);

        Reply prompt = env.send("rm -f " + name);

        assertThat(prompt.severity()).contains(Severity.WARNING);
        assertThat(prompt.plainText()).contains("Force-remove container " + name + "?", "(will be killed)");
        assertThat(exists(name)).isTrue();
        assertThat(env.psRow(false, name)).as("still running until confirmed").isPresent();

        Reply done = env.click(prompt, Action.Kind.CONFIRM);

        assertThat(done.severity()).contains(Severity.SUCCESS);
        assertThat(done.plainText()).isEqualTo(name + " removed by it-user");
        assertThat(exists(name)).isFalse();
    }

    @Test
    void rm_severalContainers_oneConfirmation() {
        String a = env.name("rm-many-a");
        String b = env.name("rm-many-b");
        env.send("create --name " + a + " " + env.label() + " " + IMAGE);
        env.send("create --name " + b + " " + env.label() + " " + IMAGE);

        Reply prompt = env.send("docker container rm " + a + " " + b);
        assertThat(prompt.plainText()).contains("Remove 2 containers?", a, b);
        Reply done = env.click(prompt, Action.Kind.CONFIRM);

        assertThat(done.plainText()).contains(a + " removed by it-user", b + " removed by it-user");
        assertThat(exists(a)).isFalse();
        assertThat(exists(b)).isFalse();
    }

    @Test
    void rm_confirmAfterTheContainerWasRecreated_doesNotRemoveTheNewOne_P20() {
        String name = env.name("rm-recreated");
        env.send("create --name " + name + " " + env.label() + " " + IMAGE);
        Reply prompt = env.send("rm " + name);
        // someone else removes it and makes a new container with the same name before the click
        assertThat(EngineFixture.docker("rm", name).exitCode()).isZero();
        env.send("create --name " + name + " " + env.label() + " " + IMAGE);
        String newId = EngineFixture.inspect(name, "{{.Id}}");

        Reply done = env.click(prompt, Action.Kind.CONFIRM);

        assertThat(done.severity()).contains(Severity.ERROR);
        assertThat(done.plainText()).startsWith("confirmation expired").contains("run the command again");
        assertThat(EngineFixture.inspect(name, "{{.Id}}")).isEqualTo(newId);
    }
}
