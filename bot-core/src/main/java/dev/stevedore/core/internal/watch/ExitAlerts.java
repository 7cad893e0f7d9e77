package dev.stevedore.core.internal.watch;

import dev.stevedore.core.reply.Action;
import dev.stevedore.core.reply.Block;
import dev.stevedore.core.reply.Reply;
import dev.stevedore.core.reply.Severity;
import dev.stevedore.core.reply.Visibility;
import dev.stevedore.core.watch.ExitCause;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The texts of exit alerts: one exit, a crash loop (edited in place as it goes on), its end. Plain text only; the
 * adapters escape it for their platform.
 */
final class ExitAlerts {
    /** Longest output line shown; longer ones are cut with an ellipsis. */
    static final int MAX_LINE_CHARS = 300;
    /** Longest "last line" quoted in a crash-loop headline. */
    static final int MAX_HEADLINE_LINE_CHARS = 100;
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

    private ExitAlerts() {}

    /**
     * Everything an alert shows about one exit.
     *
     * @param containerId the full id
     * @param name the container name
     * @param image the image reference
     * @param exitCode the exit code, empty if the event did not carry one
     * @param oomKilled whether the kernel killed it for memory
     * @param ran how long it ran, if known
     * @param lines its last output lines, cleaned, oldest first
     * @param cause who caused it through the bot, if anyone
     * @param killSignal the signals of kill requests the engine received just before the exit (docker stop/kill outside
     *     the bot), e.g. {@code "SIGTERM, then SIGKILL"}; empty if none
     * @param restartPolicy the restart policy, {@code no} when none
     * @param restartCount how often the policy restarted it
     * @param exists whether the container still exists (buttons make sense)
     */
    record Exit(String containerId, String name, String image, OptionalLong exitCode, boolean oomKilled,
            Optional<Duration> ran, List<String> lines, Optional<ExitCause> cause, Optional<String> killSignal,
            String restartPolicy, int restartCount, boolean exists) {
        Exit {
            lines = List.copyOf(lines);
        }

        Exit withLines(List<String> newLines) {
            return new Exit(containerId, name, image, exitCode, oomKilled, ran, newLines, cause, killSignal,
                    restartPolicy, restartCount, exists);
        }

        String meaning() {
            return exitCode.isPresent() ? ExitMeaning.of(exitCode.getAsLong(), oomKilled) : "exited";
        }

        Optional<String> lastLine() {
            for (int i = lines.size() - 1; i >= 0; i--) {
                if (!lines.get(i).isBlank()) {
                    return Optional.of(lines.get(i).strip());
                }
            }
            return Optional.empty();
        }
    }

    /**
     * The alert for a single exit.
     *
     * @param e the exit
     * @return the reply: headline, facts, last lines, and Restart / Logs / Remove while the container exists
     */
    static Reply single(Exit e) {
        List<Block> blocks = new ArrayList<>();
        long code = e.exitCode().orElse(-1);
        if (e.cause().isPresent()) {
            blocks.add(new Block.Notice(Severity.INFO, e.name() + " " + e.cause().get().describe() + ": "
                    + e.meaning()));
        } else {
            Severity s = code == 0 ? Severity.INFO
                    : e.killSignal().isPresent() && !e.oomKilled() ? Severity.WARNING : Severity.ERROR;
            blocks.add(new Block.Notice(s, e.name() + " " + verbPhrase(e)));
        }
        blocks.add(new Block.Text(facts(e)));
        if (e.cause().isEmpty() && e.killSignal().isPresent()) {
            blocks.add(new Block.Text("Someone asked the engine to stop it outside the bot (docker stop or kill: "
                    + e.killSignal().get() + ")."));
        }
        addLines(blocks, e.lines());
        if (e.exists()) {
            blocks.add(new Block.Actions(List.of(
                    Action.command("Restart", "restart " + e.containerId()),
                    Action.command("Logs", "logs --tail 50 " + e.containerId()),
                    Action.command("Remove", "rm " + e.containerId()))));
        }
        return new Reply(Visibility.PUBLIC, blocks, Optional.empty());
    }

    private static String verbPhrase(Exit e) {
        String m = e.meaning();
        // "web exited normally", "web exited with error 3", "web: killed (SIGKILL)"
        return m.startsWith("exited") ? m : "exited: " + m;
    }

    /**
     * The crash-loop alert, edited in place at each exit.
     *
     * @param last the latest exit
     * @param exits how many exits within the window
     * @param window the crash-loop window
     * @return e.g. "flappy is crash-looping: 37 exits in 10 min, last exit 1, last line 'boom'"
     */
    static Reply crashLoop(Exit last, int exits, Duration window) {
        List<Block> blocks = new ArrayList<>();
        blocks.add(new Block.Notice(Severity.ERROR, last.name() + " is crash-looping: " + loopSummary(last, exits,
                window)));
        blocks.add(new Block.Text(facts(last)));
        addLines(blocks, last.lines());
        if (last.exists()) {
            blocks.add(new Block.Actions(List.of(
                    Action.command("Restart", "restart " + last.containerId()),
                    Action.command("Logs", "logs --tail 50 " + last.containerId()),
                    Action.command("Remove", "rm -f " + last.containerId()))));
        }
        return new Reply(Visibility.PUBLIC, blocks, Optional.empty());
    }

    /**
     * The crash-loop alert once the loop is over: no buttons, and how it ended.
     *
     * @param last the latest exit
     * @param exits how many exits within the window
     * @param window the crash-loop window
     * @param ending e.g. {@code "recovered: up again since 12:03:04 UTC"} or {@code "stopped by alice via Slack"}
     * @return the final text of the alert
     */
    static Reply loopEnded(Exit last, int exits, Duration window, String ending) {
        return Reply.of(Visibility.PUBLIC,
                new Block.Notice(Severity.INFO, last.name() + " was crash-looping (" + loopSummary(last, exits, window)
                        + "); " + ending),
                new Block.Text(facts(last)));
    }

    /**
     * The notice that a crash-looping container stays up.
     *
     * @param name the container
     * @param up how long it has been up
     * @param exits how many exits the loop had within the window
     * @return e.g. "flappy recovered: up for 1 min after 37 exits"
     */
    static Reply recovered(String name, Duration up, int exits) {
        return Reply.success(name + " recovered: up for " + human(up) + " after " + exits + " exit"
                + (exits == 1 ? "" : "s"));
    }

    static String since(Instant startedAt) {
        return "recovered: up again since " + CLOCK.format(startedAt);
    }

    private static String loopSummary(Exit last, int exits, Duration window) {
        StringBuilder s = new StringBuilder();
        s.append(exits).append(" exit").append(exits == 1 ? "" : "s").append(" in ").append(human(window));
        s.append(", last exit ").append(last.exitCode().isPresent() ? String.valueOf(last.exitCode().getAsLong())
                : "unknown");
        if (last.oomKilled()) {
            s.append(" (out of memory)");
        }
        last.lastLine().ifPresent(l -> s.append(", last line '").append(cut(l, MAX_HEADLINE_LINE_CHARS)).append('\''));
        return s.toString();
    }

    private static String facts(Exit e) {
        List<String> parts = new ArrayList<>();
        e.exitCode().ifPresent(c -> parts.add("exit code " + c));
        if (!e.image().isEmpty()) {
            parts.add("image " + e.image());
        }
        e.ran().ifPresent(d -> parts.add("ran " + human(d)));
        if (!e.restartPolicy().equals("no")) {
            parts.add("restart policy " + e.restartPolicy() + (e.restartCount() > 0
                    ? ", restarted " + e.restartCount() + " time" + (e.restartCount() == 1 ? "" : "s") : ""));
        }
        parts.add("container " + e.containerId().substring(0, Math.min(12, e.containerId().length())));
        return String.join(" · ", parts);
    }

    private static void addLines(List<Block> blocks, List<String> lines) {
        if (lines.isEmpty()) {
            return;
        }
        blocks.add(new Block.Text(lines.size() == 1 ? "Last line:" : "Last " + lines.size() + " lines:"));
        StringBuilder body = new StringBuilder();
        for (String l : lines) {
            if (body.length() > 0) {
                body.append('\n');
            }
            body.append(cut(l, MAX_LINE_CHARS));
        }
        blocks.add(new Block.Code(body.toString(), ""));
    }

    private static String cut(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }

    /**
     * A duration in short words.
     *
     * @param d the duration
     * @return e.g. {@code "420 ms"}, {@code "12 s"}, {@code "3 min 12 s"}, {@code "10 min"}, {@code "5 h 3 min"},
     *     {@code "2 d 4 h"}
     */
    static String human(Duration d) {
        long ms = Math.max(0, d.toMillis());
        if (ms < 1000) {
            return ms + " ms";
        }
        long s = ms / 1000;
        if (s < 60) {
            return s + " s";
        }
        long min = s / 60;
        if (min < 60) {
            return min + " min" + (s % 60 == 0 ? "" : " " + s % 60 + " s");
        }
        long h = min / 60;
        if (h < 24) {
            return h + " h" + (min % 60 == 0 ? "" : " " + min % 60 + " min");
        }
        return h / 24 + " d" + (h % 24 == 0 ? "" : " " + h % 24 + " h");
    }
}
