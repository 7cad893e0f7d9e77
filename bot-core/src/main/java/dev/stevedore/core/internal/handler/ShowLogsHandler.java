package dev.stevedore.core.internal.handler;

import dev.stevedore.core.bus.CommandHandler;
import dev.stevedore.core.bus.HandlerContext;
import dev.stevedore.core.command.Command.ShowLogs;
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
 */
public final class ShowLogsHandler implements CommandHandler<ShowLogs> {
    /** The most lines a snapshot keeps in memory; older ones are counted, not kept. */
    static final int MAX_SNAPSHOT_LINES = 10_000;
    private final ContainerGateway engine;
    private final Streams streams;

    /**
     * Creates the handler.
     *
     * @param engine the engine
     * @param streams stream settings
     */
    public ShowLogsHandler(ContainerGateway engine, Streams streams) {
        this.engine = engine;
        this.streams = streams;
    }

    @Override
    public Class<ShowLogs> type() {
        return ShowLogs.class;
    }

    @Override
    public Reply handle(ShowLogs command, HandlerContext context) {
        ContainerDetails c = context.target();
        if (command.follow()) {
            if (c.state().equals("created")) {
                // the engine ends a follow of a container that never ran at once, and there is no exit to wait for
                return Reply.info(c.name() + " has not been started yet: nothing to follow — start it first");
            }
            ContainerStream stream = new ContainerStream(engine, c.id(), "logs -f " + c.name(),
                    ContainerStream.Mode.LOGS, command.tailLines(), command.timestamps(), c.tty(), false,
                    streams.maxDuration(), streams.scheduler(), null);
            String state = c.running() ? "" : " (" + c.state() + ": showing what it printed)";
            return Reply.info("following logs of " + c.name() + state).withStream(stream);
        }
        // read the whole requested range, keeping a bounded window and an exact count of what falls out of it
        java.util.ArrayDeque<String> window = new java.util.ArrayDeque<>();
        long[] total = {0};
        engine.logs(c.id(), command.tailLines(), command.timestamps(), c.tty(), line -> {
            total[0]++;
            window.addLast(line.text());
            if (window.size() > MAX_SNAPSHOT_LINES) {
                window.removeFirst();
            }
        });
        if (window.isEmpty()) {
            return Reply.info(c.name() + " has printed nothing" + (command.tailLines().isPresent() ? " in that range" : ""));
        }
        StringBuilder body = new StringBuilder();
        long omitted = total[0] - window.size();
        if (omitted > 0) {
            body.append(String.format(java.util.Locale.ROOT, "… %,d earlier lines omitted; showing the last %,d "
                    + "(use --tail N to choose, or -f to follow)%n", omitted, window.size()));
        }
        body.append(String.join("\n", window));
        return Reply.of(Visibility.PUBLIC, new Block.Code(body.toString(), ""));
    }
}
