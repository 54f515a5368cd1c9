package dev.steward.probe.ssh;

import dev.steward.Settings;
import dev.steward.testkit.contract.TransportContract;
import dev.steward.testsupport.lab.LabService;
import dev.steward.testsupport.lab.RequiresLab;

/** The transport contract against a real OpenSSH sshd (lab/sshd.sh), as a plain user with /bin/sh. */
@RequiresLab(LabService.SSHD)
class OpenSshTransportContractIT extends TransportContract {

  @Override
  protected String providerId() {
    return "ssh";
  }

  /** The lab's sshd listens on this machine's loopback: a port this test opens is its 127.0.0.1's. */
  @Override
  protected boolean reachesThisMachinesLoopback() {
    return true;
  }

  @Override
  protected Settings.Builder settings() {
    return LabSshd.get().settings();
  }

  @Override
  protected String host() {
    return LabSshd.get().host();
  }

  @Override
  protected String unreachableHost() {
    return LabSshd.get().address() + ":1";
  }
}
