package dev.steward;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Core's shape, checked on its compiled classes: packages without cycles, and drift and planning
 * that do no I/O, so a plan is a pure function of what was observed and recorded. The rules across
 * modules (plugins on core's exports only, internals used only inside their module) are in the
 * examples module, whose tests see every module.
 */
class ArchitectureTest {
  private static final JavaClasses CORE = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("dev.steward");

  /**
   * A package and its implementation under {@code internal} are one slice: a façade such as {@code
   * store.FileStateStore} calls its engine in {@code internal.store.file}, which speaks the API's
   * types back. Every other pair of packages, the root one included, must not depend on each other
   * both ways.
   */
  static final SliceAssignment PACKAGES = new SliceAssignment() {
    @Override
    public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
      String name = javaClass.getPackageName();
      if (!name.startsWith("dev.steward")) {
        return SliceIdentifier.ignore();
      }
      String rest = name.equals("dev.steward") ? "(root)" : name.substring("dev.steward.".length());
      if (rest.startsWith("internal.")) {
        // internal.store.file implements store: the façade's slice.
        rest = rest.substring("internal.".length());
        int dot = rest.indexOf('.');
        return SliceIdentifier.of(dot < 0 ? rest : rest.substring(0, dot));
      }
      return SliceIdentifier.of(rest);
    }

    @Override
    public String getDescription() {
      return "core's packages, each with its internal implementation";
    }
  };

  @Test
  @DisplayName("core's packages have no cycles between them (a package and its internal implementation count as one)")
  void noCyclesBetweenPackages() {
    slices().assignedFrom(PACKAGES).should().beFreeOfCycles().check(CORE);
  }

  @Test
  @DisplayName("drift classification and planning do no I/O: no java.io, java.nio, java.net, no Transport")
  void driftAndPlanningDoNoIo() {
    noIo(noClasses().that().resideInAnyPackage("dev.steward.drift..", "dev.steward.plan..")
        .or().haveNameMatching("dev\\.steward\\.node\\.(Planner|HostVerdicts|Cooldown|PlanInput|PlanPolicy|Thresholds|DesiredFleet)(\\$.*)?"))
        .check(CORE);
  }

  static ArchRule noIo(com.tngtech.archunit.lang.syntax.elements.GivenClassesConjunction classes) {
    return classes.should().dependOnClassesThat().resideInAnyPackage("java.io..", "java.nio..", "java.net..")
        .orShould().dependOnClassesThat().areAssignableTo(Transport.class)
        .because("a plan must be a pure function of the pass's input");
  }
}
