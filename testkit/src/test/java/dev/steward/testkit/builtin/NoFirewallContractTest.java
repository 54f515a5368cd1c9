package dev.steward.testkit.builtin;

import dev.steward.testkit.contract.FirewallManagerContract;

class NoFirewallContractTest extends FirewallManagerContract {
  @Override
  protected String providerId() {
    return "none";
  }

  @Override
  protected String host() {
    return "local";
  }

  @Override
  protected boolean appliesRules() {
    return false;
  }
}
