package dev.stevedore.core.compliance;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import com.tngtech.archunit.library.GeneralCodingRules;
import dev.stevedore.core.audit.AuditLog;
import dev.stevedore.core.bus.CommandBusBuilder;
import dev.stevedore.core.bus.CommandHandler;
import dev.stevedore.core.engine.DockerEngines;
import dev.stevedore.core.error.CommandException;
import dev.stevedore.core.testing.QuietLogs;
import dev.stevedore.core.watch.ExitWatcherBuilder;
import org.jspecify.annotations.NullMarked;
import org.junit.jupiter.api.Test;

/**
 * The module's boundaries, checked on the compiled main classes (JDA's ArchUnitComplianceTest): docker-java stays in
 * one package, the public API does not leak internals, handlers are handlers, nothing prints to the console.
 *
 * <p>Plain JUnit tests over one import (rather than {@code @AnalyzeClasses}) so the importer's DEBUG logging can be
 * turned down first. ArchUnit fails a rule whose "that" clause matches nothing, so a renamed package cannot make a
 * rule pass vacuously.
 */
class ArchitectureTest {
    private static final JavaClasses MAIN;

    static {
        QuietLogs.install();
        MAIN = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.stevedore.core");
    }

    @Test
    void dockerJava_isUsedOnlyInTheEnginePackage() {
        noClasses()
                .that().resideInAPackage("dev.stevedore.core..")
                .and().resideOutsideOfPackage("dev.stevedore.core.internal.engine..")
                .should().dependOnClassesThat().resideInAPackage("com.github.dockerjava..")
                .because("DockerJavaContainerGateway is the only place that knows docker-java (DESIGN §3)")
                .check(MAIN);
    }

    @Test
    void dockerJava_isReallyUsedByTheGateway_soTheRuleAboveIsNotVacuous() {
        classes()
                .that().haveSimpleName("DockerJavaContainerGateway")
                .should().resideInAPackage("dev.stevedore.core.internal.engine..")
                .andShould().dependOnClassesThat().resideInAPackage("com.github.dockerjava..")
                .check(MAIN);
    }

    @Test
    void publicPackages_doNotDependOnInternal_exceptTheFactories() {
        noClasses()
                .that().resideInAPackage("dev.stevedore.core..")
                .and().resideOutsideOfPackage("dev.stevedore.core.internal..")
                .and().doNotBelongToAnyOf(CommandBusBuilder.class, DockerEngines.class, AuditLog.class,
                        ExitWatcherBuilder.class)
                .should().dependOnClassesThat().resideInAPackage("dev.stevedore.core.internal..")
                .because("adapters see only the public core; CommandBusBuilder, DockerEngines, "
                        + "AuditLog.jsonLines and ExitWatcherBuilder are the factories that build internal "
                        + "implementations")
                .check(MAIN);
    }

    @Test
    void core_doesNotDependOnPlatformsAdaptersOrApp() {
        noClasses()
                .that().resideInAPackage("dev.stevedore.core..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "com.slack..", "net.dv8tion..", "org.jline..", "picocli..",
                        "dev.stevedore.adapter..", "dev.stevedore.app..")
                .because("dependencies run config <- bot-core <- adapters <- app (DESIGN §3)")
                .check(MAIN);
    }

    @Test
    void mainCode_neverUsesSystemOutErrOrPrintStackTrace() {
        GeneralCodingRules.NO_CLASSES_SHOULD_ACCESS_STANDARD_STREAMS
                .because("log through SLF4J; adapters render replies")
                .check(MAIN);
        noClasses()
                .should().callMethod(Throwable.class, "printStackTrace")
                .because("log once, at the boundary, with the invocation id (STYLE §7.5)")
                .check(MAIN);
    }

    @Test
    void handlerClasses_implementCommandHandlerAndAreFinal() {
        classes()
                .that().resideInAPackage("dev.stevedore.core.internal.handler..")
                .and().haveSimpleNameEndingWith("Handler")
                .should().implement(CommandHandler.class)
                .andShould().haveModifier(JavaModifier.FINAL)
                .check(MAIN);
    }

    @Test
    void commandHandlerImplementations_liveInTheHandlerPackage() {
        classes()
                .that().implement(CommandHandler.class)
                .should().resideInAPackage("dev.stevedore.core.internal.handler..")
                .andShould().haveSimpleNameEndingWith("Handler")
                .check(MAIN);
    }

    @Test
    void exceptionsInTheErrorPackage_areCommandExceptions() {
        classes()
                .that().resideInAPackage("dev.stevedore.core.error..")
                .and().areAssignableTo(Throwable.class)
                .should().beAssignableTo(CommandException.class)
                .because("their messages are the only exception text users see (STYLE §7.5)")
                .check(MAIN);
    }

    @Test
    void everyPackage_hasANullMarkedPackageInfo() {
        classes()
                .that().resideInAPackage("dev.stevedore.core..")
                .should(new ArchCondition<JavaClass>("reside in a package whose package-info is @NullMarked") {
                    @Override
                    public void check(JavaClass c, ConditionEvents events) {
                        boolean ok = c.getPackage().tryGetPackageInfo()
                                .map(info -> info.isAnnotatedWith(NullMarked.class))
                                .orElse(false);
                        if (!ok) {
                            events.add(SimpleConditionEvent.violated(c,
                                    c.getPackageName() + " has no package-info.java with @NullMarked"));
                        }
                    }
                })
                .check(MAIN);
    }
}
