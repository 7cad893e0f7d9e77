package dev.stevedore.adapter.slack;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import com.tngtech.archunit.library.GeneralCodingRules;
import dev.stevedore.core.testing.QuietLogs;
import org.jspecify.annotations.NullMarked;
import org.junit.jupiter.api.Test;

/** The Slack adapter's boundaries (STYLE.md §7.7), checked on its compiled main classes. */
class SlackArchitectureTest {
    private static final JavaClasses MAIN;

    static {
        QuietLogs.install();
        MAIN = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.stevedore.adapter.slack");
    }

    @Test
    void usesOnlyThePublicCore_neverItsInternals_norOtherAdaptersOrDockerJava() {
        noClasses()
                .that().resideInAPackage("dev.stevedore.adapter.slack..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.stevedore.core.internal..",
                        "dev.stevedore.adapter.discord..", "dev.stevedore.adapter.shell..", "dev.stevedore.app..",
                        "com.github.dockerjava..", "net.dv8tion..")
                .because("adapters see only the public core (DESIGN §3); adapters never depend on each other")
                .check(MAIN);
    }

    @Test
    void mainCode_neverUsesSystemOutErrOrPrintStackTrace() {
        GeneralCodingRules.NO_CLASSES_SHOULD_ACCESS_STANDARD_STREAMS.check(MAIN);
        noClasses().should().callMethod(Throwable.class, "printStackTrace").check(MAIN);
    }

    @Test
    void everyPackage_hasANullMarkedPackageInfo() {
        classes()
                .that().resideInAPackage("dev.stevedore.adapter.slack..")
                .should(new ArchCondition<JavaClass>("reside in a package whose package-info is @NullMarked") {
                    @Override
                    public void check(JavaClass c, ConditionEvents events) {
                        boolean ok = c.getPackage().tryGetPackageInfo()
                                .map(info -> info.isAnnotatedWith(NullMarked.class))
                                .orElse(false);
                        if (!ok) {
                            events.add(SimpleConditionEvent.violated(c, c.getPackageName() + " is not @NullMarked"));
                        }
                    }
                })
                .check(MAIN);
    }
}
