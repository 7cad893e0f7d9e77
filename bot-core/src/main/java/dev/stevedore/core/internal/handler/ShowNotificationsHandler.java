package dev.stevedore.core.internal.handler;

import dev.stevedore.config.CrashLoopConfig;
import dev.stevedore.config.IgnoreConfig;
import dev.stevedore.config.NotificationsConfig;
import dev.stevedore.config.RouteConfig;
import dev.stevedore.core.bus.CommandHandler;
import dev.stevedore.core.bus.HandlerContext;
import dev.stevedore.core.command.Command.ShowNotifications;
import dev.stevedore.core.reply.Block;
import dev.stevedore.core.reply.Reply;
import dev.stevedore.core.reply.Severity;
import dev.stevedore.core.reply.Visibility;
import dev.stevedore.core.watch.Mute;
import dev.stevedore.core.watch.Notifications;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** {@code notifications}: the routes (what matches, where it goes), the ignore list, crash-loop settings, mutes. */
public final class ShowNotificationsHandler implements CommandHandler<ShowNotifications> {
    private final Optional<Notifications> notifications;

    /**
     * Creates the handler.
     *
     * @param notifications the shared notification state, or empty when notifications are not configured
     */
    public ShowNotificationsHandler(Optional<Notifications> notifications) {
        this.notifications = notifications;
    }

    @Override
    public Class<ShowNotifications> type() {
        return ShowNotifications.class;
    }

    @Override
    public Reply handle(ShowNotifications command, HandlerContext context) {
        if (notifications.isEmpty()) {
            return Reply.of(Visibility.ONLY_CALLER, new Block.Notice(Severity.INFO,
                    "notifications are not configured: no exit alerts are sent"));
        }
        Notifications n = notifications.get();
        NotificationsConfig cfg = n.config();
        List<Block> blocks = new ArrayList<>();
        if (cfg.routes().isEmpty()) {
            blocks.add(new Block.Notice(Severity.INFO, "no notification routes: no exit alerts are sent"));
        } else {
            List<List<String>> rows = new ArrayList<>();
            for (RouteConfig r : cfg.routes()) {
                rows.add(List.of(match(r), String.join(", ", r.to()), r.onlyFailures() ? "non-zero only" : "all"));
            }
            blocks.add(new Block.Text("Exit alerts go to:"));
            blocks.add(new Block.Table(List.of("CONTAINERS", "TO", "EXITS"), rows));
        }
        IgnoreConfig ignore = cfg.ignore();
        if (!ignore.isEmpty()) {
            blocks.add(new Block.Text("Never alerted: " + describe(ignore.names(), ignore.labels(), ignore.images(),
                    " or ")));
        }
        CrashLoopConfig loop = cfg.crashLoop();
        blocks.add(new Block.Text("Crash loop: " + loop.exits() + " exits within " + human(loop.window())
                + " (or a restart policy restarting it again) make one alert, updated in place; recovered after "
                + human(loop.recoverAfter()) + " up. Alerts show the last " + cfg.logLines() + " lines."));
        List<Mute> mutes = n.mutes();
        if (mutes.isEmpty()) {
            blocks.add(new Block.Text("No mutes in force."));
        } else {
            List<List<String>> rows = new ArrayList<>();
            for (Mute m : mutes) {
                rows.add(List.of(m.name(), MuteContainerHandler.UNTIL.format(m.until()), m.by().displayName()));
            }
            blocks.add(new Block.Text("Muted:"));
            blocks.add(new Block.Table(List.of("CONTAINER", "UNTIL", "BY"), rows));
        }
        return new Reply(Visibility.ONLY_CALLER, blocks, Optional.empty());
    }

    private static String match(RouteConfig r) {
        String d = describe(r.names(), r.labels(), r.images(), " and ");
        return d.isEmpty() ? "any container" : d;
    }

    private static String describe(List<String> names, Map<String, String> labels, List<String> images,
            String joiner) {
        List<String> parts = new ArrayList<>();
        if (!names.isEmpty()) {
            parts.add("name " + String.join("|", names));
        }
        if (!labels.isEmpty()) {
            parts.add("label " + labels.entrySet().stream().sorted(Map.Entry.comparingByKey())
                    .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(joiner.equals(" and ")
                            ? "," : "|")));
        }
        if (!images.isEmpty()) {
            parts.add("image " + String.join("|", images));
        }
        return String.join(joiner, parts);
    }

    /**
     * A duration as people write it.
     *
     * @param d the duration
     * @return e.g. {@code "30 s"}, {@code "10 min"}, {@code "2 h"}, {@code "1 h 30 min"}, {@code "3 d"}
     */
    static String human(Duration d) {
        long s = d.toSeconds();
        if (s < 60) {
            return s + " s";
        }
        if (s < 3600) {
            return s / 60 + " min" + (s % 60 == 0 ? "" : " " + s % 60 + " s");
        }
        if (s < 86_400) {
            return s / 3600 + " h" + (s % 3600 / 60 == 0 ? "" : " " + s % 3600 / 60 + " min");
        }
        return s / 86_400 + " d" + (s % 86_400 / 3600 == 0 ? "" : " " + s % 86_400 / 3600 + " h");
    }
}
