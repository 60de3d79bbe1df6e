package org.releasegate.architecture;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The feature packages depend on one another without cycles: each can be read, and changed, from its own side. */
class PackageBoundariesTest {

    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.releasegate");

    @Test
    void featurePackagesHaveNoCycles() {
        slices().matching("org.releasegate.(*)..").should().beFreeOfCycles().check(MAIN);
    }
}
