package dev.stevedore.adapter.discord;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import net.dv8tion.jda.api.JDA;
import net.dv8tion.jda.api.entities.Guild;
import net.dv8tion.jda.api.interactions.InteractionContextType;
import net.dv8tion.jda.api.interactions.commands.Command;
import net.dv8tion.jda.api.interactions.commands.build.SlashCommandData;
import net.dv8tion.jda.api.requests.RestAction;
import net.dv8tion.jda.api.requests.restaction.CommandListUpdateAction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers {@code /docker} with Discord only when its definition changed, never blindly on every start (Discord
 * limits command creation to 200 a day per guild).
 *
 * <p>Targets: each configured guild gets a guild command usable in that guild only; when direct messages are allowed,
 * a global command usable only in DMs is added (guild commands never appear in DMs). With no guild configured, one
 * global command is used in guilds (and DMs when allowed). A global {@code /docker} left from an earlier
 * configuration that allowed DMs is deleted when DMs are turned off.
 *
 * <p>For each target the registrar reads the registered commands ({@code GET .../commands}) and writes
 * ({@code PUT .../commands}) only when {@code /docker} is missing, or when it differs from the definition both by
 * content (compared as canonical JSON) and by the SHA-256 of the definition stored after the last successful
 * registration, in a small properties file (e.g. {@code ~/.stevedore/discord-commands.properties}).
 *
 * <p>All requests are queued; nothing blocks. Thread-safe for one {@link #sync} at a time per JDA.
 */
final class DiscordCommandRegistrar {
    private static final Logger log = LoggerFactory.getLogger(DiscordCommandRegistrar.class);
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final DiscordCommandModel model;
    private final List<String> guilds;
    private final boolean directMessages;
    private final Path stateFile;

    /**
     * Creates the registrar.
     *
     * @param model the command model
     * @param guilds guild ids to register in; empty for a global command
     * @param directMessages whether {@code /docker} may be used in DMs
     * @param stateFile where the hashes of registered definitions are kept; created when missing
     */
    DiscordCommandRegistrar(DiscordCommandModel model, List<String> guilds, boolean directMessages, Path stateFile) {
        this.model = model;
        this.guilds = List.copyOf(guilds);
        this.directMessages = directMessages;
        this.stateFile = stateFile;
    }

    /**
     * The definition for guild commands.
     *
     * @return {@code /docker} usable in guilds (and DMs, when allowed and registered globally)
     */
    SlashCommandData guildDefinition() {
        Set<InteractionContextType> contexts = EnumSet.of(InteractionContextType.GUILD);
        if (directMessages && guilds.isEmpty()) {
            contexts.add(InteractionContextType.BOT_DM);
        }
        return model.definition(contexts);
    }

    /**
     * The canonical JSON of a definition: keys sorted, indented; what the snapshot test and the hash see.
     *
     * @param data the definition
     * @return the JSON text
     */
    static String canonicalJson(SlashCommandData data) {
        try {
            return JSON.writeValueAsString(sorted(JSON.readTree(data.toData().toJson())));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Object sorted(JsonNode node) {
        if (node.isObject()) {
            Map<String, Object> out = new TreeMap<>();
            node.properties().forEach(e -> out.put(e.getKey(), sorted(e.getValue())));
            return out;
        }
        if (node.isArray()) {
            List<Object> out = new ArrayList<>();
            node.forEach(n -> out.add(sorted(n)));
            return out;
        }
        return node;
    }

    static String hash(SlashCommandData data) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(canonicalJson(data).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /**
     * Registers {@code /docker} wherever its definition changed.
     *
     * @param jda the ready JDA
     * @return completes when every target was checked (and written where needed); never exceptionally
     */
    CompletableFuture<Void> sync(JDA jda) {
        List<CompletableFuture<Void>> all = new ArrayList<>();
        String app = jda.getSelfUser().getApplicationId();
        if (guilds.isEmpty()) {
            all.add(target(app + ".global", "globally", jda.retrieveCommands(), jda::updateCommands,
                    guildDefinition()));
        } else {
            for (String id : guilds) {
                Guild g = jda.getGuildById(id);
                if (g == null) {
                    log.warn("the bot is not a member of Discord guild {}: invite it (see the README), then restart",
                            id);
                    continue;
                }
                all.add(target(app + "." + id, "in guild " + id, g.retrieveCommands(), g::updateCommands,
                        guildDefinition()));
            }
            if (directMessages) {
                all.add(target(app + ".global", "for direct messages", jda.retrieveCommands(), jda::updateCommands,
                        model.definition(EnumSet.of(InteractionContextType.BOT_DM))));
            } else {
                all.add(removeStaleGlobal(jda, app + ".global"));
            }
        }
        return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new));
    }

    private CompletableFuture<Void> target(String key, String where, RestAction<List<Command>> read,
            java.util.function.Supplier<CommandListUpdateAction> write, SlashCommandData definition) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        String hash = hash(definition);
        read.queue(existing -> {
            Optional<Command> docker = existing.stream()
                    .filter(c -> c.getName().equals(DiscordCommandModel.COMMAND)).findFirst();
            boolean same = docker.isPresent() && (hash.equals(state().getProperty(key))
                    || canonicalJson(SlashCommandData.fromCommand(docker.get())).equals(canonicalJson(definition)));
            if (same) {
                log.info("/docker is up to date {}", where);
                remember(key, hash);
                done.complete(null);
                return;
            }
            // PUT replaces this application's commands there; /docker is its only one
            write.get().addCommands(definition).queue(registered -> {
                log.info("/docker registered {} ({} subcommands)", where, model.orderedRoutes().size());
                remember(key, hash);
                done.complete(null);
            }, error -> {
                log.warn("registering /docker {} failed: {}", where, error.toString());
                done.complete(null);
            });
        }, error -> {
            log.warn("reading the commands registered {} failed: {}", where, error.toString());
            done.complete(null);
        });
        return done;
    }

    private CompletableFuture<Void> removeStaleGlobal(JDA jda, String key) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        jda.retrieveCommands().queue(existing -> {
            Optional<Command> docker = existing.stream()
                    .filter(c -> c.getName().equals(DiscordCommandModel.COMMAND)).findFirst();
            if (docker.isEmpty()) {
                done.complete(null);
                return;
            }
            jda.deleteCommandById(docker.get().getId()).queue(v -> {
                log.info("removed the global /docker (direct messages are turned off)");
                forget(key);
                done.complete(null);
            }, error -> done.complete(null));
        }, error -> done.complete(null));
        return done;
    }

    private synchronized Properties state() {
        Properties p = new Properties();
        if (Files.isRegularFile(stateFile)) {
            try (InputStream in = Files.newInputStream(stateFile)) {
                p.load(in);
            } catch (IOException e) {
                log.warn("cannot read {}: {}", stateFile, e.toString());
            }
        }
        return p;
    }

    private synchronized void remember(String key, String hash) {
        Properties p = state();
        if (hash.equals(p.getProperty(key))) {
            return;
        }
        p.setProperty(key, hash);
        store(p);
    }

    private synchronized void forget(String key) {
        Properties p = state();
        if (p.remove(key) != null) {
            store(p);
        }
    }

    private void store(Properties p) {
        try {
            Path dir = stateFile.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, "discord-commands", ".tmp");
            try (OutputStream out = Files.newOutputStream(tmp)) {
                p.store(out, "SHA-256 of the /docker definition last registered, per application and guild");
            }
            Files.move(tmp, stateFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            log.warn("cannot write {}: {} (the command will be compared with Discord's copy next time)", stateFile,
                    e.toString());
        }
    }
}
