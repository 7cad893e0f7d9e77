package dev.stevedore.core.it;

import static dev.stevedore.core.it.EngineFixture.IMAGE;
import static dev.stevedore.core.it.EngineFixture.REGISTRY_IMAGE;
import static dev.stevedore.core.it.EngineFixture.docker;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.stevedore.core.reply.Block;
import dev.stevedore.core.reply.Reply;
import dev.stevedore.core.reply.Severity;
import dev.stevedore.core.stream.StreamEnd;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** {@code commit}, {@code images} and {@code pull} (from the local registry) through the real bus and engine. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ImagesIT {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private EngineFixture env;

    @BeforeAll
    void open() {
        env = EngineFixture.open();
    }

    @AfterAll
    void close() {
        try {
            // scripts/test-env.sh leaves the registry tag absent so that pulls really pull: restore that
            docker("rmi", REGISTRY_IMAGE);
        } finally {
            if (env != null) {
                env.close();
            }
        }
    }

    @Test
    void images_listsTheTestImage_likeTheCli() {
        Block.Table t = EngineFixture.table(env.send("images"));

        assertThat(t.header()).containsExactly("REPOSITORY", "TAG", "IMAGE ID", "CREATED", "SIZE");
        String cliId = docker("images", "-q", IMAGE).lines().get(0);
        assertThat(t.rows()).anySatisfy(row -> assertThat(row).containsSubsequence(
                "stevedore-test/busybox", "latest", cliId));
        assertThat(env.send("image ls").plainText()).isEqualTo(env.send("images").plainText());
    }

    @Test
    void commit_thenImagesShowsTheNewImage_andItKeepsTheWork() {
        String name = env.name("commit");
        String repo = "it-commit-" + EngineFixture.randomHex(4) + "/kept";
        env.runDetached(name, "sh -c 'echo the work > /kept.txt'");
        await().atMost(WAIT).until(() -> env.status(name).orElse("").startsWith("Exited (0)"));

        Reply r = env.send("commit " + name + " " + repo + ":v1");

        assertThat(r.severity()).contains(Severity.SUCCESS);
        assertThat(r.plainText()).matches("committed " + name + " as " + repo + ":v1 \\([0-9a-f]{12}\\) by it-user");
        assertThat(EngineFixture.table(env.send("images")).rows())
                .anySatisfy(row -> assertThat(row.subList(0, 2)).containsExactly(repo, "v1"));
        // the committed image carries the container's labels, so the cleanup finds it
        assertThat(docker("images", "-q", "--filter", "label=" + EngineFixture.LABEL_KEY + "=" + env.runId,
                repo + ":v1").lines()).hasSize(1);

        String reader = env.name("commit-read");
        Reply run = env.send("run --name " + reader + " " + env.label() + " " + repo + ":v1 cat /kept.txt");
        EngineFixture.Started s = EngineFixture.start(run);
        StreamEnd end = s.awaitEnd(WAIT);
        assertThat(end.exitCode()).hasValue(0);
        assertThat(s.collected().texts()).containsExactly("the work");
    }

    @Test
    void commit_withoutTag_isLatest() {
        String name = env.name("commit-latest");
        String repo = "it-commit-" + EngineFixture.randomHex(4) + "/plain";
        env.send("create --name " + name + " " + env.label() + " " + IMAGE);

        Reply r = env.send("commit " + name + " " + repo);

        assertThat(r.plainText()).startsWith("committed " + name + " as " + repo + ":latest (");
        assertThat(docker("images", "-q", repo + ":latest").lines()).hasSize(1);
    }

    @Test
    void pull_fromTheLocalRegistry_thenImagesShowsIt() {
        // only a pull that really downloads proves anything: remove the tag first (fails harmlessly if absent)
        boolean removed = docker("rmi", REGISTRY_IMAGE).exitCode() == 0
                || docker("images", "-q", REGISTRY_IMAGE).lines().isEmpty();

        Reply r = env.send("pull " + REGISTRY_IMAGE);

        if (removed) {
            assertThat(r.severity()).contains(Severity.SUCCESS);
            assertThat(r.plainText()).matches("pulled " + REGISTRY_IMAGE.replace(".", "\\.")
                    + " \\([0-9a-f]{12}\\) by it-user");
        } else {
            // someone else's run holds the tag (e.g. a container uses it): pulled or up to date, never a failure
            assertThat(r.severity()).hasValueSatisfying(sev -> assertThat(sev).isIn(Severity.SUCCESS, Severity.INFO));
        }
        assertThat(EngineFixture.table(env.send("images")).rows()).anySatisfy(row -> assertThat(
                row.subList(0, 2)).containsExactly("127.0.0.1:5000/stevedore-test/busybox", "latest"));
        assertThat(docker("images", "-q", REGISTRY_IMAGE).lines()).hasSize(1);

        Reply again = env.send("pull 127.0.0.1:5000/stevedore-test/busybox");
        assertThat(again.severity()).contains(Severity.INFO);
        assertThat(again.plainText()).startsWith("image is up to date: " + REGISTRY_IMAGE + " (");
    }

    @Test
    void pull_ofAnUnknownImage_isAShortErrorNotACrash() {
        String ref = "127.0.0.1:5000/stevedore-test/nope-" + EngineFixture.randomHex(4) + ":latest";

        Reply r = env.send("pull " + ref);

        assertThat(r.severity()).contains(Severity.ERROR);
        assertThat(r.plainText()).startsWith("cannot pull " + ref + ": ").doesNotContain("incident", "\n");
        assertThat(docker("images", "-q", ref).lines()).isEmpty();
    }

    @Test
    void pull_fromAnUnreachableRegistry_isAShortError() {
        Reply r = env.send("pull 127.0.0.1:1/stevedore-test/busybox:latest");

        assertThat(r.severity()).contains(Severity.ERROR);
        assertThat(r.plainText()).startsWith("cannot pull 127.0.0.1:1/stevedore-test/busybox:latest: ")
                .doesNotContain("incident");
        assertThat(List.of(r.plainText().split("\n"))).hasSize(1);
    }
}
