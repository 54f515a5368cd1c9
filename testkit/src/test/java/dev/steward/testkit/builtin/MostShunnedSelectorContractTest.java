package dev.steward.testkit.builtin;

import dev.steward.testkit.contract.NodeSelectorContract;

class MostShunnedSelectorContractTest extends NodeSelectorContract {
  @Override
  protected String providerId() {
    return "most-shunned";
  }
}
