package org.stele.layout;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The house rules: arrows point inwards ({@code api} → {@code archive} → {@code domain}/{@code store}), no package
 * cycles, and HTTP stays in {@code api}. A wrong-way import fails the build here, naming the class and the line.
 */
class LayeringTest {
    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.stele");

    @Test
    void domainKnowsOnlyItself() {
        noClasses().that().resideInAPackage("org.stele.domain..")
                .should().dependOnClassesThat().resideInAnyPackage("org.stele.store..", "org.stele.config..",
                        "org.stele.archive..", "org.stele.api..")
                .check(MAIN);
    }

    @Test
    void storageDriversKnowOnlyTheDomain() {
        noClasses().that().resideInAPackage("org.stele.store..")
                .should().dependOnClassesThat().resideInAnyPackage("org.stele.config..", "org.stele.archive..", "org.stele.api..")
                .check(MAIN);
    }

    @Test
    void configurationKnowsNoUseCaseOrSurface() {
        noClasses().that().resideInAPackage("org.stele.config..")
                .should().dependOnClassesThat().resideInAnyPackage("org.stele.archive..", "org.stele.api..")
                .check(MAIN);
    }

    @Test
    void useCasesKnowNoSurface() {
        noClasses().that().resideInAPackage("org.stele.archive..")
                .should().dependOnClassesThat().resideInAnyPackage("org.stele.api..")
                .check(MAIN);
    }

    @Test
    void surfacesNeverTouchStorage() {
        noClasses().that().resideInAPackage("org.stele.api..")
                .should().dependOnClassesThat().resideInAPackage("org.stele.store..")
                .check(MAIN);
    }

    @Test
    void nothingLeansOnTheEntryPoints() {
        noClasses().that().resideOutsideOfPackage("org.stele")
                .should().dependOnClassesThat().resideInAPackage("org.stele")
                .check(MAIN);
    }

    @Test
    void httpStaysInTheApiLayer() {
        noClasses().that().resideInAnyPackage("org.stele.domain..", "org.stele.store..", "org.stele.config..", "org.stele.archive..")
                .should().dependOnClassesThat().resideInAnyPackage("jakarta.ws.rs..", "org.jboss.resteasy..", "io.vertx.ext.web..")
                .check(MAIN);
        classes().that().areAnnotatedWith(jakarta.ws.rs.Path.class)
                .should().resideInAPackage("org.stele.api..")
                .check(MAIN);
    }

    @Test
    void noPackageCycles() {
        slices().matching("org.stele.(**)").should().beFreeOfCycles().check(MAIN);
    }
}
