package dev.steward.firewall.ufw;

import dev.steward.Settings;
import dev.steward.testkit.contract.FirewallManagerContract;
import dev.steward.testsupport.lab.LabService;
import dev.steward.testsupport.lab.RequiresLab;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The firewall manager contract for {@code ufw}, against the lab host's real ufw (made active for
 * the run, then put back as it was), reached through the {@code ssh} transport its settings select.
 */
@RequiresLab(LabService.HOST_CONTAINER)
class UfwFirewallContractIT extends FirewallManagerContract {
  private static LabUfw lab;

  @BeforeAll
  static void activate() {
    lab = new LabUfw();
    lab.activate();
  }

  @AfterAll
  static void restore() {
    if (lab != null) {
      // The contract's own rule, which its last test may leave open.
      lab.ufw("delete", "allow", "12001/udp", "comment", "steward:steward-contract");
      lab.close();
    }
  }

  @Override
  protected String providerId() {
    return "ufw";
  }

  @Override
  protected String host() {
    return lab.host();
  }

  @Override
  protected Settings.Builder settings() {
    return lab.sshSettings();
  }
}
