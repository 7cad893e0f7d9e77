package dev.stevedore.core.it;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import dev.stevedore.config.AccessConfig;
import dev.stevedore.core.auth.Caller;
import dev.stevedore.core.auth.RoleBasedAccessPolicy;
import dev.stevedore.core.bus.ActionInvocation;
import dev.stevedore.core.bus.CommandBus;
import dev.stevedore.core.bus.CommandBusBuilder;
import dev.stevedore.core.bus.ConversationRef;
import dev.stevedore.core.bus.Invocation;
import dev.stevedore.core.engine.ContainerGateway;
import dev.stevedore.core.engine.DockerEngines;
import dev.stevedore.core.reply.Action;
import dev.stevedore.core.reply.Block;
import dev.stevedore.core.reply.Reply;
import dev.stevedore.core.stream.LiveStream;
import dev.stevedore.core.stream.StreamEnd;
import dev.stevedore.core.stream.StreamLine;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.LoggerFactory;

/**
 * One test class's view of the real Docker Engine: a command bus over it, a run id that labels everything the
 * class creates, unique names, and a cleanup that removes exactly what carries this run's label.
 *
 * <p>Each integration test class owns one fixture ({@code @TestInstance(PER_CLASS)}), so classes running in
 * parallel never clean up each other's containers.
 */
final class EngineFixture implements AutoCloseable {
    /** The image made by {@code scripts/test-env.sh} (static busybox: sh, echo, sleep, cat…). */
    static final String IMAGE = "stevedore-test/busybox:latest";
    /** The image pushed to the local registry by {@code scripts/test-env.sh}. */
    static final String REGISTRY_IMAGE = "127.0.0.1:5000/stevedore-test/busybox:latest";
    /** The label every test container and image carries. */
    static final String LABEL_KEY = "stevedore.test";
    /** How long one command may take to answer. */
    static final Duration REPLY_TIMEOUT = Duration.ofSeconds(30);

    private static final SecureRandom RANDOM = new SecureRandom();

    static {
        // docker-java and HttpClient 5 log every request (and the wire) at DEBUG: keep the report readable
        var root = (ch.qos.logback.classic.Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.INFO);
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger("com.github.dockerjava")).setLevel(Level.WARN);
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger("org.apache.hc")).setLevel(Level.WARN);
    }

    final String runId;
    final ContainerGateway engine;
    final CommandBus bus;
    final Caller caller = Caller.shell("it-user");
    final ConversationRef conversation = ConversationRef.shell();

    private EngineFixture(String runId, ContainerGateway engine, CommandBus bus) {
        this.runId = runId;
        this.engine = engine;
        this.bus = bus;
    }

    /**
     * Opens the engine, checks that it answers, and builds the real bus over it, the shell caller being admin.
     *
     * @return the fixture
     */
    static EngineFixture open() {
        ContainerGateway engine = DockerEngines.connect(host());
        engine.ping();
        CommandBus bus = new CommandBusBuilder()
                .engine(engine)
                .accessPolicy(new RoleBasedAccessPolicy(AccessConfig.empty()))
                .build();
        return new EngineFixture("run-" + randomHex(6), engine, bus);
    }

    /**
     * The engine the tests use: {@code DOCKER_HOST}, or the default socket.
     *
     * @return the engine address
     */
    static String host() {
        String h = System.getenv("DOCKER_HOST");
        return h == null || h.isBlank() ? "unix:///var/run/docker.sock" : h;
    }

    static String randomHex(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    /**
     * A fresh container name, unique across runs and classes.
     *
     * @param what a hint of the test, lower case
     * @return e.g. {@code it-attach-3f9a1c2b}
     */
    String name(String what) {
        return "it-" + what + "-" + randomHex(4);
    }

    /**
     * The label flag for {@code run} and {@code create}.
     *
     * @return {@code --label stevedore.test=<run id>}
     */
    String label() {
        return "--label " + LABEL_KEY + "=" + runId;
    }

    /**
     * Sends a command through the real bus and waits for its reply.
     *
     * @param text e.g. {@code "ps -a"}
     * @return the reply
     */
    Reply send(String text) {
        return await(bus.dispatch(Invocation.of(caller, conversation, text)));
    }

    /**
     * Clicks a button of an earlier reply, as the requester.
     *
     * @param prompt the reply holding the button
     * @param kind which button
     * @return the outcome
     */
    Reply click(Reply prompt, Action.Kind kind) {
        Action action = prompt.action(kind).orElseThrow(
                () -> new AssertionError("no " + kind + " button in: " + prompt.plainText()));
        return await(bus.act(ActionInvocation.of(caller, conversation, action.id())));
    }

    private static Reply await(CompletableFuture<Reply> f) {
        try {
            return f.get(REPLY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new AssertionError("the bus did not answer within " + REPLY_TIMEOUT, e);
        }
    }

    /**
     * Runs a container in the background with this run's label, and checks the bus said it started.
     *
     * @param name its name
     * @param command the container's command, shell words, e.g. {@code sh -c 'exit 3'}
     * @return the reply
     */
    Reply runDetached(String name, String command) {
        Reply r = send("run -d --name " + name + " " + label() + " " + IMAGE + " " + command);
        assertThat(r.plainText()).as("run -d %s", name).startsWith("started " + name);
        return r;
    }

    /**
     * The row of the {@code ps} table naming a container.
     *
     * @param all whether to use {@code ps -a}
     * @param name the container name
     * @return the cells (CONTAINER ID, IMAGE, COMMAND, CREATED, STATUS, PORTS, NAMES), or empty if not listed
     */
    Optional<List<String>> psRow(boolean all, String name) {
        Reply r = send(all ? "ps -a" : "ps");
        Block.Table table = table(r);
        assertThat(table.header()).containsExactly(
                "CONTAINER ID", "IMAGE", "COMMAND", "CREATED", "STATUS", "PORTS", "NAMES");
        int names = table.header().indexOf("NAMES");
        return table.rows().stream()
                .filter(row -> Arrays.asList(row.get(names).split(",")).contains(name))
                .findFirst();
    }

    /**
     * The STATUS cell of a container in {@code ps -a}.
     *
     * @param name the container name
     * @return e.g. {@code "Up 2 seconds"}, or empty when {@code ps -a} does not list it
     */
    Optional<String> status(String name) {
        return psRow(true, name).map(row -> row.get(4));
    }

    static Block.Table table(Reply r) {
        return r.blocks().stream()
                .filter(Block.Table.class::isInstance)
                .map(Block.Table.class::cast)
                .findFirst()
                .orElseThrow(() -> new AssertionError("no table in: " + r.plainText()));
    }

    /** Collects a live stream's lines. */
    static final class Collector {
        final List<StreamLine> lines = new CopyOnWriteArrayList<>();

        List<String> texts() {
            return lines.stream().map(StreamLine::text).toList();
        }
    }

    /**
     * Starts a reply's live stream with a collecting listener.
     *
     * @param r the reply
     * @return the stream and what it collects
     */
    static Started start(Reply r) {
        LiveStream s = r.stream().orElseThrow(() -> new AssertionError("no live stream in: " + r.plainText()));
        Collector c = new Collector();
        s.start(c.lines::add);
        return new Started(s, c);
    }

    /** A started stream. */
    record Started(LiveStream stream, Collector collected) {
        StreamEnd awaitEnd(Duration max) {
            try {
                return stream.ended().get(max.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            } catch (ExecutionException | TimeoutException e) {
                throw new AssertionError(stream.title() + " did not end within " + max + "; lines so far: "
                        + collected.texts(), e);
            }
        }
    }

    /** The result of a docker CLI call. */
    record Cli(int exitCode, String out, String err) {
        List<String> lines() {
            return out.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
        }
    }

    /**
     * Runs the docker CLI, for setup and cleanup the bus must not be relied on for.
     *
     * @param args the arguments after {@code docker}
     * @return exit code and output
     */
    static Cli docker(String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add("docker");
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().putIfAbsent("DOCKER_HOST", host());
        try {
            Process p = pb.start();
            p.getOutputStream().close();
            var err = new CompletableFuture<String>();
            Thread t = new Thread(() -> {
                try {
                    err.complete(new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
                } catch (IOException e) {
                    err.complete("");
                }
            });
            t.start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("docker " + String.join(" ", args) + " did not finish");
            }
            return new Cli(p.exitValue(), out, err.get(10, TimeUnit.SECONDS));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new AssertionError(e);
        }
    }

    /**
     * Whether a container with this name exists, asked of the engine directly (not through the bus).
     *
     * @param name the container name
     * @return true if the engine knows it
     */
    static boolean exists(String name) {
        return docker("container", "inspect", "--format", "{{.Id}}", name).exitCode() == 0;
    }

    /**
     * The engine's view of a container field, asked directly.
     *
     * @param name the container
     * @param format a Go template, e.g. {@code {{.State.Running}}}
     * @return the value
     */
    static String inspect(String name, String format) {
        Cli c = docker("container", "inspect", "--format", format, name);
        assertThat(c.exitCode()).as("docker inspect %s: %s", name, c.err()).isZero();
        return c.out().strip();
    }

    /** Removes every container, then every image, labelled with this run's id; then closes bus and engine. */
    @Override
    public void close() {
        try {
            String filter = "label=" + LABEL_KEY + "=" + runId;
            List<String> containers = docker("ps", "-aq", "--filter", filter).lines();
            if (!containers.isEmpty()) {
                List<String> args = new ArrayList<>(List.of("rm", "-f"));
                args.addAll(containers);
                docker(args.toArray(String[]::new));
            }
            List<String> images = docker("images", "-q", "--filter", filter).lines().stream().distinct().toList();
            if (!images.isEmpty()) {
                List<String> args = new ArrayList<>(List.of("rmi", "-f"));
                args.addAll(images);
                docker(args.toArray(String[]::new));
            }
        } finally {
            bus.close();
            engine.close();
        }
    }
}
