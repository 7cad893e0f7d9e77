package dev.stevedore.core.internal.handler;

import dev.stevedore.core.bus.CommandHandler;
import dev.stevedore.core.bus.HandlerContext;
import dev.stevedore.core.command.Command.ShowLogs;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import dev.stevedore.core.engine.ContainerDetails;
import dev.stevedore.core.engine.ContainerGateway;
import dev.stevedore.core.internal.stream.ContainerStream;
import dev.stevedore.core.reply.Block;
import dev.stevedore.core.reply.Reply;
import dev.stevedore.core.reply.Visibility;
import dev.stevedore.core.stream.StreamLine;
import java.util.List;
import java.util.OptionalInt;

/**
 * {@code logs}: the last lines of a container's output, or with {@code -f} a stream that follows until the
 * container exits, the user stops, or the maximum duration passes.
 *
 * <p>A snapshot reads the whole requested range (engine {@code tail} and {@code since}, then {@code --grep} on the
 * cleaned lines) with bounded memory: the reply shows the last {@value #EXCERPT_LINES} lines (at most
 * {@value #EXCERPT_CHARS} characters, which fits every platform's message) and, when more exists, the log as a
 * {@link Block.File} of at most {@link Block.File#MAX_CHARS} characters (its last lines), with an exact
 * "N earlier lines omitted" (CASES.md P28). Runs on the bus executor; blocks while the engine sends the log.
 */
public final class ShowLogsHandler implements CommandHandler<ShowLogs> {
    /** The most lines the reply's excerpt shows. */
    static final int EXCERPT_LINES = 40;
    /** The most characters the reply's excerpt holds: under Discord's 2000 with fences and notes. */
    static final int EXCERPT_CHARS = 1_500;
    private final ContainerGateway engine;
    private final Streams streams;
    private final Clock clock;

    /**
     * Creates the handler with the system clock.
     *
     * @param engine the engine
     * @param streams stream settings
     */
    public ShowLogsHandler(ContainerGateway engine, Streams streams) {
        this(engine, streams, Clock.systemUTC());
    }

    /**
     * Creates the handler.
     *
     * @param engine the engine
     * @param streams stream settings
     * @param clock resolves {@code --since 10m} against now
     */
    public ShowLogsHandler(ContainerGateway engine, Streams streams, Clock clock) {
        this.engine = engine;
        this.streams = streams;
        this.clock = clock;
    }

    @Override
    public Class<ShowLogs> type() {
        return ShowLogs.class;
    }

    @Override
    public Reply handle(ShowLogs command, HandlerContext context) {
        ContainerDetails c = context.target();
        Optional<Instant> since = command.since().map(s -> s.resolve(clock.instant()));
        Predicate<String> keep = command.grep().map(Pattern::compile)
                .<Predicate<String>>map(p -> text -> p.matcher(text).find()).orElse(text -> true);
        if (command.follow()) {
            if (c.state().equals("created")) {
                // the engine ends a follow of a container that never ran at once, and there is no exit to wait for
                return Reply.info(c.name() + " has not been started yet: nothing to follow — start it first");
            }
            ContainerStream stream = new ContainerStream(engine, c.id(), "logs -f " + c.name(),
                    ContainerStream.Mode.LOGS, command.tailLines(), since, keep, command.timestamps(), c.tty(), false,
                    streams.maxDuration(), streams.scheduler(), null);
            String state = c.running() ? "" : " (" + c.state() + ": showing what it printed)";
            return Reply.info("following logs of " + c.name() + state).withStream(stream);
        }
        Snapshot snap = new Snapshot();
        engine.logs(c.id(), command.tailLines(), since, command.timestamps(), c.tty(), line -> {
            if (keep.test(line.text())) {
                snap.add(line.text());
            }
        });
        if (snap.total == 0) {
            String range = command.grep().isPresent() ? " that matches --grep"
                    : command.tailLines().isPresent() || since.isPresent() ? " in that range" : "";
            return Reply.info(c.name() + " has printed nothing" + range);
        }
        return snap.reply(c.name());
    }

    /** A bounded read of a log: the excerpt's lines and the file's lines, with exact counts of what fell out. */
    static final class Snapshot {
        private final ArrayDeque<String> file = new ArrayDeque<>();
        private long fileChars;
        long total;

        void add(String line) {
            total++;
            file.addLast(line);
            fileChars += line.length() + 1;
            while (fileChars > Block.File.MAX_CHARS && file.size() > 1) {
                fileChars -= file.removeFirst().length() + 1;
            }
        }

        Reply reply(String name) {
            // the excerpt: the last lines that fit, newest kept
            ArrayDeque<String> excerpt = new ArrayDeque<>();
            int chars = 0;
            boolean anyCut = false;
            var it = file.descendingIterator();
            while (it.hasNext() && excerpt.size() < EXCERPT_LINES) {
                String l = it.next();
                String shown = l.length() > EXCERPT_CHARS ? cut(l, EXCERPT_CHARS) : l;
                if (chars + shown.length() + 1 > EXCERPT_CHARS && !excerpt.isEmpty()) {
                    break;
                }
                anyCut |= shown != l;
                excerpt.addFirst(shown);
                chars += shown.length() + 1;
            }
            long omitted = total - excerpt.size();
            if (omitted == 0 && !anyCut) {
                return Reply.of(Visibility.PUBLIC, new Block.Code(String.join("\n", excerpt), ""));
            }
            String fileName = name.replaceAll("[^A-Za-z0-9_.-]", "_") + ".log";
            long fileDropped = total - file.size();
            String caption = fileDropped == 0
                    ? String.format(Locale.ROOT, "full log: %,d lines", total)
                    : String.format(Locale.ROOT, "the last %,d of %,d lines (capped at %d MB)", file.size(), total,
                            Block.File.MAX_CHARS >> 20);
            String note = omitted > 0
                    ? String.format(Locale.ROOT, "… %,d earlier lines omitted; showing the last %,d of %,d",
                            omitted, excerpt.size(), total)
                    : "a line was too long to show whole";
            StringBuilder text = new StringBuilder((int) Math.min(Integer.MAX_VALUE, fileChars));
            for (String l : file) {
                text.append(l).append('\n');
            }
            return Reply.of(Visibility.PUBLIC, new Block.Text(note), new Block.Code(String.join("\n", excerpt), ""),
                    new Block.File(fileName, text.toString(), caption));
        }

        /** The first {@code max} characters of a line, never splitting a surrogate pair, marked as cut. */
        private static String cut(String line, int max) {
            int end = max - 1;
            if (Character.isLowSurrogate(line.charAt(end)) && end > 0) {
                end--;
            }
            return line.substring(0, end) + "…";
        }
    }
}
