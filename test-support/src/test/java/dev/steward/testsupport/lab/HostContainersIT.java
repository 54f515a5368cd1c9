package dev.steward.testsupport.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The host containers with OpenSSH's own client: every host logs in by its name through the lab's
 * ssh_config alone, and the last host goes down and comes back with the same host key.
 */
@RequiresLab(LabService.HOST_CONTAINER)
class HostContainersIT {
  private final HostContainers lab = HostContainers.get();

  /** What {@code ssh -F ssh_config HOST COMMAND} printed, with its exit status first. */
  private Result ssh(HostContainers.Host host, String command) throws IOException, InterruptedException {
    List<String> argv = new ArrayList<>(List.of("ssh", "-F", lab.sshConfig().toString(), "-o", "BatchMode=yes",
        "-o", "ConnectTimeout=5", host.name(), command));
    Process process = new ProcessBuilder(argv).redirectErrorStream(true).start();
    process.getOutputStream().close();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("ssh returned").isTrue();
    return new Result(process.exitValue(), output);
  }

  private record Result(int exit, String output) {}

  @Test
  void everyHostLogsInAsRootByItsNameWithTheSshConfigAlone() throws Exception {
    assertThat(lab.hosts()).hasSizeGreaterThanOrEqualTo(3);
    for (HostContainers.Host host : lab.hosts()) {
      Result result = ssh(host, "echo $(id -un)@$(hostname)");

      assertThat(result).as(host.name()).isEqualTo(new Result(0, "root@" + host.container() + "\n"));
    }
  }

  @Test
  void aHostTakenDownDoesNotAnswerAndComesBackWithTheSameHostKey() throws Exception {
    HostContainers.Host last = lab.host(lab.hosts().size());
    Result before = ssh(last, "systemctl show -p InvocationID --value ssh");
    assertThat(before.exit()).as(before.output()).isZero();

    lab.stop(last);
    try {
      Result down = ssh(last, "true");
      assertThat(down.exit()).as("ssh to a host that is down: " + down.output()).isEqualTo(255);
    } finally {
      lab.start(last);
    }

    // StrictHostKeyChecking yes: the same key, or ssh refuses the host.
    Result back = ssh(last, "systemctl is-system-running --wait; systemctl show -p InvocationID --value ssh");
    assertThat(back.exit()).as(back.output()).isZero();
    assertThat(back.output()).startsWith("running\n");
    assertThat(back.output().lines().toList().get(1)).as("a new sshd, started by a new boot")
        .isNotEqualTo(before.output().strip());
  }
}
