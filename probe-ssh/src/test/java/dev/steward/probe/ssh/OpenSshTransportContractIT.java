package dev.steward.probe.ssh;

import dev.steward.Settings;
import dev.steward.testkit.contract.TransportContract;

/** The transport contract against a real OpenSSH sshd (lab/sshd.sh), as a plain user with /bin/sh. */
class OpenSshTransportContractIT extends TransportContract {
  private static final LabSshd LAB = LabSshd.require();

  @Override
  protected String providerId() {
    return "ssh";
  }

  @Override
  protected Settings.Builder settings() {
    return LAB.settings();
  }

  @Override
  protected String host() {
    return LAB.host();
  }

  @Override
  protected String unreachableHost() {
    return LAB.address() + ":1";
  }
}
