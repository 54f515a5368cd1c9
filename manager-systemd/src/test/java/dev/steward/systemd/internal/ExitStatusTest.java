package dev.steward.systemd.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.observe.SystemctlShow;
import dev.steward.observe.SystemdUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ExitStatusTest {
  /** {@code systemctl show} of a unit whose program is missing, as systemd 252 prints it. */
  private static SystemdUnit unit(String activeState, String result, String status) {
    return SystemctlShow.parse("""
        Id=steward-a-node-web.service
        LoadState=loaded
        ActiveState=%s
        SubState=failed
        MainPID=0
        Result=%s
        ExecMainStatus=%s
        ExecStart={ path=/opt/my node/bin/run ; argv[]=/opt/my node/bin/run --port 80 ; ignore_errors=no ; start_time=[n/a] ; stop_time=[Thu 2026-12-03 18:23:18 UTC] ; pid=42 ; code=exited ; status=203 }
        """.formatted(activeState, result, status)).get(0);
  }

  @Test
  void aProgramSystemdCouldNotExecuteIsNamed() {
    assertThat(ExitStatus.explain(unit("failed", "exit-code", "203")))
        .contains("203/EXEC: systemd could not execute /opt/my node/bin/run (not found, not executable, or its interpreter is missing)");
    assertThat(ExitStatus.program(unit("failed", "exit-code", "203"))).contains("/opt/my node/bin/run");
  }

  @ParameterizedTest
  @CsvSource({
      "200, '200/CHDIR: systemd could not change into the node''s working directory'",
      "217, '217/USER: systemd could not find or switch to the node''s user'",
      "228, '228/SECCOMP: systemd failed at this step before it could start the node''s program'"})
  void systemdsOwnStepsAreExplained(String status, String explanation) {
    assertThat(ExitStatus.explain(unit("failed", "exit-code", status))).hasValueSatisfying(e -> assertThat(e).startsWith(explanation));
  }

  @ParameterizedTest
  @CsvSource({
      "failed, exit-code, 3",      // the node's own exit status
      "failed, exit-code, 255",    // not one of systemd's steps
      "failed, exit-code, 234",    // a gap in systemd's numbering
      "failed, signal, 203",       // killed: the status is a signal number
      "active, success, 203",      // not failed
      "failed, exit-code, ''"})
  void otherFailuresAreLeftToTheNodesOwnStatus(String activeState, String result, String status) {
    assertThat(ExitStatus.explain(unit(activeState, result, status))).isEmpty();
  }

  @Test
  void aUnitShownWithoutItsExecStartStillGetsTheStep() {
    SystemdUnit bare = SystemctlShow.parse("Id=x.service\nLoadState=loaded\nActiveState=failed\nSubState=failed\nResult=exit-code\nExecMainStatus=203\n").get(0);
    assertThat(ExitStatus.explain(bare)).hasValueSatisfying(e -> assertThat(e).startsWith("203/EXEC: systemd could not execute the node's program"));
  }
}
