package dev.stevedore.core.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.dockerjava.transport.DockerHttpClient;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.SocketException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A request that failed on a connection the restarted engine had closed is sent again; nothing else is. */
class StaleConnectionRetryTest {
    private final AtomicInteger calls = new AtomicInteger();
    private final Deque<RuntimeException> failures = new ArrayDeque<>();
    private final DockerHttpClient.Response ok = new DockerHttpClient.Response() {
        @Override
        public int getStatusCode() {
            return 201;
        }

        @Override
        public Map<String, List<String>> getHeaders() {
            return Map.of();
        }

        @Override
        public InputStream getBody() {
            return new ByteArrayInputStream(new byte[0]);
        }

        @Override
        public void close() {}
    };
    private final StaleConnectionRetry client = new StaleConnectionRetry(new DockerHttpClient() {
        @Override
        public Response execute(Request request) {
            calls.incrementAndGet();
            RuntimeException f = failures.poll();
            if (f != null) {
                throw f;
            }
            return ok;
        }

        @Override
        public void close() {}
    });

    private static DockerHttpClient.Request post() {
        return DockerHttpClient.Request.builder().method(DockerHttpClient.Request.Method.POST)
                .path("/containers/create").bodyBytes("{}".getBytes(java.nio.charset.StandardCharsets.UTF_8)).build();
    }

    private static RuntimeException wrapped(Exception e) {
        return new RuntimeException(e); // as ApacheDockerHttpClientImpl wraps its IOExceptions
    }

    @Test
    void execute_brokenPipeOnTwoDeadPooledConnections_succeedsOnTheThird() {
        failures.add(wrapped(new SocketException("Broken pipe")));
        failures.add(wrapped(new SocketException("Connection reset")));

        assertThat(client.execute(post())).isSameAs(ok);
        assertThat(calls).hasValue(3);
    }

    @Test
    void execute_staleEveryTime_givesUpAfterFourAttempts() {
        for (int i = 0; i < 10; i++) {
            failures.add(wrapped(new SocketException("Broken pipe")));
        }

        assertThatThrownBy(() -> client.execute(post())).hasRootCauseMessage("Broken pipe");
        assertThat(calls).hasValue(StaleConnectionRetry.ATTEMPTS);
    }

    @Test
    void execute_engineDown_isNotRetried() {
        failures.add(wrapped(new ConnectException("Connection refused")));

        assertThatThrownBy(() -> client.execute(post())).hasRootCauseInstanceOf(ConnectException.class);
        assertThat(calls).hasValue(1);
    }

    @Test
    void execute_streamedOrHijackedBody_isNeverSentTwice() {
        failures.add(wrapped(new SocketException("Broken pipe")));
        DockerHttpClient.Request attach = DockerHttpClient.Request.builder()
                .method(DockerHttpClient.Request.Method.POST).path("/containers/x/attach")
                .hijackedInput(new ByteArrayInputStream(new byte[0])).build();

        assertThatThrownBy(() -> client.execute(attach)).hasRootCauseMessage("Broken pipe");
        assertThat(calls).hasValue(1);
    }
}
