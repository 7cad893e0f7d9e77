package dev.stevedore.core.internal.engine;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.command.PullImageResultCallback;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.exception.NotModifiedException;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.ContainerPort;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Image;
import com.github.dockerjava.api.model.PortBinding;
import com.github.dockerjava.api.model.PullResponseItem;
import com.github.dockerjava.api.model.WaitContainerCondition;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import com.github.dockerjava.transport.DockerHttpClient;
import dev.stevedore.core.command.ContainerRef;
import dev.stevedore.core.command.ContainerSpec;
import dev.stevedore.core.engine.ContainerDetails;
import dev.stevedore.core.engine.ContainerGateway;
import dev.stevedore.core.engine.ContainerSummary;
import dev.stevedore.core.engine.EngineEvent;
import dev.stevedore.core.engine.EngineVersion;
import dev.stevedore.core.engine.ImageSummary;
import dev.stevedore.core.engine.PullResult;
import dev.stevedore.core.error.ConflictException;
import dev.stevedore.core.error.EngineUnavailableException;
import dev.stevedore.core.error.NoSuchContainerException;
import dev.stevedore.core.error.NoSuchImageException;
import dev.stevedore.core.error.UsageException;
import dev.stevedore.core.stream.StreamLine;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link ContainerGateway} on docker-java with the Apache HttpClient 5 transport: the only class family that
 * imports {@code com.github.dockerjava}.
 *
 * <p>Thread-safe: docker-java's client is, and this class keeps no mutable state of its own.
 */
public final class DockerJavaContainerGateway implements ContainerGateway {
    private static final Logger log = LoggerFactory.getLogger(DockerJavaContainerGateway.class);
    private static final Duration PING_TIMEOUT = Duration.ofSeconds(5);
    private static final com.fasterxml.jackson.databind.ObjectMapper EVENTS_JSON =
            new com.fasterxml.jackson.databind.ObjectMapper();

    private final String host;
    private final DockerClient docker;
    private final DockerHttpClient http;
    private final DockerHttpClient streamHttp;

    /**
     * Connects (lazily: no request is sent until the first call) to the engine at {@code host}.
     *
     * @param host e.g. {@code unix:///var/run/docker.sock} or {@code tcp://127.0.0.1:2375}
     * @throws IllegalArgumentException if the host is not a valid engine address
     */
    public DockerJavaContainerGateway(String host) {
        this.host = host;
        DefaultDockerClientConfig config = DefaultDockerClientConfig.createDefaultConfigBuilder()
                .withDockerHost(host)
                .build();
        // pooled connections die with the engine: retried once they turn out stale (see StaleConnectionRetry)
        this.http = new StaleConnectionRetry(new ApacheDockerHttpClient.Builder()
                .dockerHost(URI.create(host))
                .sslConfig(config.getSSLConfig())
                .maxConnections(200)
                .connectionTimeout(Duration.ofSeconds(5))
                .build());
        this.streamHttp = new StaleConnectionRetry(new ApacheDockerHttpClient.Builder()
                .dockerHost(URI.create(host))
                .sslConfig(config.getSSLConfig())
                .maxConnections(500)
                .connectionTimeout(Duration.ofSeconds(5))
                .build());
        this.docker = DockerClientImpl.getInstance(config, http);
    }

    @Override
    public String host() {
        return host;
    }

    @Override
    public void ping() {
        CompletableFuture<Void> f = CompletableFuture.runAsync(() -> docker.pingCmd().exec());
        try {
            f.get(PING_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            f.cancel(true);
            throw new EngineUnavailableException(
                    "cannot reach the Docker Engine at " + host + ": no answer within " + PING_TIMEOUT.toSeconds()
                            + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EngineUnavailableException("interrupted while connecting to " + host, e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            String why = DockerErrors.transportCause(cause).orElse(DockerErrors.engineMessage(cause));
            if (why.isBlank() || why.equals("null")) {
                why = "something answered, but not like a Docker Engine";
            }
            throw new EngineUnavailableException("cannot reach the Docker Engine at " + host + ": " + why, cause);
        }
    }

    @Override
    public EngineVersion version() {
        try {
            var v = docker.versionCmd().exec();
            return new EngineVersion(nz(v.getVersion()), nz(v.getApiVersion()), nz(v.getOperatingSystem()),
                    nz(v.getArch()));
        } catch (RuntimeException e) {
            throw DockerErrors.translate(host, "read the engine version", e);
        }
    }

    @Override
    public List<ContainerSummary> listContainers(boolean all) {
        try {
            return docker.listContainersCmd().withShowAll(all).exec().stream().map(this::summary).toList();
        } catch (RuntimeException e) {
            throw DockerErrors.translate(host, "list containers", e);
        }
    }

    @Override
    public List<ContainerSummary> listStopped() {
        try {
            return docker.listContainersCmd()
                    .withShowAll(true)
                    .withShowSize(true)
                    .withStatusFilter(List.of("created", "exited", "dead"))
                    .exec()
                    .stream()
                    .map(this::summary)
                    .toList();
        } catch (RuntimeException e) {
            throw DockerErrors.translate(host, "list stopped containers", e);
        }
    }

    private ContainerSummary summary(Container c) {
        List<String> names = c.getNames() == null ? List.of()
                : Arrays.stream(c.getNames()).map(n -> n.startsWith("/") ? n.substring(1) : n).toList();
        List<String> ports = new ArrayList<>();
        if (c.getPorts() != null) {
            for (ContainerPort p : c.getPorts()) {
                String proto = p.getType() == null ? "tcp" : p.getType();
                if (p.getPublicPort() != null) {
                    ports.add((p.getIp() == null ? "" : p.getIp() + ":") + p.getPublicPort() + "->"
                            + p.getPrivatePort() + "/" + proto);
                } else if (p.getPrivatePort() != null) {
                    ports.add(p.getPrivatePort() + "/" + proto);
                }
            }
        }
        return new ContainerSummary(
                c.getId(),
                names,
                nz(c.getImage()),
                nz(c.getCommand()),
                Instant.ofEpochSecond(c.getCreated() == null ? 0 : c.getCreated()),
                nz(c.getState()),
                nz(c.getStatus()),
                ports.stream().distinct().toList(),
                c.getLabels() == null ? Map.of() : c.getLabels(),
                c.getSizeRw() == null ? -1 : c.getSizeRw());
    }

    @Override
    public ContainerDetails inspect(ContainerRef ref) {
        InspectContainerResponse r;
        try {
            r = docker.inspectContainerCmd(ref.value()).exec();
        } catch (NotFoundException e) {
            throw new NoSuchContainerException(ContainerRef.display(ref.value()));
        } catch (RuntimeException e) {
            String m = DockerErrors.engineMessage(e);
            String lower = m.toLowerCase(java.util.Locale.ROOT);
            if (lower.contains("multiple") || lower.contains("ambiguous")) {
                throw new UsageException("\"" + ref.value() + "\" matches several containers — give more of the id",
                        Optional.empty());
            }
            throw DockerErrors.translate(host, "inspect " + ref.value(), e);
        }
        var state = r.getState();
        var cfg = r.getConfig();
        var restart = r.getHostConfig() == null ? null : r.getHostConfig().getRestartPolicy();
        String name = nz(r.getName());
        return new ContainerDetails(
                r.getId(),
                name.startsWith("/") ? name.substring(1) : name,
                cfg == null ? nz(r.getImageId()) : nz(cfg.getImage()),
                state == null ? "unknown" : nz(state.getStatus()),
                state != null && Boolean.TRUE.equals(state.getRunning()),
                state == null || state.getExitCodeLong() == null ? 0 : state.getExitCodeLong(),
                state != null && Boolean.TRUE.equals(state.getOOMKilled()),
                state == null ? Optional.empty() : instant(state.getStartedAt()),
                state == null ? Optional.empty() : instant(state.getFinishedAt()),
                cfg != null && Boolean.TRUE.equals(cfg.getTty()),
                cfg != null && Boolean.TRUE.equals(cfg.getStdinOpen()),
                cfg == null || cfg.getLabels() == null ? Map.of() : cfg.getLabels(),
                restart == null || restart.getName() == null ? "no" : restart.getName(),
                restart == null || restart.getMaximumRetryCount() == null ? 0 : restart.getMaximumRetryCount(),
                r.getRestartCount() == null ? 0 : r.getRestartCount());
    }

    private static Optional<Instant> instant(@Nullable String s) {
        if (s == null || s.isEmpty() || s.startsWith("0001-01-01")) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.parse(s));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    @Override
    public String create(ContainerSpec spec) {
        try (CreateContainerCmd cmd = docker.createContainerCmd(spec.image())) {
            spec.name().ifPresent(cmd::withName);
            if (!spec.env().isEmpty()) {
                cmd.withEnv(spec.env());
            }
            if (!spec.command().isEmpty()) {
                cmd.withCmd(spec.command());
            }
            Map<String, String> labels = new LinkedHashMap<>();
            for (String l : spec.labels()) {
                int eq = l.indexOf('=');
                labels.put(eq < 0 ? l : l.substring(0, eq), eq < 0 ? "" : l.substring(eq + 1));
            }
            if (!labels.isEmpty()) {
                cmd.withLabels(labels);
            }
            cmd.withTty(spec.tty())
                    .withStdinOpen(spec.interactive())
                    .withAttachStdin(spec.interactive())
                    .withAttachStdout(true)
                    .withAttachStderr(true);
            HostConfig hostConfig = HostConfig.newHostConfig().withAutoRemove(spec.autoRemove());
            if (!spec.restartPolicy().isEmpty()) {
                hostConfig.withRestartPolicy(com.github.dockerjava.api.model.RestartPolicy.parse(spec.restartPolicy()));
            }
            if (!spec.ports().isEmpty()) {
                List<PortBinding> bindings = new ArrayList<>();
                for (String p : spec.ports()) {
                    try {
                        bindings.add(PortBinding.parse(p));
                    } catch (RuntimeException e) {
                        throw new UsageException("invalid port mapping: " + p + " (use HOST:CONTAINER, e.g. 8080:80)",
                                Optional.empty());
                    }
                }
                hostConfig.withPortBindings(bindings);
                cmd.withExposedPorts(bindings.stream().map(PortBinding::getExposedPort).distinct()
                        .toArray(ExposedPort[]::new));
            }
            cmd.withHostConfig(hostConfig);
            return cmd.exec().getId();
        } catch (NotFoundException e) {
            throw new NoSuchImageException("no such image: " + spec.image() + " (pull it first)");
        } catch (com.github.dockerjava.api.exception.ConflictException e) {
            String m = DockerErrors.engineMessage(e);
            if (m.contains("already in use")) {
                throw new ConflictException("the name " + spec.name().orElse("?")
                        + " is already in use by another container — rm it or pick another name", e);
            }
            throw new ConflictException("cannot create the container: " + m, e);
        } catch (RuntimeException e) {
            throw DockerErrors.translate(host, "create the container", e);
        }
    }

    @Override
    public boolean start(String id) {
        try {
            docker.startContainerCmd(id).exec();
            return true;
        } catch (NotModifiedException e) {
            return false;
        } catch (NotFoundException e) {
            throw new NoSuchContainerException(shortId(id));
        } catch (RuntimeException e) {
            throw DockerErrors.translate(host, "start " + shortId(id), e);
        }
    }

    @Override
    public boolean stop(String id, Duration timeout) {
        try {
            docker.stopContainerCmd(id).withTimeout((int) Math.min(Integer.MAX_VALUE, timeout.toSeconds())).exec();
            return true;
        } catch (NotModifiedException e) {
            return false;
        } catch (NotFoundException e) {
            throw new NoSuchContainerException(shortId(id));
        } catch (RuntimeException e) {
            throw DockerErrors.translate(host, "stop " + shortId(id), e);
        }
    }

    @Override
    public void restart(String id, Duration timeout) {
        try {
            docker.restartContainerCmd(id).withTimeout((int) Math.min(Integer.MAX_VALUE, timeout.toSeconds()))
                    .exec();
        } catch (NotFoundException e) {
            throw new NoSuchContainerException(shortId(id));
        } catch (RuntimeException e) {
            throw DockerErrors.translate(host, "restart " + shortId(id), e);
        }
    }

    @Override
    public void rename(String id, String newName) {
        try {
            docker.renameContainerCmd(id).withName(newName).exec();
        } catch (NotFoundException e) {
            throw new NoSuchContainerException(shortId(id));
        } catch (com.github.dockerjava.api.exception.ConflictException e) {
            throw new ConflictException("the name " + newName + " is already in use by another container", e);
        } catch (RuntimeException e) {
            throw DockerErrors.translate(host, "rename " + shortId(id), e);
        }
    }

    @Override
    public void remove(String id, boolean force) {
        try {
            docker.removeContainerCmd(id).withForce(force).exec();
        } catch (NotFoundException e) {
            throw new NoSuchContainerException(shortId(id));
        } catch (com.github.dockerjava.api.exception.ConflictException e) {
            String m = DockerErrors.engineMessage(e);
            if (m.contains("running")) {
                throw new ConflictException(shortId(id) + " is running — stop it first or use rm -f", e);
            }
            if (m.contains("in progress")) {
                throw new ConflictException("removal of " + shortId(id) + " is already in progress", e);
            }
            throw new ConflictException("cannot remove " + shortId(id) + ": " + m, e);
        } catch (RuntimeException e) {
            throw DockerErrors.translate(host, "remove " + shortId(id), e);
        }
    }

    @Override
    public String commit(String id, @Nullable String repository, @Nullable String tag) {
        try {
            var cmd = docker.commitCmd(id);
            if (repository != null) {
                cmd.withRepository(repository).withTag(tag == null ? "latest" : tag);
            }
            return cmd.exec();
        } catch (NotFoundException e) {
            throw new NoSuchContainerException(shortId(id));
        } catch (RuntimeException e) {
            throw DockerErrors.translate(host, "commit " + shortId(id), e);
        }
    }

    @Override
    public List<ImageSummary> listImages() {
        try {
            List<ImageSummary> out = new ArrayList<>();
            for (Image i : docker.listImagesCmd().exec()) {
                List<String> tags = i.getRepoTags() == null ? List.of()
                        : Arrays.stream(i.getRepoTags()).filter(t -> !t.equals("<none>:<none>")).toList();
                out.add(new ImageSummary(nz(i.getId()), tags,
                        Instant.ofEpochSecond(i.getCreated() == null ? 0 : i.getCreated()),
                        i.getSize() == null ? 0 : i.getSize()));
            }
            return out;
        } catch (RuntimeException e) {
            throw DockerErrors.translate(host, "list images", e);
        }
    }

    @Override
    public PullResult pull(String reference, Consumer<String> progress) {
        String repo = reference;
        String tag = "latest";
        int at = reference.indexOf('@');
        int slash = reference.lastIndexOf('/');
        int colon = reference.lastIndexOf(':');
        if (at >= 0) {
            tag = null;
        } else if (colon > slash) {
            repo = reference.substring(0, colon);
            tag = reference.substring(colon + 1);
        }
        String full = tag == null ? reference : repo + ":" + tag;
        String before = imageIdOrEmpty(full);
        List<String> errors = new ArrayList<>();
        try {
            var cmd = docker.pullImageCmd(repo);
            if (tag != null) {
                cmd.withTag(tag);
            }
            cmd.exec(new PullImageResultCallback() {
                @Override
                public void onNext(PullResponseItem item) {
                    if (item.getErrorDetail() != null) {
                        errors.add(String.valueOf(item.getErrorDetail().getMessage()));
                    } else if (item.getStatus() != null) {
                        try {
                            var detail = item.getProgressDetail();
                            String bytes = detail != null && detail.getTotal() != null && detail.getTotal() > 0
                                    && detail.getCurrent() != null
                                    ? " " + detail.getCurrent() + "/" + detail.getTotal() : "";
                            progress.accept((item.getId() == null ? "" : item.getId() + ": ") + item.getStatus()
                                    + bytes);
                        } catch (RuntimeException e) {
                            log.warn("pull progress listener failed", e);
                        }
                    }
                    super.onNext(item);
                }
            }).awaitCompletion();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EngineUnavailableException("interrupted while pulling " + full, e);
        } catch (NotFoundException e) {
            throw new NoSuchImageException("cannot pull " + full + ": " + DockerErrors.engineMessage(e));
        } catch (RuntimeException e) {
            // docker-java reports a failed pull as DockerClientException; the local store decides below
            if (DockerErrors.transportCause(e).isPresent()) {
                throw DockerErrors.translate(host, "pull " + full, e);
            }
            errors.add(DockerErrors.engineMessage(e));
        }
        String after = imageIdOrEmpty(full);
        if (after.isEmpty()) {
            String why = errors.isEmpty() ? "the engine did not store it" : errors.get(0);
            throw new NoSuchImageException("cannot pull " + full + ": " + why);
        }
        return new PullResult(full, after, after.equals(before));
    }

    private String imageIdOrEmpty(String ref) {
        try {
            return nz(docker.inspectImageCmd(ref).exec().getId());
        } catch (NotFoundException e) {
            return "";
        } catch (RuntimeException e) {
            throw DockerErrors.translate(host, "inspect image " + ref, e);
        }
    }

    @Override
    public List<StreamLine> logs(String id, OptionalInt tailLines, boolean timestamps, boolean tty) {
        List<StreamLine> lines = new ArrayList<>();
        logs(id, tailLines, timestamps, tty, lines::add);
        return lines;
    }

    @Override
    public void logs(String id, OptionalInt tailLines, boolean timestamps, boolean tty, Consumer<StreamLine> each) {
        logs(id, tailLines, Optional.empty(), timestamps, tty, each);
    }

    @Override
    public void logs(String id, OptionalInt tailLines, Optional<Instant> since, boolean timestamps, boolean tty,
            Consumer<StreamLine> each) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        RawStream stream = logStream(id, tailLines, since, timestamps, tty, false, each, done);
        try {
            done.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EngineUnavailableException("interrupted while reading logs", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new EngineUnavailableException("reading the logs of " + shortId(id) + " failed", e);
        } finally {
            stream.close();
        }
    }

    @Override
    public Closeable followLogs(String id, OptionalInt tailLines, boolean timestamps, boolean tty,
            Consumer<StreamLine> lines, CompletableFuture<Void> done) {
        return logStream(id, tailLines, Optional.empty(), timestamps, tty, true, lines, done);
    }

    @Override
    public Closeable followLogs(String id, OptionalInt tailLines, Optional<Instant> since, boolean timestamps,
            boolean tty, Consumer<StreamLine> lines, CompletableFuture<Void> done) {
        return logStream(id, tailLines, since, timestamps, tty, true, lines, done);
    }

    private RawStream logStream(String id, OptionalInt tailLines, Optional<Instant> since, boolean timestamps,
            boolean tty, boolean follow, Consumer<StreamLine> lines, CompletableFuture<Void> done) {
        String path = "/containers/" + id + "/logs?stdout=1&stderr=1&follow=" + (follow ? 1 : 0)
                + "&timestamps=" + (timestamps ? 1 : 0)
                + "&tail=" + (tailLines.isPresent() ? String.valueOf(tailLines.getAsInt()) : "all")
                + since.map(t -> "&since=" + t.getEpochSecond() + "."
                        + String.format(java.util.Locale.ROOT, "%09d", t.getNano())).orElse("");
        DockerHttpClient.Request request = DockerHttpClient.Request.builder()
                .method(DockerHttpClient.Request.Method.GET)
                .path(path)
                .build();
        return RawStream.open(streamHttp, request, shortId(id), RawStream.lines(tty, timestamps, lines), done);
    }

    @Override
    public Closeable attach(String id, boolean tty, @Nullable InputStream stdin, Consumer<StreamLine> lines,
            CompletableFuture<Void> done) {
        DockerHttpClient.Request.Builder request = DockerHttpClient.Request.builder()
                .method(DockerHttpClient.Request.Method.POST)
                .path("/containers/" + id + "/attach?stream=1&stdout=1&stderr=1&stdin=" + (stdin == null ? 0 : 1));
        if (stdin != null) {
            request.hijackedInput(stdin);
        }
        RawStream stream = RawStream.open(streamHttp, request.build(), shortId(id), RawStream.lines(tty, false, lines),
                done);
        try {
            // output sent before the connection is up would be lost (run attaches, then starts)
            stream.started().get(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            log.debug("attach to {} not confirmed", shortId(id), e);
        }
        return stream;
    }

    @Override
    public Closeable events(Consumer<EngineEvent> listener, CompletableFuture<Void> done) {
        String filters = java.net.URLEncoder.encode("{\"type\":[\"container\",\"image\"]}",
                java.nio.charset.StandardCharsets.UTF_8);
        DockerHttpClient.Request request = DockerHttpClient.Request.builder()
                .method(DockerHttpClient.Request.Method.GET)
                .path("/events?filters=" + filters)
                .build();
        return RawStream.open(streamHttp, request, "events", eventReader(listener), done);
    }

    @Override
    public Closeable events(Optional<Instant> since, java.util.Set<String> actions, Consumer<EngineEvent> listener,
            CompletableFuture<Void> done) {
        StringBuilder json = new StringBuilder("{\"type\":[\"container\"]");
        if (!actions.isEmpty()) {
            json.append(",\"event\":[");
            json.append(actions.stream().sorted().map(a -> "\"" + a.replace("\"", "") + "\"")
                    .collect(java.util.stream.Collectors.joining(",")));
            json.append(']');
        }
        json.append('}');
        StringBuilder path = new StringBuilder("/events?filters=")
                .append(java.net.URLEncoder.encode(json.toString(), java.nio.charset.StandardCharsets.UTF_8));
        // the engine takes fractional seconds; it replays what it still holds from then on, inclusive
        since.ifPresent(t -> path.append("&since=").append(t.getEpochSecond()).append('.')
                .append(String.format("%09d", t.getNano())));
        DockerHttpClient.Request request = DockerHttpClient.Request.builder()
                .method(DockerHttpClient.Request.Method.GET)
                .path(path.toString())
                .build();
        RawStream stream = RawStream.open(streamHttp, request, "events", eventReader(listener), done);
        try {
            // the engine answers the headers once the subscription is registered: nothing after this is missed
            stream.started().get(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            log.debug("events subscription not confirmed", e);
        }
        return stream;
    }

    private static RawStream.BodyReader eventReader(Consumer<EngineEvent> listener) {
        return body -> {
            // newline-delimited JSON, one object per event
            java.io.BufferedReader in = new java.io.BufferedReader(
                    new java.io.InputStreamReader(body, java.nio.charset.StandardCharsets.UTF_8));
            String line;
            while ((line = in.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                EngineEvent event;
                try {
                    event = event(EVENTS_JSON.readTree(line));
                } catch (IOException | RuntimeException e) {
                    log.debug("unreadable engine event skipped: {}", line, e);
                    continue;
                }
                try {
                    listener.accept(event);
                } catch (RuntimeException e) {
                    log.warn("engine event listener failed; event dropped", e);
                }
            }
        };
    }

    private static EngineEvent event(com.fasterxml.jackson.databind.JsonNode e) {
        com.fasterxml.jackson.databind.JsonNode actor = e.path("Actor");
        Map<String, String> attributes = new LinkedHashMap<>();
        actor.path("Attributes").properties().forEach(f -> attributes.put(f.getKey(), f.getValue().asText()));
        long nanos = e.path("timeNano").asLong(0);
        Instant time = nanos > 0 ? Instant.ofEpochSecond(0, nanos) : Instant.ofEpochSecond(e.path("time").asLong(0));
        return new EngineEvent(e.path("Type").asText(""), e.path("Action").asText(""), actor.path("ID").asText(""),
                attributes, time);
    }

    @Override
    public CompletableFuture<Long> awaitExit(String id) {
        return awaitExit(id, "not-running");
    }

    @Override
    public CompletableFuture<Long> awaitNextExit(String id) {
        return awaitExit(id, "next-exit");
    }

    private CompletableFuture<Long> awaitExit(String id, String condition) {
        CompletableFuture<Long> exit = new CompletableFuture<>();
        CompletableFuture<Void> done = new CompletableFuture<>();
        StringBuilder body = new StringBuilder();
        DockerHttpClient.Request request = DockerHttpClient.Request.builder()
                .method(DockerHttpClient.Request.Method.POST)
                .path("/containers/" + id + "/wait?condition=" + condition)
                .build();
        RawStream stream = RawStream.open(streamHttp, request, shortId(id),
                in -> body.append(new String(in.readNBytes(64 * 1024), java.nio.charset.StandardCharsets.UTF_8)),
                done);
        done.whenComplete((v, error) -> {
            if (error != null) {
                exit.completeExceptionally(error);
                return;
            }
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"StatusCode\"\\s*:\\s*(-?\\d+)")
                    .matcher(body);
            if (m.find()) {
                exit.complete(Long.parseLong(m.group(1)));
            } else {
                exit.completeExceptionally(new IOException("wait ended without a status"));
            }
        });
        exit.whenComplete((code, error) -> {
            if (exit.isCancelled()) {
                stream.close();
            }
        });
        try {
            // the engine answers the headers once the wait is registered
            stream.started().get(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            log.debug("wait on {} not confirmed", shortId(id), e);
        }
        return exit;
    }

    @Override
    public void close() {
        try {
            streamHttp.close();
            docker.close();
        } catch (IOException e) {
            log.debug("closing the engine client failed", e);
        }
    }

    private static String nz(@Nullable String s) {
        return s == null ? "" : s;
    }

    private static String shortId(String id) {
        return id.length() > 12 && id.matches("[0-9a-f]+") ? id.substring(0, 12) : id;
    }
}
