package dev.stevedore.core.internal.handler;

import dev.stevedore.core.bus.CommandHandler;
import dev.stevedore.core.bus.HandlerContext;
import dev.stevedore.core.bus.Preview;
import dev.stevedore.core.command.Command.PruneContainers;
import dev.stevedore.core.engine.ContainerGateway;
import dev.stevedore.core.engine.ContainerSummary;
import dev.stevedore.core.error.CommandException;
import dev.stevedore.core.error.NoSuchContainerException;
import dev.stevedore.core.internal.text.Humanize;
import dev.stevedore.core.reply.Block;
import dev.stevedore.core.reply.Reply;
import dev.stevedore.core.reply.Severity;
import dev.stevedore.core.reply.Visibility;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code container prune}: previews the stopped containers and the space they hold, then removes exactly those
 * (a container stopped after the preview is left alone; one started since is skipped).
 */
public final class PruneContainersHandler implements CommandHandler<PruneContainers> {
    private final ContainerGateway engine;

    /**
     * Creates the handler.
     *
     * @param engine the engine
     */
    public PruneContainersHandler(ContainerGateway engine) {
        this.engine = engine;
    }

    @Override
    public Class<PruneContainers> type() {
        return PruneContainers.class;
    }

    @Override
    public Preview preview(PruneContainers command, HandlerContext context) {
        // a role limited to some containers prunes only those
        List<ContainerSummary> stopped = engine.listStopped().stream()
                .filter(c -> context.inScope().test(
                        new dev.stevedore.core.auth.ContainerScope(c.id(), c.name(), c.labels())))
                .toList();
        if (stopped.isEmpty()) {
            return Preview.nothingToDo("nothing to prune: no stopped containers (0B reclaimed)");
        }
        long bytes = 0;
        List<String> details = new ArrayList<>();
        for (ContainerSummary c : stopped) {
            bytes += Math.max(0, c.sizeRw());
            details.add(c.id().substring(0, 12) + "  " + c.name() + "  " + c.status() + "  "
                    + Humanize.bytes(Math.max(0, c.sizeRw())));
        }
        String n = stopped.size() == 1 ? "1 stopped container" : stopped.size() + " stopped containers";
        return Preview.ask("Remove " + n + ", reclaiming " + Humanize.bytes(bytes) + "?", details,
                stopped.stream().map(ContainerSummary::id).toList());
    }

    @Override
    public Reply handle(PruneContainers command, HandlerContext context) {
        Set<String> bound = new HashSet<>();
        context.targets().forEach(t -> bound.add(t.id()));
        long reclaimed = 0;
        List<String> removed = new ArrayList<>();
        List<Block> blocks = new ArrayList<>();
        for (ContainerSummary c : engine.listStopped()) {
            if (!bound.contains(c.id())) {
                continue;
            }
            try {
                engine.remove(c.id(), false);
                removed.add(c.id().substring(0, 12) + "  " + c.name());
                reclaimed += Math.max(0, c.sizeRw());
            } catch (NoSuchContainerException e) {
                // removed meanwhile by someone else: nothing to do
            } catch (CommandException e) {
                blocks.add(new Block.Notice(Severity.ERROR, e.getMessage()));
            }
        }
        int skipped = bound.size() - removed.size() - blocks.size();
        String summary = "deleted " + removed.size() + (removed.size() == 1 ? " container" : " containers")
                + " (" + Humanize.bytes(reclaimed) + " reclaimed)" + context.byWhom()
                + (skipped > 0 ? "; " + skipped + " skipped (started or removed since the preview)" : "");
        blocks.add(0, new Block.Notice(removed.isEmpty() ? Severity.INFO : Severity.SUCCESS, summary));
        if (!removed.isEmpty()) {
            blocks.add(1, new Block.Code(String.join("\n", removed), ""));
        }
        return new Reply(Visibility.PUBLIC, blocks, Optional.empty());
    }
}
