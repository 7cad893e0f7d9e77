package dev.stevedore.adapter.slack.testing;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.java_websocket.WebSocket;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.server.WebSocketServer;
import org.jspecify.annotations.Nullable;

/**
 * A fake Slack Socket Mode endpoint on 127.0.0.1: accepts the app's WebSocket (the URL that
 * {@link FakeSlackApi#socketModeUrl} hands out from {@code apps.connections.open}), greets it with
 * {@code {"type":"hello"}}, sends envelopes and records the acknowledgements the app sends back.
 *
 * <p>Java-WebSocket answers pings itself, so the client's health checks pass. Thread-safe.
 */
public final class FakeSocketModeServer extends WebSocketServer {
    private final List<JsonObject> received = new CopyOnWriteArrayList<>();
    private final CountDownLatch connected = new CountDownLatch(1);
    private final CountDownLatch started = new CountDownLatch(1);
    private volatile @Nullable WebSocket client;

    private FakeSocketModeServer() {
        super(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        setReuseAddr(true);
    }

    /**
     * Starts the server on an ephemeral port.
     *
     * @return the running server
     */
    public static FakeSocketModeServer begin() {
        FakeSocketModeServer s = new FakeSocketModeServer();
        s.setDaemon(true);
        s.start();
        try {
            if (!s.started.await(10, TimeUnit.SECONDS)) {
                throw new AssertionError("fake Socket Mode server did not start");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
        return s;
    }

    /**
     * The URL {@code apps.connections.open} should return.
     *
     * @return e.g. {@code ws://127.0.0.1:41235/link}
     */
    public String url() {
        return "ws://127.0.0.1:" + getPort() + "/link";
    }

    /**
     * Waits until the app connected.
     *
     * @param timeout how long
     * @throws AssertionError if it does not connect in time
     */
    public void awaitConnected(Duration timeout) {
        try {
            if (!connected.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("the app did not open a Socket Mode connection within " + timeout);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /**
     * Sends an envelope to the app.
     *
     * @param envelopeId the {@code envelope_id}
     * @param type {@code slash_commands} or {@code interactive}
     * @param payload the payload object
     */
    public void send(String envelopeId, String type, JsonObject payload) {
        JsonObject env = new JsonObject();
        env.addProperty("envelope_id", envelopeId);
        env.addProperty("type", type);
        env.addProperty("accepts_response_payload", type.equals("slash_commands"));
        env.add("payload", payload);
        WebSocket c = client;
        if (c == null) {
            throw new AssertionError("no Socket Mode client connected");
        }
        c.send(env.toString());
    }

    /**
     * Waits for the acknowledgement of an envelope.
     *
     * @param envelopeId the envelope
     * @param timeout how long
     * @return the ack message ({@code {"envelope_id":…, "payload":…}})
     * @throws AssertionError if none arrives in time
     */
    public JsonObject awaitAck(String envelopeId, Duration timeout) {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            Optional<JsonObject> ack = received.stream()
                    .filter(m -> m.has("envelope_id") && m.get("envelope_id").getAsString().equals(envelopeId))
                    .findFirst();
            if (ack.isPresent()) {
                return ack.get();
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }
        throw new AssertionError("no ack for " + envelopeId + " within " + timeout + "; received " + received);
    }

    /** Closes the server and its connections. */
    public void shutdown() {
        try {
            stop(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void onOpen(WebSocket conn, ClientHandshake handshake) {
        client = conn;
        conn.send("{\"type\":\"hello\",\"num_connections\":1,\"debug_info\":{\"host\":\"fake\"},"
                + "\"connection_info\":{\"app_id\":\"A0001\"}}");
        connected.countDown();
    }

    @Override
    public void onClose(WebSocket conn, int code, String reason, boolean remote) {
        if (client == conn) {
            client = null;
        }
    }

    @Override
    public void onMessage(WebSocket conn, String message) {
        received.add(JsonParser.parseString(message).getAsJsonObject());
    }

    @Override
    public void onError(@Nullable WebSocket conn, Exception ex) {
        // a failing client shows up as a missing ack
    }

    @Override
    public void onStart() {
        started.countDown();
    }
}
