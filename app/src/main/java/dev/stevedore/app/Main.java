package dev.stevedore.app;

import dev.stevedore.adapter.shell.ShellAdapter;
import dev.stevedore.adapter.shell.ShellMessageSink;
import dev.stevedore.config.ConfigException;
import dev.stevedore.config.ConfigLoader;
import dev.stevedore.config.StevedoreConfig;
import dev.stevedore.core.audit.AuditLog;
import dev.stevedore.core.auth.Caller;
import dev.stevedore.core.auth.Platform;
import dev.stevedore.core.auth.RoleBasedAccessPolicy;
import dev.stevedore.core.bus.CommandBus;
import dev.stevedore.core.bus.CommandBusBuilder;
import dev.stevedore.core.engine.ContainerGateway;
import dev.stevedore.core.engine.ContainerSummary;
import dev.stevedore.core.engine.DockerEngines;
import dev.stevedore.core.error.EngineUnavailableException;
import dev.stevedore.core.port.MessageSinks;
import dev.stevedore.core.watch.ExitWatcher;
import dev.stevedore.core.watch.ExitWatcherBuilder;
import dev.stevedore.core.watch.Notifications;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code stevedore [--config FILE] [shell]}: reads the configuration, connects to the Docker Engine, builds the
 * command bus and runs the enabled adapters. With no chat tokens configured, it opens the shell.
 *
 * <p>Exit status: 0 normal end; 1 engine unreachable; 2 invalid configuration or arguments.
 */
@Command(name = "stevedore", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Operate Docker from Slack, Discord or this terminal, in the docker CLI's syntax.")
public final class Main implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger(Main.class);

    @Option(names = "--config", paramLabel = "FILE",
            description = "YAML configuration (default: $STEVEDORE_CONFIG, else ./stevedore.yml if present)")
    private @Nullable Path config;

    @Parameters(index = "0", arity = "0..1", paramLabel = "MODE",
            description = "shell: open the terminal adapter (the default when no chat token is configured)")
    private @Nullable String mode;

    private final PrintStream out;
    private final PrintStream err;

    Main(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    /**
     * Runs the program.
     *
     * @param args command-line arguments
     */
    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        CommandLine cli = new CommandLine(new Main(out, err));
        cli.setOut(new java.io.PrintWriter(out, true));
        cli.setErr(new java.io.PrintWriter(err, true));
        cli.setParameterExceptionHandler((ex, a) -> {
            err.println("stevedore: " + ex.getMessage());
            err.println("Usage: stevedore [--config FILE] [shell]   (see stevedore --help)");
            return 2;
        });
        cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            String incident = String.format("%08x", java.util.concurrent.ThreadLocalRandom.current().nextInt());
            log.error("incident {} at startup", incident, ex);
            err.println("stevedore: internal error (incident " + incident + "); details are in "
                    + Preflight.logFile());
            return 1;
        });
        return cli.execute(args);
    }

    @Override
    public Integer call() throws Exception {
        if (mode != null && !mode.equals("shell")) {
            err.println("stevedore: unknown mode '" + mode + "' (expected: shell)");
            return 2;
        }
        StevedoreConfig cfg;
        try {
            ConfigLoader loader = new ConfigLoader(System.getenv());
            cfg = loader.load(Optional.ofNullable(config));
            loader.notes().forEach(note -> err.println("stevedore: note: " + note));
        } catch (ConfigException e) {
            err.println("stevedore: " + e.getMessage());
            return 2;
        }
        List<String> problems = Preflight.problems(cfg, dev.stevedore.core.command.CommandCatalog.standard());
        if (!problems.isEmpty()) {
            err.println("stevedore: invalid configuration (" + problems.size()
                    + (problems.size() == 1 ? " problem" : " problems") + "):");
            problems.forEach(p -> err.println("  - " + p));
            return 2;
        }
        if (!Preflight.logWritable()) {
            err.println("stevedore: warning: cannot write the log file " + Preflight.logFile()
                    + " (set STEVEDORE_LOG); internal errors will not be recorded");
        }
        ContainerGateway engine;
        try {
            engine = DockerEngines.connect(cfg.docker().host());
        } catch (IllegalArgumentException e) {
            String host = cfg.docker().host();
            err.println("stevedore: cannot use the Docker host " + host + ": " + (host.startsWith("ssh://")
                    ? "ssh:// addresses are not supported yet — forward the socket instead, e.g. "
                            + "ssh -NL /tmp/docker.sock:/var/run/docker.sock user@host, and use unix:///tmp/docker.sock"
                    : e.getMessage()));
            return 2;
        }
        try {
            engine.ping();
        } catch (EngineUnavailableException e) {
            err.println("stevedore: " + e.getMessage());
            engine.close();
            return 1;
        } catch (IllegalArgumentException e) {
            err.println("stevedore: invalid Docker host " + cfg.docker().host() + ": " + e.getMessage());
            engine.close();
            return 2;
        }
        String user = System.getProperty("user.name", "local");
        // exit alerts (DESIGN §6): the watcher subscribes before any adapter starts, so no exit is missed; each
        // adapter registers its sink in `sinks` once it runs
        Notifications notifications = new Notifications(cfg.notifications());
        MessageSinks sinks = new MessageSinks();
        ShellMessageSink shellAlerts = new ShellMessageSink();
        sinks.register(Platform.SHELL, shellAlerts);
        ExitWatcher watcher = new ExitWatcherBuilder().engine(engine).notifications(notifications).sinks(sinks)
                .build();
        if (!cfg.notifications().routes().isEmpty()) {
            watcher.start();
        }
        CommandBus bus = new CommandBusBuilder()
                .engine(engine)
                .accessPolicy(new RoleBasedAccessPolicy(cfg.access()))
                .confirmTtl(cfg.confirm().ttl())
                .auditLog(AuditLog.jsonLines(cfg.audit().path()))
                .botVersion(Version.current())
                .notifications(notifications)
                .build();
        Optional<dev.stevedore.adapter.slack.SlackAdapter> slack = Optional.empty();
        try {
            if (mode == null) {
                slack = SlackWiring.start(cfg, bus, out);
            }
        } catch (dev.stevedore.adapter.slack.SlackAdapter.SlackStartException e) {
            log.error("Slack did not start", e);
            err.println("stevedore: Slack: " + e.getMessage());
            watcher.close();
            bus.close();
            engine.close();
            return 1;
        }
        Optional<dev.stevedore.adapter.discord.DiscordAdapter> discord = Optional.empty();
        try {
            if (mode == null) {
                discord = DiscordWiring.start(cfg, bus, engine, out);
            }
        } catch (DiscordWiring.DiscordStartException e) {
            log.error("Discord did not start", e);
            err.println("stevedore: Discord: " + e.getMessage());
            slack.ifPresent(dev.stevedore.adapter.slack.SlackAdapter::close);
            watcher.close();
            bus.close();
            engine.close();
            return 1;
        }
        slack.ifPresent(a -> sinks.register(Platform.SLACK, a.messageSink()));
        discord.ifPresent(a -> sinks.register(Platform.DISCORD, a.messageSink()));
        try {
            ShellAdapter shell = new ShellAdapter(bus, Caller.shell(user), new CachedNames(engine), shellAlerts);
            if (System.console() != null) {
                try (Terminal terminal = TerminalBuilder.builder().system(true).build()) {
                    return shell.runInteractive(terminal,
                            Path.of(System.getProperty("user.home"), ".stevedore_history"));
                }
            }
            int status = shell.runScripted(System.in, out);
            if (slack.isPresent() || discord.isPresent()) {
                // a chat adapter serves until SIGTERM or Ctrl+C, whatever stdin does
                Optional<dev.stevedore.adapter.slack.SlackAdapter> chat = slack;
                Optional<dev.stevedore.adapter.discord.DiscordAdapter> dc = discord;
                shellAlerts.attach(text -> {
                    synchronized (out) {
                        out.println(text);
                        out.flush();
                    }
                }, false); // alerts routed to "shell" go to the output while the chat adapters serve
                return SlackWiring.awaitShutdown(() -> {
                    watcher.close();
                    dc.ifPresent(dev.stevedore.adapter.discord.DiscordAdapter::close);
                    chat.ifPresent(dev.stevedore.adapter.slack.SlackAdapter::close);
                    bus.close();
                    engine.close();
                });
            }
            return status;
        } finally {
            watcher.close();
            discord.ifPresent(dev.stevedore.adapter.discord.DiscordAdapter::close);
            slack.ifPresent(dev.stevedore.adapter.slack.SlackAdapter::close);
            bus.close();
            engine.close();
        }
    }

    /** Container names for completion, refreshed at most every 2 seconds. */
    private static final class CachedNames implements Supplier<List<String>> {
        private final ContainerGateway engine;
        private volatile List<String> names = List.of();
        private volatile long fetchedAt = System.nanoTime() - 10_000_000_000L;

        CachedNames(ContainerGateway engine) {
            this.engine = engine;
        }

        private final java.util.concurrent.atomic.AtomicBoolean refreshing =
                new java.util.concurrent.atomic.AtomicBoolean();

        @Override
        public List<String> get() {
            long now = System.nanoTime();
            if (now - fetchedAt > 2_000_000_000L && refreshing.compareAndSet(false, true)) {
                // never block the line editor on the engine: refresh in the background, answer with what we have
                Thread t = new Thread(() -> {
                    try {
                        names = engine.listContainers(true).stream().map(ContainerSummary::name).sorted().toList();
                    } catch (RuntimeException e) {
                        log.debug("completion could not list containers", e);
                    } finally {
                        fetchedAt = System.nanoTime();
                        refreshing.set(false);
                    }
                }, "stevedore-completion");
                t.setDaemon(true);
                t.start();
                if (names.isEmpty()) {
                    // first use: give the engine a moment so the first Tab is useful
                    try {
                        t.join(300);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            }
            return names;
        }
    }

    /** The version from the jar manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        static String current() {
            String v = Main.class.getPackage().getImplementationVersion();
            return v == null ? "dev" : v;
        }

        @Override
        public String[] getVersion() {
            return new String[] {"stevedore " + current()};
        }
    }
}
