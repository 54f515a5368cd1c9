package dev.steward.docker;

import dev.steward.testsupport.lab.LabService;
import dev.steward.testsupport.lab.RequiresLab;

/**
 * {@link DockerManagerContractIT} with every node packed ({@link DockerSpec#PACK_SIZE} 2, all of
 * one group and index, so the nodes of a test share one pack container): starts, concurrent
 * starts, stops, removes, a second manager and a node killed from outside behave as they do for
 * any manager.
 */
@RequiresLab(LabService.DOCKER)
class DockerPackContractIT extends DockerManagerContractIT {
  @Override
  protected boolean packed() {
    return true;
  }
}
