package dev.stevedore.adapter.discord;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.stevedore.core.engine.ContainerGateway;
import dev.stevedore.core.engine.EngineEvent;
import dev.stevedore.core.testing.FakeContainerGateway;
import dev.stevedore.core.testing.QuietLogs;
import java.io.Closeable;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class EngineNameCacheTest {
    static {
        QuietLogs.install();
    }

    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    /** The fake engine, also reporting events like the real one: events go to {@code listener[0]}. */
    @SuppressWarnings("unchecked")
    private static ContainerGateway eventful(FakeContainerGateway engine, Consumer<EngineEvent>[] listener) {
        return (ContainerGateway) Proxy.newProxyInstance(ContainerGateway.class.getClassLoader(),
                new Class<?>[] {ContainerGateway.class}, (proxy, method, args) -> {
                    if (method.getName().equals("events")) {
                        listener[0] = (Consumer<EngineEvent>) args[0];
                        CompletableFuture<Void> done = (CompletableFuture<Void>) args[1];
                        return (Closeable) () -> done.complete(null);
                    }
                    try {
                        return method.invoke(engine, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    @Test
    void reads_neverCallTheEngine_onlyTheBackgroundLoadsDo() {
        FakeContainerGateway engine = new FakeContainerGateway();
        engine.addRunning("web");
        engine.addImage("busybox:latest", 1000);
        EngineNameCache cache = new EngineNameCache(engine, executor);
        cache.start();
        await().atMost(Duration.ofSeconds(5)).until(() -> !cache.containers().isEmpty() && !cache.images().isEmpty());
        int loads = engine.calls("listContainers").size();
        for (int i = 0; i < 1000; i++) {
            cache.containers();
            cache.images();
        }
        assertThat(engine.calls("listContainers").size()).isEqualTo(loads);
        assertThat(cache.containers()).extracting(EngineNameCache.ContainerName::name).containsExactly("web");
        assertThat(cache.containers().get(0).running()).isTrue();
        assertThat(cache.images()).contains("busybox:latest");
        cache.close();
    }

    @Test
    void anEvent_reloadsTheList_soANewContainerIsOfferedAtOnce() {
        FakeContainerGateway engine = new FakeContainerGateway();
        @SuppressWarnings({"unchecked", "rawtypes"})
        Consumer<EngineEvent>[] listener = new Consumer[1];
        engine.addRunning("web");
        EngineNameCache cache = new EngineNameCache(eventful(engine, listener), executor);
        cache.start();
        await().atMost(Duration.ofSeconds(5)).until(() -> cache.containers().size() == 1);

        engine.addCreated("fresh");
        listener[0].accept(new EngineEvent("container", "create", "id", Map.of("name", "fresh"), Instant.now()));

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(cache.containers())
                .extracting(EngineNameCache.ContainerName::name).contains("fresh"));
        cache.close();
    }

    @Test
    void eventsDuringALoad_causeOneMoreLoad() throws Exception {
        FakeContainerGateway engine = new FakeContainerGateway();
        engine.addRunning("web");
        EngineNameCache cache = new EngineNameCache(engine, executor);
        cache.start();
        await().atMost(Duration.ofSeconds(5)).until(() -> cache.containers().size() == 1);

        engine.blockCalls();
        cache.changed(EngineNameCache.Kind.CONTAINERS);
        assertThat(engine.awaitHeldCall(Duration.ofSeconds(5))).isTrue();
        // the load in flight started before this container existed
        engine.addCreated("late");
        cache.changed(EngineNameCache.Kind.CONTAINERS);
        engine.releaseCalls();

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(cache.containers())
                .extracting(EngineNameCache.ContainerName::name).contains("late"));
        cache.close();
    }
}
