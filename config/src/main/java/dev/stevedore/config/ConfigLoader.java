package dev.stevedore.config;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.schema.CoreSchema;

/**
 * Finds, reads and validates the configuration file, with {@code ${VAR}} replacement and environment fallbacks.
 *
 * <p>Where the file comes from, first match wins:
 * <ol>
 *   <li>the explicit file passed to {@link #load(Optional)} ({@code --config FILE});
 *   <li>the file named by the {@code STEVEDORE_CONFIG} variable, if it is set and not blank;
 *   <li>{@code stevedore.yml} in the working directory, if it exists;
 *   <li>no file: the defaults, plus whatever the environment variables below provide.
 * </ol>
 * Relative paths are resolved against the working directory.
 *
 * <p>Environment variables fill keys the file leaves unset: {@code DOCKER_HOST} for {@code docker.host},
 * {@code SLACK_BOT_TOKEN}, {@code SLACK_SIGNING_SECRET} and {@code SLACK_APP_TOKEN} for the {@code slack} tokens,
 * and {@code DISCORD_TOKEN} for {@code discord.token}. Slack is enabled only when a bot token is set, Discord only
 * when a token is set. {@code ${VAR}} and {@code ${VAR:-default}} in any string value are replaced from the same
 * environment after the YAML is parsed; an unset variable without a default becomes the empty string, and a value
 * that ends up blank counts as unset.
 *
 * <p>The environment is injected, never read from {@link System#getenv()} here, so tests can pass a map. Instances
 * are immutable and thread-safe; loading does blocking file I/O.
 */
public final class ConfigLoader {
    /** The variable that names the configuration file when {@code --config} is not given. */
    private volatile List<String> notes = List.of();

    /**
     * Remarks from the last successful load that are not errors, e.g. "discord: the section has no token … so
     * Discord is off"; the app prints them at start.
     *
     * @return the notes; empty when there are none
     */
    public List<String> notes() {
        return notes;
    }

    public static final String CONFIG_VARIABLE = "STEVEDORE_CONFIG";

    /** The file looked for in the working directory when neither {@code --config} nor the variable is given. */
    public static final String DEFAULT_FILE_NAME = "stevedore.yml";

    private final Map<String, String> environment;
    private final Path workingDir;

    /**
     * Creates a loader that resolves relative paths and {@code ./stevedore.yml} against the process's current
     * directory.
     *
     * @param environment variable names to values, for example {@code System.getenv()}; copied
     * @throws NullPointerException if {@code environment} or any of its keys or values is null
     */
    public ConfigLoader(Map<String, String> environment) {
        this(environment, Path.of("").toAbsolutePath());
    }

    /**
     * Creates a loader with an explicit working directory.
     *
     * @param environment variable names to values, for example {@code System.getenv()}; copied
     * @param workingDir the directory against which relative paths and {@code stevedore.yml} are resolved
     * @throws NullPointerException if an argument, or any key or value of {@code environment}, is null
     */
    public ConfigLoader(Map<String, String> environment, Path workingDir) {
        this.environment = Map.copyOf(environment);
        this.workingDir = Objects.requireNonNull(workingDir, "workingDir");
    }

    /**
     * Loads the configuration from the first source in the order described on this class.
     *
     * <p>Blocks while it reads the file.
     *
     * @param explicitFile the file given with {@code --config}, or empty
     * @return the validated configuration; its {@link StevedoreConfig#source()} names the file used, or is empty
     *     if no file was used
     * @throws ConfigException if the explicit file or the file named by {@code STEVEDORE_CONFIG} does not exist
     *     ({@code "config file not found: PATH"}), a file cannot be read, the YAML is malformed (one problem with
     *     line and column), or any value is invalid (every problem, each with its key path)
     */
    public StevedoreConfig load(Optional<Path> explicitFile) {
        Objects.requireNonNull(explicitFile, "explicitFile");
        if (explicitFile.isPresent()) {
            return loadFile(workingDir.resolve(explicitFile.get()));
        }
        String named = environment.get(CONFIG_VARIABLE);
        if (named != null && !named.isBlank()) {
            Path file;
            try {
                file = workingDir.resolve(named.strip());
            } catch (InvalidPathException e) {
                throw new ConfigException(List.of(CONFIG_VARIABLE + ": not a valid path: " + Checks.quote(named)));
            }
            return loadFile(file);
        }
        Path local = workingDir.resolve(DEFAULT_FILE_NAME);
        if (Files.isRegularFile(local)) {
            return loadFile(local);
        }
        ConfigReader reader = new ConfigReader(environment);
        StevedoreConfig cfg = reader.read(null, Optional.empty());
        notes = reader.notes();
        return cfg;
    }

    /**
     * Parses and validates configuration text, with this loader's environment.
     *
     * @param yaml the YAML document; empty text gives the defaults
     * @param source the file the text came from, stored in the result and used as the label in syntax errors;
     *     empty for text that has no file
     * @return the validated configuration
     * @throws ConfigException if the YAML is malformed (one problem with line and column) or any value is invalid
     *     (every problem, each with its key path)
     */
    public StevedoreConfig parse(String yaml, Optional<Path> source) {
        Objects.requireNonNull(yaml, "yaml");
        Objects.requireNonNull(source, "source");
        LoadSettings settings = LoadSettings.builder()
                .setLabel(source.map(Path::toString).orElse(DEFAULT_FILE_NAME))
                .setSchema(new CoreSchema())
                .setAllowDuplicateKeys(false)
                .setUseMarks(true)
                .build();
        @Nullable Object document;
        try {
            document = new Load(settings).loadFromString(yaml);
        } catch (MarkedYamlEngineException e) {
            throw new ConfigException(List.of(syntaxProblem(e)));
        } catch (YamlEngineException e) {
            throw new ConfigException(List.of("YAML error: " + e.getMessage()));
        }
        ConfigReader reader = new ConfigReader(environment);
        StevedoreConfig cfg = reader.read(document, source);
        notes = reader.notes();
        return cfg;
    }

    private StevedoreConfig loadFile(Path file) {
        if (!Files.exists(file)) {
            throw new ConfigException(List.of("config file not found: " + file));
        }
        if (Files.isDirectory(file)) {
            throw new ConfigException(List.of("config file is a directory: " + file));
        }
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (CharacterCodingException e) {
            throw new ConfigException(List.of("config file is not valid UTF-8: " + file));
        } catch (AccessDeniedException e) {
            throw new ConfigException(List.of("config file cannot be read (permission denied): " + file));
        } catch (IOException e) {
            throw new ConfigException(List.of("config file cannot be read (" + e.getMessage() + "): " + file));
        }
        return parse(text, Optional.of(file));
    }

    /** "YAML syntax error at line 3, column 7: problem (context)", 1-based, without the snippet or a stack trace. */
    private static String syntaxProblem(MarkedYamlEngineException e) {
        StringBuilder text = new StringBuilder("YAML syntax error");
        e.getProblemMark().or(e::getContextMark).ifPresent(mark -> text.append(" at ").append(position(mark)));
        text.append(": ").append(e.getProblem() == null ? "malformed document" : e.getProblem());
        if (e.getContext() != null && !e.getContext().isBlank()) {
            text.append(" (").append(e.getContext());
            if (e.getProblemMark().isPresent()) {
                e.getContextMark().ifPresent(mark -> text.append(" at ").append(position(mark)));
            }
            text.append(')');
        }
        return text.toString();
    }

    private static String position(Mark mark) {
        return "line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1);
    }
}
