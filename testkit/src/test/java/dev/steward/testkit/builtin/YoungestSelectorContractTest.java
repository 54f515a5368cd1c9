package dev.steward.testkit.builtin;

import dev.steward.testkit.contract.NodeSelectorContract;

class YoungestSelectorContractTest extends NodeSelectorContract {
  @Override
  protected String providerId() {
    return "youngest";
  }
}
