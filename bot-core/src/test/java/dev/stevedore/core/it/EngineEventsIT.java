package dev.stevedore.core.it;

import static dev.stevedore.core.it.EngineFixture.IMAGE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.stevedore.core.engine.EngineEvent;
import java.io.Closeable;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** {@code ContainerGateway.events}: the engine's container events reach the listener, and close ends the stream. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EngineEventsIT {
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
    void events_createRenameDestroy_reportedInOrderWithNames_closeEndsTheSubscription() throws Exception {
        List<EngineEvent> seen = new CopyOnWriteArrayList<>();
        CompletableFuture<Void> done = new CompletableFuture<>();
        String name = env.name("events");
        Closeable subscription = env.engine.events(seen::add, done);
        try {
            // the subscription is registered asynchronously: create until the engine's create event is seen
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                if (!EngineFixture.exists(name)) {
                    env.send("create --name " + name + " " + env.label() + " " + IMAGE);
                }
                assertThat(seen).anySatisfy(e -> assertThat(e.action()).isEqualTo("create"));
            });
            env.send("rename " + name + " " + name + "-b");
            EngineFixture.docker("rm", "-f", name + "-b");

            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(seen)
                    .filteredOn(e -> e.attributes().getOrDefault("name", "").startsWith(name))
                    .extracting(EngineEvent::action)
                    .containsSubsequence("create", "rename", "destroy"));
            EngineEvent create = seen.stream().filter(e -> e.action().equals("create")
                    && e.attributes().get("name").equals(name)).findFirst().orElseThrow();
            assertThat(create.type()).isEqualTo("container");
            assertThat(create.actorId()).matches("[0-9a-f]{64}");
            assertThat(create.attributes()).containsEntry(EngineFixture.LABEL_KEY, env.runId);
            assertThat(done).isNotDone();
        } finally {
            subscription.close();
        }
        done.handle((v, t) -> null).get(10, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(done).isDone();
    }
}
