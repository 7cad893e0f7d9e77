package dev.stevedore.core.internal.engine;

import com.github.dockerjava.transport.DockerHttpClient;
import java.io.IOException;
import java.net.SocketException;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a request again when it failed on a pooled connection the engine had already closed, as every pooled
 * connection is after the engine restarts: docker-java's pool does not validate idle connections, so without this
 * the first commands after an engine restart fail with "Broken pipe" (found by the engine-restart test of P06).
 *
 * <p>Only failures that mean "the request never reached a live engine" are retried (broken pipe, connection reset,
 * no response, closed before the response), each failed connection is dropped by the pool, and requests whose body
 * cannot be sent twice (a stream, a hijacked stdin) are never retried. Thread-safe.
 */
final class StaleConnectionRetry implements DockerHttpClient {
    private static final Logger log = LoggerFactory.getLogger(StaleConnectionRetry.class);
    /** Attempts in all: a pool may hold several dead connections. */
    static final int ATTEMPTS = 4;

    private final DockerHttpClient delegate;

    StaleConnectionRetry(DockerHttpClient delegate) {
        this.delegate = delegate;
    }

    @Override
    public Response execute(Request request) {
        boolean replayable = request.hijackedInput() == null && (request.body() == null || request.bodyBytes() != null);
        for (int attempt = 1; ; attempt++) {
            try {
                return delegate.execute(request);
            } catch (RuntimeException e) {
                if (!replayable || attempt >= ATTEMPTS || !staleConnection(e)) {
                    throw e;
                }
                log.debug("{} {} failed on a stale connection; sending it again", request.method(), request.path(),
                        e);
            }
        }
    }

    static boolean staleConnection(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String type = t.getClass().getSimpleName();
            String m = String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT);
            if (type.equals("NoHttpResponseException") || type.equals("ConnectionClosedException")) {
                return true;
            }
            if ((t instanceof SocketException || t instanceof IOException)
                    && (m.contains("broken pipe") || m.contains("connection reset"))) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void close() throws IOException {
        delegate.close();
    }
}
