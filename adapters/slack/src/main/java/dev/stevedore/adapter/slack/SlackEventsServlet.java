package dev.stevedore.adapter.slack;

import com.slack.api.bolt.App;
import com.slack.api.bolt.request.Request;
import com.slack.api.bolt.request.RequestHeaders;
import com.slack.api.bolt.response.Response;
import com.slack.api.bolt.util.QueryStringParser;
import com.slack.api.bolt.util.SlackRequestParser;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP endpoint Slack posts slash commands and interactions to ({@code POST /slack/events}).
 *
 * <p>Reads the body as raw bytes (at most {@value #MAX_BODY_BYTES}; more is refused with 413), verifies Slack's
 * signature on exactly those bytes with {@link SlackRequestVerifier} (401 {@code {"error":"invalid request"}} and
 * nothing runs if it fails), then hands the request to the Bolt {@link App}. Thread-safe; runs on Jetty's threads.
 */
final class SlackEventsServlet extends HttpServlet {
    /** The largest body taken; Slack's payloads are a few kilobytes. */
    static final int MAX_BODY_BYTES = 1 << 20;
    private static final long serialVersionUID = 1L;
    private static final Logger log = LoggerFactory.getLogger(SlackEventsServlet.class);

    private final transient App app;
    private final transient SlackRequestVerifier verifier;
    private final transient SlackRequestParser parser;

    SlackEventsServlet(App app, SlackRequestVerifier verifier) {
        this.app = app;
        this.verifier = verifier;
        this.parser = new SlackRequestParser(app.config());
    }

    /** Signatures seen in their validity window (5 minutes, plus a margin for clock skew). */
    private final com.github.benmanes.caffeine.cache.Cache<String, Boolean> seenSignatures =
            com.github.benmanes.caffeine.cache.Caffeine.newBuilder()
                    .expireAfterWrite(java.time.Duration.ofMinutes(11))
                    .maximumSize(100_000)
                    .build();

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        byte[] body = readBody(req);
        if (body == null) {
            write(resp, 413, "{\"error\":\"request too large\"}");
            return;
        }
        SlackRequestVerifier.Result check = verifier.verify(req.getHeader(SlackRequestVerifier.TIMESTAMP_HEADER),
                req.getHeader(SlackRequestVerifier.SIGNATURE_HEADER), body);
        if (check != SlackRequestVerifier.Result.VALID) {
            log.warn("refused a request to {} from {}: {}", req.getRequestURI(), req.getRemoteAddr(), check);
            write(resp, 401, "{\"error\":\"invalid request\"}");
            return;
        }
        // a signature is valid for 5 minutes: the same signed request twice is a replay, not a second command
        String signature = String.valueOf(req.getHeader(SlackRequestVerifier.SIGNATURE_HEADER)).strip();
        if (seenSignatures.asMap().putIfAbsent(signature, Boolean.TRUE) != null) {
            log.warn("refused a replayed request to {} from {}", req.getRequestURI(), req.getRemoteAddr());
            write(resp, 401, "{\"error\":\"replayed request\"}");
            return;
        }
        Request<?> slackReq;
        try {
            slackReq = parser.parse(SlackRequestParser.HttpRequest.builder()
                    .requestUri(req.getRequestURI())
                    .queryString(QueryStringParser.toMap(req.getQueryString()))
                    .headers(new RequestHeaders(headers(req)))
                    .requestBody(new String(body, StandardCharsets.UTF_8))
                    .remoteAddress(req.getRemoteAddr())
                    .build());
        } catch (RuntimeException e) {
            log.warn("a signed request to {} could not be parsed: {}", req.getRequestURI(), e.toString());
            write(resp, 400, "{\"error\":\"bad request\"}");
            return;
        }
        if (slackReq == null) {
            write(resp, 400, "{\"error\":\"unknown request\"}");
            return;
        }
        Response r;
        try {
            r = app.run(slackReq);
        } catch (Exception e) {
            SlackSlashCommandHandler.incident(e);
            write(resp, 500, "{\"error\":\"internal error\"}");
            return;
        }
        resp.setStatus(r.getStatusCode() == null ? 200 : r.getStatusCode());
        if (r.getHeaders() != null) {
            r.getHeaders().forEach((name, values) -> values.forEach(v -> resp.addHeader(name, v)));
        }
        String type = r.getContentType() == null ? "text/plain" : r.getContentType();
        resp.setHeader("Content-Type", type.contains("charset") ? type : type + "; charset=utf-8");
        if (r.getBody() != null) {
            byte[] out = r.getBody().getBytes(StandardCharsets.UTF_8);
            resp.setContentLength(out.length);
            resp.getOutputStream().write(out);
        }
    }

    private static byte[] readBody(HttpServletRequest req) throws IOException {
        if (req.getContentLengthLong() > MAX_BODY_BYTES) {
            return null;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(256, req.getContentLength()));
        byte[] buf = new byte[8192];
        try (InputStream in = req.getInputStream()) {
            int n;
            while ((n = in.read(buf)) >= 0) {
                out.write(buf, 0, n);
                if (out.size() > MAX_BODY_BYTES) {
                    return null;
                }
            }
        }
        return out.toByteArray();
    }

    private static Map<String, List<String>> headers(HttpServletRequest req) {
        Map<String, List<String>> map = new HashMap<>();
        for (String name : Collections.list(req.getHeaderNames())) {
            map.put(name, new ArrayList<>(Collections.list(req.getHeaders(name))));
        }
        return map;
    }

    private static void write(HttpServletResponse resp, int status, String json) throws IOException {
        byte[] out = json.getBytes(StandardCharsets.UTF_8);
        resp.setStatus(status);
        resp.setHeader("Content-Type", "application/json; charset=utf-8");
        resp.setContentLength(out.length);
        resp.getOutputStream().write(out);
    }
}
