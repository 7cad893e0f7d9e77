package dev.stevedore.core.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.stevedore.core.command.Command.AttachContainer;
import dev.stevedore.core.command.Command.CommitContainer;
import dev.stevedore.core.command.Command.CreateContainer;
import dev.stevedore.core.command.Command.ListContainers;
import dev.stevedore.core.command.Command.ListImages;
import dev.stevedore.core.command.Command.PruneContainers;
import dev.stevedore.core.command.Command.PullImage;
import dev.stevedore.core.command.Command.RemoveContainers;
import dev.stevedore.core.command.Command.RenameContainer;
import dev.stevedore.core.command.Command.RestartContainers;
import dev.stevedore.core.command.Command.RunContainer;
import dev.stevedore.core.command.Command.ShowHelp;
import dev.stevedore.core.command.Command.ShowLogs;
import dev.stevedore.core.command.Command.ShowVersion;
import dev.stevedore.core.command.Command.StartContainers;
import dev.stevedore.core.command.Command.StopContainers;
import dev.stevedore.core.error.NoSuchContainerException;
import dev.stevedore.core.error.UsageException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class CommandParserTest {
    private static final CommandCatalog CATALOG = CommandCatalog.standard();
    private final CommandParser parser = new CommandParser(CATALOG);

    /** The smallest valid arguments for each command, by primary name. */
    private static final Map<String, String> SAMPLE_ARGS = Map.ofEntries(
            Map.entry("ps", ""),
            Map.entry("images", ""),
            Map.entry("run", " busybox"),
            Map.entry("create", " busybox"),
            Map.entry("start", " web"),
            Map.entry("stop", " web"),
            Map.entry("restart", " web"),
            Map.entry("attach", " web"),
            Map.entry("rename", " web web2"),
            Map.entry("rm", " web"),
            Map.entry("container prune", ""),
            Map.entry("commit", " web"),
            Map.entry("pull", " busybox"),
            Map.entry("logs", " web"),
            Map.entry("version", ""),
            Map.entry("help", ""),
            Map.entry("mute", " web 30m"),
            Map.entry("unmute", " web"),
            Map.entry("notifications", ""));

    static Stream<Arguments> everySpelling() {
        return CATALOG.specs().stream().flatMap(spec -> Stream.concat(Stream.of(spec.name()), spec.aliases().stream())
                .map(spelling -> Arguments.of(spelling, spec)));
    }

    private UsageException usageError(String text) {
        UsageException e = catchThrowableOfType(UsageException.class, () -> parser.parse(text));
        assertThat(e).as("parse(%s) should fail with a usage error", text).isNotNull();
        return e;
    }

    // ------------------------------------------------------------------ the whole catalog

    @Test
    void sampleArgs_coverEveryCommandOfTheCatalog() {
        assertThat(SAMPLE_ARGS.keySet())
                .containsExactlyInAnyOrderElementsOf(CATALOG.specs().stream().map(CommandSpec::name).toList());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everySpelling")
    void parse_everyNameAndAlias_buildsItsSpecsCommand(String spelling, CommandSpec spec) {
        String text = spelling + SAMPLE_ARGS.get(spec.name());

        assertThat(parser.parse(text)).isInstanceOf(spec.type());
        assertThat(parser.parse("docker " + text)).isInstanceOf(spec.type());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everySpelling")
    void parse_everySpellingWithHelpFlag_showsHelpForThePrimaryName(String spelling, CommandSpec spec) {
        assertThat(parser.parse(spelling + " --help")).isEqualTo(new ShowHelp(Optional.of(spec.name())));
    }

    // ------------------------------------------------------------------ command names

    @Nested
    class Names {
        @Test
        void parse_dockerPrefix_isIgnored() {
            assertThat(parser.parse("docker ps -a")).isEqualTo(new ListContainers(true));
            assertThat(parser.parse("  docker   ps  ")).isEqualTo(new ListContainers(false));
        }

        @Test
        void parse_dockerAlone_isAUsageError() {
            assertThat(usageError("docker")).hasMessage("no command given — try help");
            assertThat(usageError("   ")).hasMessage("no command given — try help");
        }

        @Test
        void parse_twoWordCommands_matchBeforeOneWord() {
            assertThat(parser.parse("container ls -a")).isEqualTo(new ListContainers(true));
            assertThat(parser.parse("container ls")).isEqualTo(new ListContainers(false));
            assertThat(parser.parse("container prune")).isEqualTo(new PruneContainers());
            assertThat(parser.parse("image ls")).isEqualTo(new ListImages());
            assertThat(parser.parse("docker container rm -f web"))
                    .isEqualTo(new RemoveContainers(List.of(new ContainerRef("web")), true));
        }

        @Test
        void parse_unknownCommand_suggestsTheClosest() {
            UsageException e = usageError("pss");

            assertThat(e).hasMessage("unknown command: pss — did you mean ps?");
            assertThat(e.usage()).isEmpty();
        }

        @Test
        void parse_unknownTwoWordCommand_suggestsTheClosestTwoWordCommand() {
            assertThat(usageError("container prun").getMessage())
                    .startsWith("unknown command: ")
                    .contains("container prun")
                    .endsWith(" — did you mean container prune?");
        }

        @Test
        void parse_unknownCommandFarFromAll_saysTryHelp() {
            assertThat(usageError("xyzzy -f")).hasMessage("unknown command: xyzzy — try help");
        }

        @Test
        void parse_hugeUnknownCommand_isShortenedInTheMessage() {
            String junk = "q".repeat(5_000);

            assertThat(usageError(junk).getMessage()).hasSizeLessThan(120).contains("(5000 characters)");
        }

        @ParameterizedTest
        @ValueSource(strings = {"-v", "--version", "version", "docker -v", "docker --version"})
        void parse_versionSpellings_showVersion(String text) {
            assertThat(parser.parse(text)).isEqualTo(new ShowVersion());
        }

        @Test
        void parse_helpWithTopic_showsHelpOnThatTopic() {
            assertThat(parser.parse("help")).isEqualTo(new ShowHelp(Optional.empty()));
            assertThat(parser.parse("help rm")).isEqualTo(new ShowHelp(Optional.of("rm")));
            assertThat(parser.parse("help container prune")).isEqualTo(new ShowHelp(Optional.of("container prune")));
            assertThat(parser.parse("--help")).isEqualTo(new ShowHelp(Optional.empty()));
            assertThat(parser.parse("-h")).isEqualTo(new ShowHelp(Optional.empty()));
        }

        @Test
        void parse_helpFlagAfterCommand_showsThatCommandsHelp() {
            assertThat(parser.parse("rm --help")).isEqualTo(new ShowHelp(Optional.of("rm")));
            assertThat(parser.parse("rm -h")).isEqualTo(new ShowHelp(Optional.of("rm")));
            assertThat(parser.parse("container prune --help")).isEqualTo(new ShowHelp(Optional.of("container prune")));
            // help wins over missing arguments, as in the CLI
            assertThat(parser.parse("rename --help")).isEqualTo(new ShowHelp(Optional.of("rename")));
        }
    }

    // ------------------------------------------------------------------ flags

    @Nested
    class Flags {
        @Test
        void parse_combinedShortFlags_setEachFlag() {
            RunContainer it = (RunContainer) parser.parse("run -it busybox sh");

            assertThat(it.spec().interactive()).isTrue();
            assertThat(it.spec().tty()).isTrue();
            assertThat(it.detach()).isFalse();
            assertThat(it.spec().command()).containsExactly("sh");

            RunContainer dit = (RunContainer) parser.parse("run -dit busybox");
            assertThat(dit.detach()).isTrue();
            assertThat(dit.spec().interactive()).isTrue();
            assertThat(dit.spec().tty()).isTrue();
        }

        @Test
        void parse_separateShortFlags_equalCombined() {
            assertThat(parser.parse("run -d -i -t busybox")).isEqualTo(parser.parse("run -dit busybox"));
        }

        @Test
        void parse_longFlagWithEqualsOrSpace_takesTheValue() {
            RunContainer eq = (RunContainer) parser.parse("run --name=web busybox");
            RunContainer space = (RunContainer) parser.parse("run --name web busybox");

            assertThat(eq.spec().name()).contains("web");
            assertThat(space).isEqualTo(eq);
            assertThat(space.spec().image()).isEqualTo("busybox");
        }

        @Test
        void parse_valuedFlagGivenTwice_lastWins() {
            RunContainer r = (RunContainer) parser.parse("run --name a1 --name b2 busybox");

            assertThat(r.spec().name()).contains("b2");
        }

        @Test
        void parse_repeatedEnvFlag_keepsEveryValueInOrder() {
            RunContainer r = (RunContainer) parser.parse("run -e A=1 --env B=2 -eC=3 --env=D=4 busybox");

            assertThat(r.spec().env()).containsExactly("A=1", "B=2", "C=3", "D=4");
        }

        @Test
        void parse_runPortsLabelsAndRm_areKept() {
            RunContainer r = (RunContainer) parser.parse("run -d --rm -p 8080:80 -p 127.0.0.1:9090:90/udp "
                    + "-l team=web --label env=prod --name web nginx:1.25");

            assertThat(r.spec().ports()).containsExactly("8080:80", "127.0.0.1:9090:90/udp");
            assertThat(r.spec().labels()).containsExactly("team=web", "env=prod");
            assertThat(r.spec().autoRemove()).isTrue();
            assertThat(r.spec().image()).isEqualTo("nginx:1.25");
        }

        @Test
        void parse_runFlagsAfterTheImage_belongToTheContainersCommand() {
            RunContainer r = (RunContainer) parser.parse("run busybox ls -la --name x");

            assertThat(r.spec().image()).isEqualTo("busybox");
            assertThat(r.spec().command()).containsExactly("ls", "-la", "--name", "x");
            assertThat(r.spec().name()).isEmpty();
        }

        @Test
        void parse_createStopsFlagsAtTheImageToo() {
            CreateContainer c = (CreateContainer) parser.parse("create -it --name mycentos centos:7 bash -l");

            assertThat(c.spec().name()).contains("mycentos");
            assertThat(c.spec().command()).containsExactly("bash", "-l");
        }

        @Test
        void parse_logsSinceAndGrep_typed() {
            ShowLogs l = (ShowLogs) parser.parse("logs --since 1h30m --grep 'err(or)?' -t web");

            assertThat(l.since()).contains(new ShowLogs.Since(Optional.of(java.time.Duration.ofMinutes(90)),
                    Optional.empty()));
            assertThat(l.grep()).contains("err(or)?");
            assertThat(l.timestamps()).isTrue();
            assertThat(((ShowLogs) parser.parse("logs --since 2026-11-30T14:00:00+01:00 web")).since())
                    .contains(new ShowLogs.Since(Optional.empty(),
                            Optional.of(java.time.Instant.parse("2026-11-30T13:00:00Z"))));
        }

        @ParameterizedTest
        @ValueSource(strings = {"logs --since 0s web", "logs --since 10 web", "logs --since 2026-13-45T00:00:00Z web",
                "logs --grep [a web", "logs --grep * web"})
        void parse_logsBadSinceOrGrep_isUsageError(String text) {
            assertThatThrownBy(() -> parser.parse(text)).isInstanceOf(UsageException.class)
                    .hasMessageContaining(text.contains("grep") ? "invalid --grep pattern" : "since");
        }

        @Test
        void parse_flagsAfterPositionals_areFlagsForInterspersedCommands() {
            assertThat(parser.parse("rm web -f"))
                    .isEqualTo(new RemoveContainers(List.of(new ContainerRef("web")), true));
            assertThat(parser.parse("logs web -f --tail 3"))
                    .isEqualTo(new ShowLogs(new ContainerRef("web"), OptionalInt.of(3), true, false));
        }

        @Test
        void parse_doubleDash_endsFlags() {
            assertThat(parser.parse("stop -t 5 -- web"))
                    .isEqualTo(new StopContainers(List.of(new ContainerRef("web")),
                            Optional.of(Duration.ofSeconds(5))));
            // after --, "-f" is a container reference, not the force flag: it cannot be a name
            assertThatThrownBy(() -> parser.parse("rm -- -f")).isInstanceOf(NoSuchContainerException.class);
        }

        @Test
        void parse_booleanFlagWithExplicitValue_isHonoured() {
            assertThat(parser.parse("ps --all=true")).isEqualTo(new ListContainers(true));
            assertThat(parser.parse("ps --all=false")).isEqualTo(new ListContainers(false));
            assertThat(usageError("ps --all=maybe"))
                    .hasMessage("invalid value \"maybe\" for --all: expected true or false");
        }

        @Test
        void parse_unknownLongFlag_namesItAndGivesUsage() {
            UsageException e = usageError("ps --foo");

            assertThat(e).hasMessage("unknown flag: --foo");
            assertThat(e.usage()).contains("Usage: ps [-a]");
        }

        @Test
        void parse_unknownShorthand_namesTheLetterAndGivesUsage() {
            UsageException e = usageError("rm -fx web");

            assertThat(e).hasMessage("unknown shorthand flag: 'x' in -fx");
            assertThat(e.usage()).contains("Usage: rm [-f] CONTAINER [CONTAINER...]");
        }

        @Test
        void parse_valuedFlagAtTheEnd_needsAnArgument() {
            assertThat(usageError("logs web --tail")).hasMessage("flag needs an argument: --tail");
            assertThat(usageError("stop web -t")).hasMessage("flag needs an argument: 't' in -t");
        }

        @Test
        void parse_stopTimeout_isWholeSeconds() {
            assertThat(parser.parse("stop -t 30 web")).isEqualTo(
                    new StopContainers(List.of(new ContainerRef("web")), Optional.of(Duration.ofSeconds(30))));
            assertThat(parser.parse("restart web")).isEqualTo(
                    new RestartContainers(List.of(new ContainerRef("web")), Optional.empty()));
            assertThat(usageError("stop -t soon web").getMessage()).startsWith("invalid value \"soon\" for --time");
            assertThat(usageError("stop -t -1 web").getMessage()).startsWith("invalid value \"-1\" for --time");
        }
    }

    // ------------------------------------------------------------------ logs

    @Nested
    class Logs {
        @Test
        void parse_tailAndFollow_inAnyOrder() {
            ShowLogs expected = new ShowLogs(new ContainerRef("web"), OptionalInt.of(5), true, false);

            assertThat(parser.parse("logs --tail 5 -f web")).isEqualTo(expected);
            assertThat(parser.parse("logs -f --tail=5 web")).isEqualTo(expected);
            assertThat(parser.parse("logs -n5 -f web")).isEqualTo(expected);
            assertThat(parser.parse("logs -fn 5 web")).isEqualTo(expected);
        }

        @Test
        void parse_tailAll_meansNoLimit() {
            assertThat(parser.parse("logs --tail all web"))
                    .isEqualTo(new ShowLogs(new ContainerRef("web"), OptionalInt.empty(), false, false));
        }

        @Test
        void parse_timestamps_isAFlag() {
            assertThat(((ShowLogs) parser.parse("logs -t web")).timestamps()).isTrue();
        }

        @ParameterizedTest
        @ValueSource(strings = {"five", "-1", "1.5", "99999999999"})
        void parse_badTailValue_isAUsageErrorWithUsage(String value) {
            UsageException e = usageError("logs --tail " + value + " web");

            assertThat(e).hasMessage("invalid value \"" + value + "\" for --tail: expected a number or all");
            assertThat(e.usage()).hasValueSatisfying(u -> assertThat(u).startsWith("Usage: logs "));
        }
    }

    // ------------------------------------------------------------------ arguments

    @Nested
    class Positionals {
        @Test
        void parse_missingArgument_saysHowManyAndGivesUsage() {
            UsageException rm = usageError("rm");
            assertThat(rm).hasMessage("\"rm\" requires at least 1 argument");
            assertThat(rm.usage()).contains("Usage: rm [-f] CONTAINER [CONTAINER...]");

            UsageException rename = usageError("rename web");
            assertThat(rename).hasMessage("\"rename\" requires exactly 2 arguments");
            assertThat(rename.usage()).contains("Usage: rename CONTAINER NEW_NAME");

            assertThat(usageError("run -d").usage().orElseThrow())
                    .startsWith("Usage: run [-d] [-i] [-t] [--name NAME]");
        }

        @Test
        void parse_tooManyArguments_namesTheFirstExtraWord() {
            assertThat(usageError("ps web")).hasMessage("\"ps\" accepts no arguments, got web");
            assertThat(usageError("rename a1 b2 c3")).hasMessage("\"rename\" accepts exactly 2 arguments, got c3");
            assertThat(usageError("commit web repo:1 extra"))
                    .hasMessage("\"commit\" accepts at most 2 arguments, got extra");
            assertThat(usageError("container prune now").usage()).contains("Usage: container prune");
        }

        @Test
        void parse_severalContainers_keepOrder() {
            assertThat(parser.parse("start a1 b2 c3")).isEqualTo(new StartContainers(
                    List.of(new ContainerRef("a1"), new ContainerRef("b2"), new ContainerRef("c3"))));
        }

        @Test
        void parse_leadingSlash_isRemovedOnce() {
            assertThat(parser.parse("start /web")).isEqualTo(new StartContainers(List.of(new ContainerRef("web"))));
            assertThat(parser.parse("attach /web")).isEqualTo(new AttachContainer(new ContainerRef("web")));

            assertThatThrownBy(() -> parser.parse("start //web")).isInstanceOf(NoSuchContainerException.class);
        }

        @Test
        void parse_unicodeName_isNoSuchContainerWithoutAnEngineCall() {
            assertThatThrownBy(() -> parser.parse("logs wéb🐳"))
                    .isInstanceOf(NoSuchContainerException.class)
                    .hasMessage("no such container: \"wéb🐳\"");
        }

        @Test
        void parse_300CharacterName_isNoSuchContainerWithAShortDisplay() {
            String longName = "a".repeat(300);

            Throwable e = catchThrowableOfType(NoSuchContainerException.class, () -> parser.parse("rm " + longName));

            assertThat(e.getMessage())
                    .doesNotContain(longName)
                    .contains("(300 characters)")
                    .hasSizeLessThan(100);
        }

        @Test
        void parse_nameAtTheLengthLimit_isAccepted() {
            String name = "a".repeat(ContainerRef.MAX_LENGTH);

            assertThat(parser.parse("start " + name)).isEqualTo(new StartContainers(List.of(new ContainerRef(name))));
        }

        @Test
        void parse_renameToAnInvalidName_isAUsageError() {
            assertThat(usageError("rename web a").getMessage()).startsWith("invalid container name a:");
            assertThat(usageError("rename web 'bad name'").getMessage())
                    .startsWith("invalid container name \"bad name\"");
            assertThat(parser.parse("rename web /web2"))
                    .isEqualTo(new RenameContainer(new ContainerRef("web"), "web2"));
        }

        @Test
        void parse_runWithAnInvalidNameOrImage_isAUsageError() {
            assertThat(usageError("run --name 'a b' busybox").getMessage()).startsWith("invalid container name");
            assertThat(usageError("run 'busy box'").getMessage()).startsWith("invalid image reference");
            assertThat(usageError("pull ../etc").getMessage()).startsWith("invalid image reference");
            assertThat(usageError("run -e =1 busybox")).hasMessage("invalid environment variable: =1");
        }

        @Test
        void parse_commitTarget_splitsRepositoryAndTag() {
            assertThat(parser.parse("commit web repo/web:v2")).isEqualTo(new CommitContainer(
                    new ContainerRef("web"), Optional.of("repo/web"), Optional.of("v2")));
            // a registry port is not a tag
            assertThat(parser.parse("commit web 127.0.0.1:5000/web")).isEqualTo(new CommitContainer(
                    new ContainerRef("web"), Optional.of("127.0.0.1:5000/web"), Optional.empty()));
            assertThat(parser.parse("commit web")).isEqualTo(new CommitContainer(
                    new ContainerRef("web"), Optional.empty(), Optional.empty()));
        }

        @Test
        void parse_pull_keepsTheReferenceAsTyped() {
            assertThat(parser.parse("pull 127.0.0.1:5000/stevedore-test/busybox:latest"))
                    .isEqualTo(new PullImage("127.0.0.1:5000/stevedore-test/busybox:latest"));
        }
    }

    // ------------------------------------------------------------------ quoting

    @Nested
    class Quoting {
        @Test
        void parse_doubleQuotedCommand_isOneWord() {
            RunContainer r = (RunContainer) parser.parse("run busybox sh -c \"echo hi; sleep 5\"");

            assertThat(r.spec().command()).containsExactly("sh", "-c", "echo hi; sleep 5");
        }

        @Test
        void parse_singleQuotedCommand_isLiteral() {
            RunContainer r = (RunContainer) parser.parse("run busybox sh -c 'echo \"$HOME\" \\n'");

            assertThat(r.spec().command()).containsExactly("sh", "-c", "echo \"$HOME\" \\n");
        }

        @Test
        void parse_smartQuotesFromChatClients_countAsQuotes() {
            RunContainer dbl = (RunContainer) parser.parse("run busybox sh -c “echo hi; sleep 5”");
            RunContainer sgl = (RunContainer) parser.parse("run busybox sh -c ‘echo hi’");

            assertThat(dbl.spec().command()).containsExactly("sh", "-c", "echo hi; sleep 5");
            assertThat(sgl.spec().command()).containsExactly("sh", "-c", "echo hi");
        }

        @Test
        void parse_unclosedQuote_isAUsageError() {
            assertThat(usageError("run busybox sh -c \"echo hi")).hasMessage("unclosed double quote");
        }
    }

    @Nested
    class Mute {
        @ParameterizedTest(name = "{0}")
        @CsvSource({"30s, 30", "10m, 600", "2h, 7200", "1h30m, 5400", "1d, 86400", "2H, 7200", "30d, 2592000"})
        void parse_mute_acceptsDurationsPeopleWrite(String text, long seconds) {
            assertThat(parser.parse("mute web " + text)).isEqualTo(
                    new Command.MuteContainer(new ContainerRef("web"), java.time.Duration.ofSeconds(seconds)));
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"30", "0m", "31d", "1x", "m", "1h 30m"})
        void parse_mute_refusesOtherDurations_withTheUsageLine(String text) {
            UsageException e = usageError("mute web '" + text + "'");
            assertThat(e.getMessage()).containsAnyOf("invalid duration", "at most 30 days");
            assertThat(e.usage()).contains("Usage: mute CONTAINER DURATION");
        }

        @Test
        void parse_unmuteAndNotifications_buildTheirCommands() {
            assertThat(parser.parse("unmute /web")).isEqualTo(new Command.UnmuteContainer("web"));
            assertThat(parser.parse("notifications")).isEqualTo(new Command.ShowNotifications());
            assertThat(parser.parse("mute web 1h").targets()).containsExactly(new ContainerRef("web"));
        }
    }
}
