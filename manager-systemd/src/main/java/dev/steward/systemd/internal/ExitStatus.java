package dev.steward.systemd.internal;

import dev.steward.observe.SystemdUnit;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a failed unit's exit status means when systemd itself, not the node, gave up: statuses
 * 200 to 245 are the steps systemd takes between fork and exec ({@code 203/EXEC}: the program could
 * not be executed). systemd's own journal line about such a step is written by its executor, which
 * is gone at once, so journald may not tie the line to the unit; this explanation does not depend
 * on it.
 */
final class ExitStatus {
  private static final Pattern PATH = Pattern.compile("\\{ path=(.*?) ; argv\\[\\]=");

  /** The steps a node's spec can make fail, in words; the others are named as systemd names them. */
  private static final Map<Integer, String> MEANINGS = Map.ofEntries(
      Map.entry(200, "CHDIR: systemd could not change into the node's working directory (does it exist, and may the node's user enter it?)"),
      Map.entry(203, "EXEC: systemd could not execute PROGRAM (not found, not executable, or its interpreter is missing)"),
      Map.entry(204, "MEMORY: systemd ran out of memory before starting PROGRAM"),
      Map.entry(205, "LIMITS: systemd could not apply the node's resource limits"),
      Map.entry(209, "STDOUT: systemd could not set up the node's standard output"),
      Map.entry(216, "GROUP: systemd could not find or switch to the node's group"),
      Map.entry(217, "USER: systemd could not find or switch to the node's user"),
      Map.entry(219, "CGROUP: systemd could not set up the node's control group"),
      Map.entry(222, "STDERR: systemd could not set up the node's standard error"),
      Map.entry(226, "NAMESPACE: systemd could not set up the node's file system namespace (a path it names may be missing)"));

  private static final Map<Integer, String> NAMES = Map.ofEntries(
      Map.entry(201, "NICE"), Map.entry(202, "FDS"), Map.entry(206, "OOM_ADJUST"), Map.entry(207, "SIGNAL_MASK"),
      Map.entry(208, "STDIN"), Map.entry(210, "CHROOT"), Map.entry(211, "IOPRIO"), Map.entry(212, "TIMERSLACK"),
      Map.entry(213, "SECUREBITS"), Map.entry(214, "SETSCHEDULER"), Map.entry(215, "CPUAFFINITY"),
      Map.entry(218, "CAPABILITIES"), Map.entry(220, "SETSID"), Map.entry(221, "CONFIRM"), Map.entry(224, "PAM"),
      Map.entry(225, "NETWORK"), Map.entry(227, "NO_NEW_PRIVILEGES"), Map.entry(228, "SECCOMP"),
      Map.entry(229, "SELINUX_CONTEXT"), Map.entry(230, "PERSONALITY"), Map.entry(231, "APPARMOR_PROFILE"),
      Map.entry(232, "ADDRESS_FAMILIES"), Map.entry(233, "RUNTIME_DIRECTORY"), Map.entry(235, "CHOWN"),
      Map.entry(236, "SMACK_PROCESS_LABEL"), Map.entry(237, "KEYRING"), Map.entry(238, "STATE_DIRECTORY"),
      Map.entry(239, "CACHE_DIRECTORY"), Map.entry(240, "LOGS_DIRECTORY"), Map.entry(241, "CONFIGURATION_DIRECTORY"),
      Map.entry(242, "NUMA_POLICY"), Map.entry(243, "CREDENTIALS"), Map.entry(245, "BPF"));

  private ExitStatus() {}

  /**
   * Why a failed unit's main process never ran, when its status is one of systemd's own (for
   * example {@code "203/EXEC: systemd could not execute /opt/x/bin/node (not found, ...)"}); empty
   * when the unit did not fail that way.
   */
  static Optional<String> explain(SystemdUnit unit) {
    if (!unit.failed() || !unit.property("Result").filter("exit-code"::equals).isPresent()) {
      return Optional.empty();
    }
    Optional<Integer> status = unit.property("ExecMainStatus").filter(s -> s.matches("2[0-9]{2}")).map(Integer::parseInt);
    if (status.isEmpty()) {
      return Optional.empty();
    }
    int code = status.get();
    String meaning = MEANINGS.get(code);
    if (meaning != null) {
      return Optional.of(code + "/" + meaning.replace("PROGRAM", program(unit).orElse("the node's program")));
    }
    String name = NAMES.get(code);
    return name == null ? Optional.empty()
        : Optional.of(code + "/" + name + ": systemd failed at this step before it could start the node's program");
  }

  /** The program of the unit's first {@code ExecStart}, as {@code systemctl show} prints it. */
  static Optional<String> program(SystemdUnit unit) {
    return unit.property("ExecStart").map(PATH::matcher).filter(Matcher::find).map(m -> m.group(1));
  }
}
