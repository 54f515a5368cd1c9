/**
 * Test helpers Steward's modules share: the lab extension, a test clock, polling with a deadline
 * and an embedded SSH server. Depends on no Steward module, so every module's tests can use it.
 */
module dev.steward.testsupport {
  requires transitive org.junit.jupiter.api;
  requires org.junit.platform.commons;
  requires static org.apache.sshd.osgi;

  exports dev.steward.testsupport;
  exports dev.steward.testsupport.lab;
  exports dev.steward.testsupport.ssh;
}
