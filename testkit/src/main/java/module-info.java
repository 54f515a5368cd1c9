/** Contract tests and helpers for testing Steward providers. */
module dev.steward.testkit {
  requires transitive dev.steward.core;
  requires transitive org.junit.jupiter.api;
  requires transitive dev.steward.testsupport;
  requires transitive org.assertj.core;
  requires java.compiler;

  exports dev.steward.testkit;
  exports dev.steward.testkit.contract;
}
