package dev.stevedore.core.internal.stream;

import dev.stevedore.core.internal.text.Humanize;
import dev.stevedore.core.stream.StreamLine;
import dev.stevedore.core.stream.StreamListener;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's pull progress turned into a few readable lines: one per layer when its state changes or its
 * download/extraction passes another quarter, with a text progress bar and sizes, e.g.
 * {@code a1b2c3d4e5f6 Downloading [#####-----] 50% 12.3MB/24.6MB}. Everything the engine sends repeatedly in
 * between is dropped, so a pull of any size makes a bounded number of lines (about 8 per layer).
 *
 * <p>Thread-safe. Lines kept for a late subscriber are capped ({@link #MAX_KEPT}).
 */
final class PullProgress {
    /** Lines kept for a subscriber that comes late; older ones are dropped. */
    static final int MAX_KEPT = 500;
    private static final Logger log = LoggerFactory.getLogger(PullProgress.class);
    private static final Pattern LINE = Pattern.compile("(?:([0-9a-f]{6,64}|[^:]{1,80}): )?(.*?)(?: (\\d+)/(\\d+))?");

    private final Map<String, String> lastState = new HashMap<>();
    private final Map<String, Integer> lastQuarter = new HashMap<>();
    private final List<StreamLine> kept = new ArrayList<>();
    private @Nullable StreamListener listener;

    /**
     * Takes one progress message from the engine, as {@code ContainerGateway.pull} reports it.
     *
     * @param message {@code "LAYER: STATUS"} with an optional {@code " CURRENT/TOTAL"} in bytes
     */
    void accept(String message) {
        Matcher m = LINE.matcher(message.strip());
        if (!m.matches()) {
            return;
        }
        String layer = m.group(1) == null ? "" : m.group(1);
        String status = m.group(2);
        String key = layer.isEmpty() ? status : layer;
        String line;
        synchronized (this) {
            if (m.group(3) != null) {
                long current = Long.parseLong(m.group(3));
                long total = Math.max(1, Long.parseLong(m.group(4)));
                int quarter = (int) Math.min(4, current * 4 / total);
                Integer before = lastQuarter.get(key + status);
                if (before != null && before >= quarter && status.equals(lastState.get(key))) {
                    return;
                }
                lastQuarter.put(key + status, quarter);
                lastState.put(key, status);
                int percent = (int) Math.min(100, current * 100 / total);
                int filled = percent / 10;
                line = String.format(Locale.ROOT, "%s %s [%s%s] %d%% %s/%s", shortLayer(layer), status,
                        "#".repeat(filled), "-".repeat(10 - filled), percent, Humanize.bytes(current),
                        Humanize.bytes(total));
            } else {
                if (status.equals(lastState.get(key))) {
                    return;
                }
                lastState.put(key, status);
                line = layer.isEmpty() ? status : shortLayer(layer) + " " + status;
            }
            StreamLine out = new StreamLine(StreamLine.Source.STDOUT, line);
            kept.add(out);
            if (kept.size() > MAX_KEPT) {
                kept.remove(0);
            }
            if (listener != null) {
                deliver(listener, out);
            }
        }
    }

    /**
     * Sends the lines so far, then every new one, to a listener.
     *
     * @param l the listener
     */
    synchronized void subscribe(StreamListener l) {
        for (StreamLine line : kept) {
            deliver(l, line);
        }
        listener = l;
    }

    /** Stops delivering lines (the pull itself goes on). */
    synchronized void unsubscribe() {
        listener = null;
    }

    private static void deliver(StreamListener l, StreamLine line) {
        try {
            l.onLine(line);
        } catch (RuntimeException e) {
            log.warn("pull progress listener failed", e);
        }
    }

    private static String shortLayer(String layer) {
        return layer.length() > 12 ? layer.substring(0, 12) : layer;
    }
}
