package dev.steward.examples;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The modules' boundaries, on the compiled classes of every module (the runner's tests see them
 * all): plugins reach core through its exported packages only and never reach each other, and a
 * module's internal packages are used by that module alone. The module descriptors say the same to
 * the compiler; these rules also hold on the class path, where descriptors are not read.
 */
class ModuleBoundariesTest {
  private static final String[] PLUGINS = {"dev.steward.process..", "dev.steward.probe.ssh..", "dev.steward.mount..",
      "dev.steward.firewall.ufw..", "dev.steward.systemd..", "dev.steward.docker..", "dev.steward.proxmox.."};

  private static final JavaClasses ALL = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("dev.steward");

  @Test
  @DisplayName("sees the classes of core and of every plugin, so the rules below cannot pass on nothing")
  void seesEveryModule() {
    for (String module : new String[] {"dev.steward.internal.store.file", "dev.steward.process.internal",
        "dev.steward.probe.ssh.internal", "dev.steward.mount.internal", "dev.steward.firewall.ufw.internal",
        "dev.steward.systemd.internal", "dev.steward.docker.internal", "dev.steward.proxmox.internal",
        "dev.steward.proxmox.simulator.internal", "dev.steward.examples.cli"}) {
      assertThat(ALL.containPackage(module)).as(module).isTrue();
    }
  }

  @Test
  @DisplayName("plugins use core's exported packages only (the process manager also core's process table, exported to it alone)")
  void pluginsUseCoresExportsOnly() {
    noClasses().that().resideInAnyPackage("dev.steward.probe.ssh..", "dev.steward.mount..", "dev.steward.firewall.ufw..",
            "dev.steward.systemd..", "dev.steward.docker..", "dev.steward.proxmox..")
        .should().dependOnClassesThat().resideInAPackage("dev.steward.internal..").check(ALL);
    noClasses().that().resideInAPackage("dev.steward.process..")
        .should().dependOnClassesThat(resideInAPackage("dev.steward.internal..").and(not(resideInAPackage("dev.steward.internal.proc.."))))
        .check(ALL);
  }

  @Test
  @DisplayName("plugins never depend on each other")
  void pluginsAreIndependent() {
    for (String plugin : PLUGINS) {
      for (String other : PLUGINS) {
        if (!plugin.equals(other)) {
          noClasses().that().resideInAPackage(plugin).should().dependOnClassesThat().resideInAPackage(other).check(ALL);
        }
      }
    }
  }

  @Test
  @DisplayName("the Proxmox simulator and probe-proxmox share a package prefix but never depend on each other")
  void proxmoxSimulatorAndProbeAreIndependent() {
    noClasses().that().resideInAPackage("dev.steward.proxmox.simulator..")
        .should().dependOnClassesThat().resideInAnyPackage("dev.steward.proxmox", "dev.steward.proxmox.internal..").check(ALL);
    noClasses().that().resideInAnyPackage("dev.steward.proxmox", "dev.steward.proxmox.internal..")
        .should().dependOnClassesThat().resideInAPackage("dev.steward.proxmox.simulator..").check(ALL);
  }

  @Test
  @DisplayName("a module's internal packages are used by that module alone")
  void internalsStayInTheirModule() {
    noClasses().that().resideOutsideOfPackage("dev.steward.process..")
        .should().dependOnClassesThat().resideInAPackage("dev.steward.process.internal..").check(ALL);
    noClasses().that().resideOutsideOfPackage("dev.steward.probe.ssh..")
        .should().dependOnClassesThat().resideInAPackage("dev.steward.probe.ssh.internal..").check(ALL);
    noClasses().that().resideOutsideOfPackage("dev.steward.mount..")
        .should().dependOnClassesThat().resideInAPackage("dev.steward.mount.internal..").check(ALL);
    noClasses().that().resideOutsideOfPackage("dev.steward.firewall.ufw..")
        .should().dependOnClassesThat().resideInAPackage("dev.steward.firewall.ufw.internal..").check(ALL);
    noClasses().that().resideOutsideOfPackage("dev.steward.systemd..")
        .should().dependOnClassesThat().resideInAPackage("dev.steward.systemd.internal..").check(ALL);
    noClasses().that().resideOutsideOfPackage("dev.steward.docker..")
        .should().dependOnClassesThat().resideInAPackage("dev.steward.docker.internal..").check(ALL);
    noClasses().that().resideOutsideOfPackages("dev.steward.proxmox", "dev.steward.proxmox.internal..")
        .should().dependOnClassesThat().resideInAPackage("dev.steward.proxmox.internal..").check(ALL);
    noClasses().that().resideOutsideOfPackage("dev.steward.proxmox.simulator..")
        .should().dependOnClassesThat().resideInAPackage("dev.steward.proxmox.simulator.internal..").check(ALL);
    noClasses().that().resideInAnyPackage("dev.steward.examples..", "dev.steward.testkit..", "dev.steward.testsupport..")
        .should().dependOnClassesThat().resideInAPackage("dev.steward.internal..").check(ALL);
  }
}
