package dev.steward.observe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class SystemctlShowTest {
  @Test
  void readsARunningUnit() {
    List<SystemdUnit> units = SystemctlShow.parse(Samples.read("systemd/ssh.txt"));

    assertThat(units).hasSize(1);
    SystemdUnit ssh = units.get(0);
    assertThat(ssh.found()).isTrue();
    assertThat(ssh.active()).isTrue();
    assertThat(ssh.failed()).isFalse();
    assertThat(ssh.loadState()).isEqualTo("loaded");
    assertThat(ssh.subState()).isEqualTo("running");
    assertThat(ssh.mainPid()).isEqualTo(OptionalLong.of(39));
    assertThat(ssh.mainStartedAt()).contains(Instant.parse("2026-11-22T03:24:47Z"));
    assertThat(ssh.property("UnitFileState")).contains("enabled");
    assertThat(ssh.property("NRestarts")).contains("0");
    assertThat(ssh.property("Nope")).isEmpty();
    assertThat(ssh.id()).isEmpty();
  }

  @Test
  void anUnknownUnitIsNotFoundWithoutPidOrStart() {
    SystemdUnit unit = SystemctlShow.parse(Samples.read("systemd/not-found.txt")).get(0);

    assertThat(unit.found()).isFalse();
    assertThat(unit.activeState()).isEqualTo("inactive");
    assertThat(unit.subState()).isEqualTo("dead");
    assertThat(unit.mainPid()).isEmpty();
    assertThat(unit.mainStartedAt()).isEmpty();
    assertThat(unit.property("UnitFileState")).contains("");
  }

  @Test
  void readsSeveralUnitsInOrder() {
    assertThat(SystemctlShow.parse(Samples.read("systemd/two-units.txt")))
        .extracting(SystemdUnit::loadState).containsExactly("loaded", "not-found");
    assertThat(SystemctlShow.parse("\n\nId=a.service\nLoadState=loaded\nActiveState=failed\nSubState=failed\n\n\n"
            + "Id=b.service\r\nLoadState=masked\r\nActiveState=inactive\r\nSubState=dead\r\n"))
        .extracting(SystemdUnit::id, SystemdUnit::loadState)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(Optional.of("a.service"), "loaded"),
            org.assertj.core.groups.Tuple.tuple(Optional.of("b.service"), "masked"));
  }

  @Test
  void keepsEqualsSignsInsideValues() {
    SystemdUnit unit = SystemctlShow.parse("LoadState=loaded\nActiveState=active\nSubState=running\n"
        + "Environment=A=1 B=2\nExecStart={ path=/bin/sh ; argv[]=/bin/sh -c \"x=1\" ; ignore_errors=no }\n").get(0);

    assertThat(unit.property("Environment")).contains("A=1 B=2");
    assertThat(unit.property("ExecStart")).contains("{ path=/bin/sh ; argv[]=/bin/sh -c \"x=1\" ; ignore_errors=no }");
  }

  @Test
  void readsUnixAndUtcTimestampsWithFractions() {
    assertThat(start("@1795317887")).contains(Instant.parse("2026-11-22T03:24:47Z"));
    assertThat(start("@1795317887.260243")).contains(Instant.parse("2026-11-22T03:24:47.260243Z"));
    assertThat(start("Sun 2026-11-22 03:24:47.260243 UTC")).contains(Instant.parse("2026-11-22T03:24:47.260243Z"));
    assertThat(start("n/a")).isEmpty();
  }

  @Test
  void refusesTimestampsInAZoneItCannotPlace() {
    assertThatThrownBy(() -> start("Sun 2026-11-22 04:24:47 CET"))
        .isInstanceOf(OutputParseException.class)
        .hasMessageContaining("time zone 'CET'")
        .hasMessageContaining("--timestamp=unix");
    assertThatThrownBy(() -> start("Sun 2026-02-30 04:24:47 UTC"))
        .isInstanceOf(OutputParseException.class).hasMessageContaining("a real date and time");
    assertThatThrownBy(() -> start("yesterday"))
        .isInstanceOf(OutputParseException.class).hasMessageContaining("expected ExecMainStartTimestamp as @seconds");
  }

  @Test
  void explainsOutputThatIsNotKeyValue() {
    assertThatThrownBy(() -> SystemctlShow.parse(""))
        .isInstanceOf(OutputParseException.class).hasMessageContaining("found no output");
    assertThatThrownBy(() -> SystemctlShow.parse("39\n0\nloaded\n"))
        .isInstanceOf(OutputParseException.class)
        .hasMessage("Cannot read the output of systemctl show at line 1: expected a Key=value line such as ActiveState=active, "
            + "found '39'; run systemctl show without --value");
    assertThatThrownBy(() -> SystemctlShow.parse("LoadState=loaded\nActiveState=active\nLoadState=loaded\n"))
        .isInstanceOf(OutputParseException.class).hasMessageContaining("at line 3").hasMessageContaining("LoadState twice");
    assertThatThrownBy(() -> SystemctlShow.parse("LoadState=loaded\nActiveState=active\n"))
        .isInstanceOf(OutputParseException.class)
        .hasMessageContaining("at line 1: expected SubState in the unit that starts here, found none");
    assertThatThrownBy(() -> SystemctlShow.parse("LoadState=loaded\nActiveState=active\nSubState=running\nMainPID=-3\n"))
        .isInstanceOf(OutputParseException.class).hasMessageContaining("MainPID to be a process id, found '-3'");
  }

  @Property(tries = 1000)
  void anyTextGivesUnitsOrAParseError(@ForAll("garbage") String text) {
    Garbage.resultOrParseError(SystemctlShow::parse, text);
  }

  @Property(tries = 300)
  void textWithoutAnEqualsSignIsAlwaysAParseError(@ForAll("noEquals") String text) {
    Garbage.parseError(SystemctlShow::parse, text);
  }

  @Provide
  Arbitrary<String> garbage() {
    Arbitrary<String> keyValues = Arbitraries.of("LoadState", "ActiveState", "SubState", "MainPID", "ExecMainStartTimestamp", "Id", "X")
        .flatMap(k -> Garbage.text().map(v -> k + "=" + v.replace("\n", ""))).list().ofMaxSize(8)
        .map(lines -> String.join("\n", lines));
    return Arbitraries.oneOf(Garbage.text(), keyValues, Garbage.json("LoadState"),
        Garbage.damaged(Samples.read("systemd/two-units.txt"), Samples.read("systemd/ssh.txt")));
  }

  @Provide
  Arbitrary<String> noEquals() {
    return Garbage.text().map(s -> s.replace("=", ""));
  }

  private static Optional<Instant> start(String value) {
    return SystemctlShow.parse("LoadState=loaded\nActiveState=active\nSubState=running\nExecMainStartTimestamp=" + value + "\n")
        .get(0).mainStartedAt();
  }
}
