package dev.stevedore.core.internal.handler;

import dev.stevedore.core.error.CommandException;
import dev.stevedore.core.reply.Block;
import dev.stevedore.core.reply.Reply;
import dev.stevedore.core.reply.Severity;
import dev.stevedore.core.reply.Visibility;
import java.util.ArrayList;
import java.util.List;

/** Collects per-container outcomes of a multi-container command into one reply, like the CLI's line per name. */
final class Outcomes {
    private final List<Block> blocks = new ArrayList<>();
    private int failures;

    void ok(String text) {
        blocks.add(new Block.Notice(Severity.SUCCESS, text));
    }

    void info(String text) {
        blocks.add(new Block.Notice(Severity.INFO, text));
    }

    void failed(CommandException e) {
        failures++;
        blocks.add(new Block.Notice(Severity.ERROR, e.getMessage()));
    }

    /**
     * Records a failure for one container, naming it by name where the engine's message used its short id.
     *
     * @param e the failure
     * @param c the container
     */
    void failed(CommandException e, dev.stevedore.core.engine.ContainerDetails c) {
        failures++;
        blocks.add(new Block.Notice(Severity.ERROR, String.valueOf(e.getMessage()).replace(c.shortId(), c.name())));
    }

    Reply reply() {
        if (failures == blocks.size() && blocks.size() == 1) {
            return new Reply(Visibility.ONLY_CALLER, blocks, java.util.Optional.empty());
        }
        return new Reply(Visibility.PUBLIC, blocks, java.util.Optional.empty());
    }
}
