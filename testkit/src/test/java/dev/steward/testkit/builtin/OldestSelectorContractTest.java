package dev.steward.testkit.builtin;

import dev.steward.testkit.contract.NodeSelectorContract;

class OldestSelectorContractTest extends NodeSelectorContract {
  @Override
  protected String providerId() {
    return "oldest";
  }
}
