package dev.stevedore.adapter.discord;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stevedore.core.command.ArgSpec;
import dev.stevedore.core.command.Command;
import dev.stevedore.core.command.CommandCatalog;
import dev.stevedore.core.command.CommandParser;
import dev.stevedore.core.command.CommandSpec;
import dev.stevedore.core.command.OptionSpec;
import dev.stevedore.core.reply.Visibility;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import net.dv8tion.jda.api.interactions.InteractionContextType;
import net.dv8tion.jda.api.interactions.commands.build.SlashCommandData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class DiscordCommandModelTest {
    private static final CommandCatalog CATALOG = CommandCatalog.standard();
    private static final CommandParser PARSER = new CommandParser(CATALOG);
    private static final DiscordCommandModel MODEL = DiscordCommandModel.of(CATALOG.specs());
    private static final Path SNAPSHOT = Path.of("src/test/resources/dev/stevedore/adapter/discord/"
            + "DiscordCommandModelTest/docker-command.json");
    private static final Pattern NAME = Pattern.compile("[a-z0-9_-]{1,32}");

    // ------------------------------------------------------------------ definition

    @Test
    void definition_matchesSnapshot() throws IOException {
        String json = DiscordCommandRegistrar.canonicalJson(
                MODEL.definition(EnumSet.of(InteractionContextType.GUILD))) + "\n";
        if (Boolean.getBoolean("updateSnapshots") || !Files.exists(SNAPSHOT)) {
            Files.createDirectories(SNAPSHOT.getParent());
            Files.writeString(SNAPSHOT, json, StandardCharsets.UTF_8);
        }
        assertThat(json).as("the /docker definition changed (a command or flag was added to the catalog?). If intended,"
                + " review the diff and update the snapshot: ./mvnw test -pl adapters/discord -am"
                + " -Dtest=DiscordCommandModelTest -Dsurefire.failIfNoSpecifiedTests=false -DupdateSnapshots=true")
                .isEqualTo(Files.readString(SNAPSHOT, StandardCharsets.UTF_8));
    }

    @Test
    void definition_oneSubcommandPerSpecPlusCli_namedWithinDiscordRules() throws IOException {
        JsonNode cmd = json(MODEL.definition(EnumSet.of(InteractionContextType.GUILD)));
        assertThat(cmd.path("name").asText()).isEqualTo("docker");
        assertThat(cmd.path("contexts")).extracting(JsonNode::asInt).containsExactly(0);
        List<String> subs = new ArrayList<>();
        cmd.path("options").forEach(o -> subs.add(o.path("name").asText()));
        List<String> expected = new ArrayList<>(CATALOG.specs().stream().map(s -> s.name().replace(' ', '-')).toList());
        expected.add("cli");
        assertThat(subs).containsExactlyElementsOf(expected).hasSizeLessThanOrEqualTo(25).contains("container-prune");
        cmd.path("options").forEach(sub -> {
            assertThat(sub.path("type").asInt()).isEqualTo(1);
            assertThat(sub.path("name").asText()).matches(NAME);
            assertThat(sub.path("description").asText()).hasSizeBetween(1, 100);
            assertThat(sub.path("options").size()).isLessThanOrEqualTo(25);
            boolean optionalSeen = false;
            for (JsonNode o : sub.path("options")) {
                assertThat(o.path("name").asText()).matches(NAME);
                assertThat(o.path("description").asText()).hasSizeBetween(1, 100);
                boolean required = o.path("required").asBoolean(false);
                assertThat(required && optionalSeen).as("required after optional in %s", sub.path("name")).isFalse();
                optionalSeen |= !required;
            }
        });
    }

    @Test
    void definition_typesFollowTheSpec_flagsBoolean_countsInteger_containersAutocomplete() throws IOException {
        JsonNode cmd = json(MODEL.definition(EnumSet.of(InteractionContextType.GUILD)));
        assertThat(option(cmd, "ps", "all").path("type").asInt()).isEqualTo(5);
        assertThat(option(cmd, "logs", "tail").path("type").asInt()).isEqualTo(4);
        assertThat(option(cmd, "logs", "tail").path("min_value").asLong()).isZero();
        assertThat(option(cmd, "stop", "time").path("type").asInt()).isEqualTo(4);
        assertThat(option(cmd, "rm", "container").path("autocomplete").asBoolean()).isTrue();
        assertThat(option(cmd, "rm", "container").path("required").asBoolean()).isTrue();
        assertThat(option(cmd, "rm", "more").path("autocomplete").asBoolean()).isTrue();
        assertThat(option(cmd, "run", "image").path("autocomplete").asBoolean()).isTrue();
        assertThat(option(cmd, "run", "env").path("type").asInt()).isEqualTo(3);
        assertThat(option(cmd, "commit", "repository").path("required").asBoolean(false)).isFalse();
        assertThat(option(cmd, "cli", "text").path("required").asBoolean()).isTrue();
    }

    @Test
    void definition_withDirectMessages_addsTheBotDmContext() throws IOException {
        JsonNode cmd = json(MODEL.definition(EnumSet.of(InteractionContextType.GUILD, InteractionContextType.BOT_DM)));
        assertThat(cmd.path("contexts")).extracting(JsonNode::asInt).containsExactlyInAnyOrder(0, 1);
    }

    @Test
    void of_moreThan25Commands_twoWordCommandsMoveIntoGroups() throws IOException {
        List<CommandSpec> specs = new ArrayList<>(CATALOG.specs());
        for (int i = 0; i < 12; i++) {
            specs.add(spec("image x" + i));
        }
        DiscordCommandModel model = DiscordCommandModel.of(specs);
        JsonNode cmd = json(model.definition(EnumSet.of(InteractionContextType.GUILD)));
        List<String> top = new ArrayList<>();
        cmd.path("options").forEach(o -> top.add(o.path("name").asText() + ":" + o.path("type").asInt()));
        assertThat(top).contains("image:2", "container:2", "cli:1", "ps:1").hasSizeLessThanOrEqualTo(25);
        assertThat(model.route("container", "prune")).hasValueSatisfying(
                r -> assertThat(r.spec().name()).isEqualTo("container prune"));
        assertThat(model.route("image", "x3")).isPresent();
        assertThat(model.route(null, "container-prune")).isEmpty();
    }

    @Test
    void of_tooManyCommandsEvenGrouped_failsAtStartupWithTheCount() {
        List<CommandSpec> specs = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            specs.add(spec("cmd" + i));
        }
        assertThatThrownBy(() -> DiscordCommandModel.of(specs))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("Discord allows 25");
    }

    // ------------------------------------------------------------------ translation

    static Stream<Arguments> sameCommand() {
        return Stream.of(
                Arguments.of("rm", Map.of("container", "web", "force", true), "rm -f web"),
                Arguments.of("rm", Map.of("container", "web", "more", "db, cache"), "rm web db cache"),
                Arguments.of("ps", Map.of("all", true), "ps -a"),
                Arguments.of("ps", Map.of("all", false), "ps"),
                Arguments.of("logs", Map.of("container", "web", "tail", 20L, "follow", true), "logs -f --tail 20 web"),
                Arguments.of("stop", Map.of("container", "web", "time", 5L), "stop -t 5 web"),
                Arguments.of("run", Map.of("image", IMAGE, "name", "web", "detach", true, "env", "A=1 'B=x y'",
                        "command", "sh -c 'echo hi; sleep 5'"),
                        "run -d --name web -e A=1 -e 'B=x y' " + IMAGE + " sh -c 'echo hi; sleep 5'"),
                Arguments.of("rename", Map.of("container", "web", "new_name", "web2"), "rename web web2"),
                Arguments.of("commit", Map.of("container", "web", "repository", "repo/web:v2"),
                        "commit web repo/web:v2"),
                Arguments.of("container-prune", Map.of(), "container prune"),
                Arguments.of("help", Map.of("command", "container prune"), "help container prune"),
                Arguments.of("pull", Map.of("image", "127.0.0.1:5000/x/y:1"), "pull 127.0.0.1:5000/x/y:1"));
    }

    private static final String IMAGE = "stevedore-test/busybox:latest";

    @ParameterizedTest(name = "/docker {0} {1} = {2}")
    @MethodSource
    void sameCommand(String subcommand, Map<String, Object> options, String cli) {
        DiscordCommandModel.Route route = MODEL.route(null, subcommand).orElseThrow();
        String text = DiscordCommandModel.toCommandText(route, options);

        Command typed = PARSER.parse(text);
        Command raw = PARSER.parse(DiscordCommandModel.toCommandText(MODEL.route(null, "cli").orElseThrow(),
                Map.of("text", cli)));

        assertThat(typed).isEqualTo(raw);
    }

    @Test
    void toCommandText_rmForce_isTheCliSpelling() {
        assertThat(DiscordCommandModel.toCommandText(MODEL.route(null, "rm").orElseThrow(),
                new LinkedHashMap<>(Map.of("container", "web", "force", true)))).isEqualTo("rm --force web");
    }

    @Test
    void toCommandText_valuesWithSpacesOrQuotes_areQuotedAsOneWord() {
        String text = DiscordCommandModel.toCommandText(MODEL.route(null, "logs").orElseThrow(),
                Map.of("container", "it's a; name"));
        assertThat(text).isEqualTo("logs 'it'\"'\"'s a; name'");
        assertThat(PARSER.head(text).rest()).containsExactly("it's a; name");
    }

    @Test
    void discordName_twoWordsAndPlaceholders() {
        assertThat(DiscordCommandModel.discordName("NEW_NAME")).isEqualTo("new_name");
        assertThat(DiscordCommandModel.discordName("REPOSITORY[:TAG]")).isEqualTo("repository");
        assertThat(DiscordCommandModel.discordName("container-prune")).isEqualTo("container-prune");
    }

    @Test
    void every_spec_isRoutable() {
        for (CommandSpec s : CATALOG.specs()) {
            assertThat(MODEL.route(null, s.name().replace(' ', '-'))).as(s.name())
                    .hasValueSatisfying(r -> assertThat(r.spec()).isSameAs(s));
        }
    }

    // ------------------------------------------------------------------ helpers

    private static CommandSpec spec(String name) {
        return new CommandSpec(name, List.of(), "ps", "synthetic " + name, List.of(OptionSpec.flag("all", 'a', "x")),
                List.of(new ArgSpec("CONTAINER", ArgSpec.Kind.CONTAINER, false, false, "c")), true, false,
                Visibility.PUBLIC, Command.ListContainers.class, a -> new Command.ListContainers(false));
    }

    private static JsonNode json(SlashCommandData data) throws IOException {
        return new ObjectMapper().readTree(data.toData().toJson());
    }

    private static JsonNode option(JsonNode cmd, String sub, String option) {
        for (JsonNode s : cmd.path("options")) {
            if (s.path("name").asText().equals(sub)) {
                for (JsonNode o : s.path("options")) {
                    if (o.path("name").asText().equals(option)) {
                        return o;
                    }
                }
            }
        }
        throw new AssertionError("no option " + option + " in /docker " + sub);
    }
}
