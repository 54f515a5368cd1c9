package dev.steward.testkit.builtin;

import dev.steward.testkit.contract.TransportContract;

class LocalTransportContractTest extends TransportContract {
  @Override
  protected String providerId() {
    return "local";
  }

  @Override
  protected String host() {
    return "local";
  }

  @Override
  protected boolean reachesThisMachinesLoopback() {
    return true;
  }
}
