/**
 * {@link dev.steward.testsupport.ssh.EmbeddedSshd}: an Apache SSHD server in the test's JVM, for
 * unit tests of SSH clients. Needs Apache SSHD ({@code sshd-osgi}) on the test class path.
 */
package dev.steward.testsupport.ssh;
