package dev.stevedore.core.internal.handler;

import dev.stevedore.core.bus.CommandHandler;
import dev.stevedore.core.bus.HandlerContext;
import dev.stevedore.core.command.ArgSpec;
import dev.stevedore.core.command.Command.ShowHelp;
import dev.stevedore.core.command.CommandCatalog;
import dev.stevedore.core.command.CommandSpec;
import dev.stevedore.core.command.ContainerRef;
import dev.stevedore.core.command.OptionSpec;
import dev.stevedore.core.error.UsageException;
import dev.stevedore.core.reply.Block;
import dev.stevedore.core.reply.Reply;
import dev.stevedore.core.reply.Visibility;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** {@code help [COMMAND]}: the command list, or one command's usage, flags and arguments. */
public final class ShowHelpHandler implements CommandHandler<ShowHelp> {
    private final CommandCatalog catalog;

    /**
     * Creates the handler.
     *
     * @param catalog the commands to describe
     */
    public ShowHelpHandler(CommandCatalog catalog) {
        this.catalog = catalog;
    }

    @Override
    public Class<ShowHelp> type() {
        return ShowHelp.class;
    }

    @Override
    public Reply handle(ShowHelp command, HandlerContext context) {
        if (command.topic().isEmpty()) {
            List<List<String>> rows = new ArrayList<>();
            for (CommandSpec s : catalog.specs()) {
                rows.add(List.of(s.name(), s.summary() + (s.destructive() ? " ⚠ confirm" : "")));
            }
            return Reply.of(Visibility.ONLY_CALLER,
                    new Block.Text("Docker commands, in the docker CLI's syntax (a leading \"docker\" is fine):"),
                    new Block.Table(List.of("COMMAND", "DESCRIPTION"), rows),
                    new Block.Text("Run help COMMAND for its flags and arguments."));
        }
        String topic = command.topic().get();
        if (topic.startsWith("docker ")) {
            topic = topic.substring(7);
        }
        // "help rm extra" explains rm; "help container prune" the two-word command
        String[] words = topic.split("\\s+");
        if (words.length > 1 && catalog.find(words[0] + " " + words[1]).isPresent()) {
            topic = words[0] + " " + words[1];
        } else if (words.length > 1 && catalog.find(words[0]).isPresent()) {
            topic = words[0];
        }
        String t = topic;
        CommandSpec s = catalog.find(t).orElseThrow(() -> new UsageException(
                "unknown command: " + ContainerRef.display(t)
                        + catalog.closest(t).map(c -> " — did you mean " + c + "?").orElse(" — try help"),
                Optional.empty()));
        StringBuilder body = new StringBuilder(s.usageLine()).append("\n\n").append(s.summary());
        if (s.destructive()) {
            body.append("\nAsks for confirmation before doing anything.");
        }
        if (!s.aliases().isEmpty()) {
            body.append("\n\nAliases: ").append(String.join(", ", s.aliases()));
        }
        if (!s.options().isEmpty()) {
            body.append("\n\nOptions:");
            for (OptionSpec o : s.options()) {
                body.append(String.format("%n  %-30s %s", o.synopsis(), o.help()));
            }
        }
        if (!s.arguments().isEmpty()) {
            body.append("\n\nArguments:");
            for (ArgSpec a : s.arguments()) {
                body.append(String.format("%n  %-30s %s%s", a.name(), a.help(), a.required() ? "" : " (optional)"));
            }
        }
        return Reply.of(Visibility.ONLY_CALLER, new Block.Code(body.toString(), ""));
    }
}
