package dev.stevedore.core.internal.engine;

import com.github.dockerjava.transport.DockerHttpClient;
import dev.stevedore.core.error.ConflictException;
import dev.stevedore.core.error.EngineUnavailableException;
import dev.stevedore.core.error.NoSuchContainerException;
import dev.stevedore.core.internal.text.FrameDecoder;
import dev.stevedore.core.stream.StreamLine;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One long-lived engine response (logs, attach, wait) read on its own daemon thread, on the streaming HTTP client
 * so that open streams never take connections from short commands (CASES.md P05).
 *
 * <p>{@link #close()} aborts the request, which closes the socket and ends the reading thread even when the
 * container prints nothing; the thread and the connection are gone when {@code done} completes.
 */
final class RawStream implements Closeable {
    private static final Logger log = LoggerFactory.getLogger(RawStream.class);
    private static final AtomicInteger THREADS = new AtomicInteger();

    /** Reads a response body until it ends; returns normally at end of stream. */
    interface BodyReader {
        void read(InputStream body) throws IOException;
    }

    private final DockerHttpClient http;
    private final DockerHttpClient.Request request;
    private final String subject;
    private final BodyReader reader;
    private final CompletableFuture<Void> done;
    private final CompletableFuture<Void> started = new CompletableFuture<>();
    private volatile DockerHttpClient.@Nullable Response response;
    private volatile boolean closed;

    private RawStream(DockerHttpClient http, DockerHttpClient.Request request, String subject, BodyReader reader,
            CompletableFuture<Void> done) {
        this.http = http;
        this.request = request;
        this.subject = subject;
        this.reader = reader;
        this.done = done;
    }

    /**
     * Starts reading a response on a new daemon thread.
     *
     * @param http the streaming client
     * @param request the request
     * @param subject the container, for messages
     * @param reader consumes the body
     * @param done completes at end of stream or on close; exceptionally with a
     *     {@link dev.stevedore.core.error.CommandException} when the engine refuses
     * @return the stream; close it to stop
     */
    static RawStream open(DockerHttpClient http, DockerHttpClient.Request request, String subject, BodyReader reader,
            CompletableFuture<Void> done) {
        RawStream s = new RawStream(http, request, subject, reader, done);
        Thread t = new Thread(s::run, "stevedore-stream-" + THREADS.incrementAndGet());
        t.setDaemon(true);
        t.start();
        return s;
    }

    /**
     * A body reader that decodes container output into lines.
     *
     * @param tty the container's {@code Config.Tty}
     * @param timestamps whether entries carry timestamps
     * @param lines receives each line
     * @return the reader
     */
    static BodyReader lines(boolean tty, boolean timestamps, Consumer<StreamLine> lines) {
        return body -> {
            FrameDecoder decoder = new FrameDecoder(tty, timestamps, line -> {
                try {
                    lines.accept(line);
                } catch (RuntimeException e) {
                    log.warn("stream listener failed; line dropped", e);
                }
            });
            byte[] buf = new byte[16 * 1024];
            try {
                int n;
                while ((n = body.read(buf)) >= 0) {
                    decoder.feed(buf, 0, n);
                }
            } finally {
                decoder.flush();
            }
        };
    }

    /**
     * Completes once the engine answered with the response headers (or the stream failed to open).
     *
     * @return the future
     */
    CompletableFuture<Void> started() {
        return started;
    }

    private void run() {
        DockerHttpClient.Response r = null;
        try {
            r = http.execute(request);
            response = r;
            if (closed) {
                return;
            }
            int status = r.getStatusCode();
            if (status >= 400) {
                String message = DockerErrors.engineMessage(new RuntimeException(
                        new String(r.getBody().readNBytes(4096), StandardCharsets.UTF_8)));
                started.complete(null);
                done.completeExceptionally(status == 404 ? new NoSuchContainerException(subject)
                        : new ConflictException("cannot stream " + subject + ": " + message));
                return;
            }
            started.complete(null);
            reader.read(r.getBody());
        } catch (IOException | RuntimeException e) {
            if (!closed) {
                String why = DockerErrors.transportCause(e).orElse(String.valueOf(e.getMessage()));
                log.debug("stream of {} failed", subject, e);
                started.complete(null);
                done.completeExceptionally(new EngineUnavailableException("the engine stream of " + subject
                        + " failed: " + why, e));
            }
        } finally {
            started.complete(null);
            if (r != null) {
                r.close();
            }
            done.complete(null);
        }
    }

    @Override
    public void close() {
        closed = true;
        DockerHttpClient.Response r = response;
        if (r != null) {
            r.close();
        }
    }
}
