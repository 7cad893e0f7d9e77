package dev.stevedore.app;

import dev.stevedore.config.RoleConfig;
import dev.stevedore.config.StevedoreConfig;
import dev.stevedore.core.command.CommandCatalog;
import dev.stevedore.core.command.CommandSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Checks at start what the config module cannot know alone: that every verb a role allows is a command verb, and
 * that the audit log can be written. An audit trail that silently goes nowhere is worse than not starting.
 */
final class Preflight {
    private Preflight() {}

    /**
     * Every problem found, each with its key path, in the same style as configuration errors.
     *
     * @param cfg the loaded configuration
     * @param catalog the commands, for their verbs
     * @return the problems; empty when all is well
     */
    static List<String> problems(StevedoreConfig cfg, CommandCatalog catalog) {
        List<String> problems = new ArrayList<>();
        Set<String> verbs = new TreeSet<>();
        for (CommandSpec s : catalog.specs()) {
            verbs.add(s.verb());
        }
        for (Map.Entry<String, RoleConfig> role : cfg.access().roles().entrySet()) {
            List<String> allow = role.getValue().allow();
            if (allow.isEmpty()) {
                problems.add("access.roles." + role.getKey() + ".allow: empty — list the verbs the role may run, "
                        + "or \"*\" for all");
            }
            for (int i = 0; i < allow.size(); i++) {
                String verb = allow.get(i);
                if (!verb.equals("*") && !verbs.contains(verb)) {
                    problems.add("access.roles." + role.getKey() + ".allow[" + i + "]: unknown verb '" + verb
                            + "' (verbs: " + String.join(", ", verbs) + ")");
                }
            }
        }
        Path audit = cfg.audit().path();
        try {
            Path parent = audit.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.newOutputStream(audit, StandardOpenOption.CREATE, StandardOpenOption.APPEND).close();
        } catch (IOException | RuntimeException e) {
            problems.add("audit.path: cannot write " + audit + " (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")");
        }
        return problems;
    }

    /**
     * Where the bot's log goes, as {@code logback.xml} says: {@code $STEVEDORE_LOG}, else
     * {@code ~/.stevedore/stevedore.log}.
     *
     * @return the log file
     */
    static Path logFile() {
        String configured = System.getenv("STEVEDORE_LOG");
        return configured != null && !configured.isBlank() ? Path.of(configured)
                : Path.of(System.getProperty("user.home"), ".stevedore", "stevedore.log");
    }

    /**
     * Whether the log file can be written (so incident ids lead somewhere).
     *
     * @return true if it exists and is writable, or can be created
     */
    static boolean logWritable() {
        Path log = logFile().toAbsolutePath();
        if (Files.exists(log)) {
            return Files.isWritable(log) && !Files.isDirectory(log);
        }
        Path parent = log.getParent();
        return parent != null && Files.isDirectory(parent) && Files.isWritable(parent);
    }
}
