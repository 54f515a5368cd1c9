package com.example.embedding;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.steward.ResourceRecord;
import dev.steward.testkit.contract.StateStoreContract;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class NodeKeeperTest {
  @Test
  void keepsANodeThroughStewardsApi() {
    ResourceRecord record = NodeKeeper.keep("web-1");

    assertEquals("RUNNING", record.state());
    assertEquals("Linux", record.attribute("kernel").orElseThrow());
    assertEquals(5, record.version());
  }

  /** A provider author's view: the testkit's contract runs against a provider chosen by id. */
  @Nested
  class MemoryStoreContract extends StateStoreContract {
    @Override
    protected String providerId() {
      return "memory";
    }
  }
}
