package dev.stevedore.app;

import dev.stevedore.adapter.discord.DiscordAdapter;
import dev.stevedore.adapter.discord.DiscordSettings;
import dev.stevedore.config.StevedoreConfig;
import dev.stevedore.core.auth.RoleBasedAccessPolicy;
import dev.stevedore.core.bus.CommandBus;
import dev.stevedore.core.engine.ContainerGateway;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Optional;
import net.dv8tion.jda.api.exceptions.InvalidTokenException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the Discord adapter when the configuration has a {@code discord} section (a token in the file or in
 * {@code DISCORD_TOKEN}). The registered command's hash is kept in {@code ~/.stevedore/}. Readiness is printed when
 * no terminal is attached (a service's log); on a terminal it goes to the log file only, so the shell's prompt stays
 * intact.
 */
final class DiscordWiring {
    private static final Logger log = LoggerFactory.getLogger(DiscordWiring.class);

    private DiscordWiring() {}

    /** Discord could not be started; the message is for the operator's terminal. */
    static final class DiscordStartException extends Exception {
        DiscordStartException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * Starts the Discord adapter if Discord is configured, and prints one line saying so.
     *
     * <p>Returns once Discord accepted the token; the gateway session and the registration of {@code /docker}
     * continue in the background (logged, and printed when done).
     *
     * @param cfg the configuration
     * @param bus the command bus
     * @param engine the engine, for the adapter's autocomplete cache
     * @param out where the status lines go
     * @return the running adapter, or empty if Discord is not configured
     * @throws DiscordStartException if Discord refuses the token or cannot be reached
     */
    /** How long to wait for the gateway session before giving up at start. */
    private static final java.time.Duration READY_TIMEOUT = java.time.Duration.ofSeconds(30);

    static Optional<DiscordAdapter> start(StevedoreConfig cfg, CommandBus bus, ContainerGateway engine,
            PrintStream out) throws DiscordStartException {
        if (cfg.discord().isEmpty()) {
            return Optional.empty();
        }
        Path stateDir = Path.of(System.getProperty("user.home"), ".stevedore");
        DiscordSettings settings = DiscordSettings.from(cfg, stateDir);
        DiscordAdapter adapter;
        try {
            adapter = DiscordAdapter.start(settings, bus, new RoleBasedAccessPolicy(cfg.access()), engine);
        } catch (InvalidTokenException e) {
            throw new DiscordStartException("the token was refused (discord.token / DISCORD_TOKEN)", e);
        } catch (IllegalArgumentException e) {
            throw new DiscordStartException("invalid token: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            String cause = e.getMessage() == null || e.getMessage().isBlank() ? "no answer" : e.getMessage();
            throw new DiscordStartException("cannot connect to " + settings.apiUrl() + ": "
                    + (cause.length() > 160 ? cause.substring(0, 160) + "…" : cause), e);
        }
        out.println("Discord: connecting to " + settings.gatewayUrl());
        out.flush();
        try {
            // a wrong gateway URL would otherwise retry for ever in the background while the bot looks alive
            adapter.ready().get(READY_TIMEOUT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException e) {
            adapter.close();
            throw new DiscordStartException("no session from the gateway at " + settings.gatewayUrl() + " within "
                    + READY_TIMEOUT.toSeconds() + " s (check discord.gatewayUrl and the network)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            adapter.close();
            throw new DiscordStartException("interrupted while connecting to the gateway", e);
        }
        java.util.List<String> missing = adapter.missingGuilds();
        int registered = settings.guilds().size() - missing.size();
        String ready = "Discord: ready, /docker checked "
                + (settings.guilds().isEmpty() ? "globally" : "in " + registered + " guild(s)")
                + (missing.isEmpty() ? "" : "; the bot is not a member of " + String.join(", ", missing)
                        + " — invite it (see the README) and restart");
        log.info(ready);
        out.println(ready);
        out.flush();
        return Optional.of(adapter);
    }
}
