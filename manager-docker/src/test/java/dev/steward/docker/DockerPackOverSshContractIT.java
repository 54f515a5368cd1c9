package dev.steward.docker;

import dev.steward.testsupport.lab.LabService;
import dev.steward.testsupport.lab.RequiresLab;

/**
 * {@link DockerOverSshContractIT} with every node packed ({@link DockerPackContractIT}): the pack
 * scripts, their arguments and the listings they print go through ssh and {@code docker exec}
 * untouched.
 */
@RequiresLab({LabService.SSHD, LabService.DOCKER})
class DockerPackOverSshContractIT extends DockerOverSshContractIT {
  @Override
  protected boolean packed() {
    return true;
  }
}
