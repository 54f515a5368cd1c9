package dev.steward.testkit.builtin;

import dev.steward.testkit.contract.NodeSelectorContract;

class LeastRecordsSelectorContractTest extends NodeSelectorContract {
  @Override
  protected String providerId() {
    return "least-records";
  }
}
