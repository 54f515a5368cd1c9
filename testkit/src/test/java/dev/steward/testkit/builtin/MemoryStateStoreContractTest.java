package dev.steward.testkit.builtin;

import dev.steward.testkit.contract.StateStoreContract;

class MemoryStateStoreContractTest extends StateStoreContract {
  @Override
  protected String providerId() {
    return "memory";
  }
}
