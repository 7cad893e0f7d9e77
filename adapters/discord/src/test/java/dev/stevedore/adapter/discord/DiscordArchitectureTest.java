package dev.stevedore.adapter.discord;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The adapter's boundaries (STYLE.md §7.7), checked on the compiled main classes. */
class DiscordArchitectureTest {
    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.stevedore.adapter.discord");

    @Test
    void adapter_usesOnlyTheCoresPublicApi() {
        noClasses().should().dependOnClassesThat().resideInAPackage("dev.stevedore.core.internal..")
                .check(MAIN);
    }

    @Test
    void adapter_neverTouchesDockerJavaOrTheOtherAdapters() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("com.github.dockerjava..",
                "dev.stevedore.adapter.slack..", "dev.stevedore.adapter.shell..", "com.slack..").check(MAIN);
    }

    @Test
    void mainCode_neverPrintsToTheConsoleOrPrintsStackTraces() {
        noClasses().should().accessField(System.class, "out")
                .orShould().accessField(System.class, "err")
                .orShould().callMethod(Throwable.class, "printStackTrace")
                .check(MAIN);
    }

    @Test
    void jdaCalls_neverBlock_noCompleteOnRestActions() {
        noClasses().should().callMethodWhere(com.tngtech.archunit.base.DescribedPredicate.describe(
                "RestAction.complete()", call -> call.getTarget().getName().equals("complete")
                        && call.getTargetOwner().isAssignableTo(net.dv8tion.jda.api.requests.RestAction.class)))
                .check(MAIN);
    }
}
