package dev.stevedore.core.compliance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stevedore.config.AccessConfig;
import dev.stevedore.core.auth.RoleBasedAccessPolicy;
import dev.stevedore.core.bus.CommandBus;
import dev.stevedore.core.bus.CommandBusBuilder;
import dev.stevedore.core.bus.CommandHandler;
import dev.stevedore.core.command.ArgSpec;
import dev.stevedore.core.command.Command;
import dev.stevedore.core.command.CommandCatalog;
import dev.stevedore.core.command.CommandSpec;
import dev.stevedore.core.command.OptionSpec;
import dev.stevedore.core.internal.bus.DefaultCommandBus;
import dev.stevedore.core.reply.Block;
import dev.stevedore.core.reply.Reply;
import dev.stevedore.core.reply.Visibility;
import dev.stevedore.core.testing.DirectExecutorService;
import dev.stevedore.core.testing.FakeContainerGateway;
import dev.stevedore.core.testing.FakeTicker;
import dev.stevedore.core.testing.Invocations;
import dev.stevedore.core.testing.MutableClock;
import dev.stevedore.core.testing.QuietLogs;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every {@link Command} record is wired end to end: one spec in the catalog, one handler in the bus, help text and a
 * usage line (in the manner of JDA's EventConsistencyComplianceTest). Adding a record without the rest fails here.
 */
class CommandConsistencyTest {
    private static final CommandCatalog CATALOG = CommandCatalog.standard();
    private static CommandBus bus;

    @BeforeAll
    static void buildBus() {
        QuietLogs.install();
        bus = new CommandBusBuilder()
                .engine(new FakeContainerGateway())
                .accessPolicy(new RoleBasedAccessPolicy(AccessConfig.empty()))
                .executor(new DirectExecutorService())
                .time(MutableClock.create(), new FakeTicker())
                .build();
    }

    @AfterAll
    static void closeBus() {
        bus.close();
    }

    @SuppressWarnings("unchecked")
    static Stream<Class<? extends Command>> commandTypes() {
        return Arrays.stream(Command.class.getPermittedSubclasses()).map(c -> (Class<? extends Command>) c);
    }

    private static Map<Class<? extends Command>, CommandHandler<?>> handlers() {
        return ((DefaultCommandBus) bus).handlers();
    }

    @Test
    void permittedSubclasses_areTheRecordsWeKnow() {
        assertThat(commandTypes()).isNotEmpty().allSatisfy(type -> assertThat(type.isRecord()).isTrue());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("commandTypes")
    void everyCommand_hasExactlyOneSpec(Class<? extends Command> type) {
        assertThat(CATALOG.specs()).filteredOn(s -> s.type() == type).hasSize(1);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("commandTypes")
    void everyCommand_hasAHandlerForItsType(Class<? extends Command> type) {
        assertThat(handlers()).containsKey(type);
        assertThat(handlers().get(type).type()).isEqualTo(type);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("commandTypes")
    void everyCommand_hasHelpAndAUsageLine(Class<? extends Command> type) {
        CommandSpec spec = CATALOG.specFor(type).orElseThrow();

        assertThat(spec.summary()).isNotBlank();
        assertThat(spec.verb()).isNotBlank().doesNotContain(" ");
        assertThat(spec.usageLine()).startsWith("Usage: " + spec.name());
        assertThat(spec.options()).allSatisfy(o -> assertThat(o.help()).as(o.longName()).isNotBlank());
        assertThat(spec.arguments()).allSatisfy(a -> assertThat(a.help()).as(a.name()).isNotBlank());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("commandTypes")
    void everyCommand_isExplainedByHelpThroughTheBus(Class<? extends Command> type) {
        CommandSpec spec = CATALOG.specFor(type).orElseThrow();

        Reply reply = bus.dispatch(Invocations.shell("help " + spec.name())).join();

        assertThat(reply.visibility()).isEqualTo(Visibility.ONLY_CALLER);
        assertThat(reply.plainText()).contains(spec.usageLine()).contains(spec.summary());
        for (OptionSpec o : spec.options()) {
            assertThat(reply.plainText()).contains(o.synopsis());
        }
    }

    @Test
    void everySpec_buildsAPermittedCommand_andHandlersMatchSpecsOneToOne() {
        Set<Class<?>> permitted = new HashSet<>(Arrays.asList(Command.class.getPermittedSubclasses()));

        assertThat(CATALOG.specs()).allSatisfy(s -> assertThat(permitted).contains(s.type()));
        assertThat(handlers().keySet()).containsExactlyInAnyOrderElementsOf(
                CATALOG.specs().stream().map(CommandSpec::type).toList());
    }

    @Test
    void destructiveSpecs_areExactlyRmAndContainerPrune() {
        assertThat(CATALOG.specs()).filteredOn(CommandSpec::destructive).extracting(CommandSpec::name)
                .containsExactlyInAnyOrder("rm", "container prune");
    }

    @Test
    void destructiveHandlers_preview_andOthersDoNot() {
        for (CommandSpec spec : CATALOG.specs()) {
            boolean overridesPreview = Arrays.stream(handlers().get(spec.type()).getClass().getDeclaredMethods())
                    .anyMatch(m -> m.getName().equals("preview") && !m.isSynthetic() && !m.isBridge());
            assertThat(overridesPreview).as("%s overrides preview", spec.name()).isEqualTo(spec.destructive());
        }
    }

    @Test
    void everySpelling_isUnique_andHelpListsEveryPrimaryName() {
        List<String> spellings = CATALOG.specs().stream()
                .flatMap(s -> Stream.concat(Stream.of(s.name()), s.aliases().stream())).toList();
        assertThat(spellings).doesNotHaveDuplicates();
        assertThat(CATALOG.names()).containsExactlyInAnyOrderElementsOf(spellings);

        Reply help = bus.dispatch(Invocations.shell("help")).join();
        Block.Table table = help.blocks().stream().filter(Block.Table.class::isInstance).map(Block.Table.class::cast)
                .findFirst().orElseThrow();
        assertThat(table.rows()).extracting(r -> r.get(0))
                .containsExactlyElementsOf(CATALOG.specs().stream().map(CommandSpec::name).toList());
    }

    @Test
    void argumentSpecs_haveRequiredBeforeOptional_andVariadicOnlyLast() {
        for (CommandSpec spec : CATALOG.specs()) {
            List<ArgSpec> args = spec.arguments();
            for (int i = 0; i < args.size(); i++) {
                if (args.get(i).variadic()) {
                    assertThat(i).as("%s: variadic %s must be last", spec.name(), args.get(i).name())
                            .isEqualTo(args.size() - 1);
                }
                if (i > 0 && args.get(i).required()) {
                    assertThat(args.get(i - 1).required()).as("%s: required after optional", spec.name()).isTrue();
                }
            }
        }
    }
}
