/**
 * The lab: real systems (an OpenSSH server, a Debian host in a container, ...) that integration
 * tests drive, started on demand the way Testcontainers starts containers. A test class says what
 * it needs with {@link dev.steward.testsupport.lab.RequiresLab}; {@link
 * dev.steward.testsupport.lab.Lab} runs the piece's idempotent script from the repository's
 * {@code lab/} directory once per JVM, under a file lock that other JVMs respect, and hands the
 * test the properties the script wrote.
 *
 * <p>A new piece (a Docker engine, PostgreSQL, ...) plugs in as a {@link
 * dev.steward.testsupport.lab.LabService} constant and a script {@code lab/NAME.sh} that keeps the
 * same contract: {@code start} is idempotent, needs root, and writes a properties file into its
 * directory ({@code $STEWARD_LAB_...}, under {@code /tmp/steward-lab} by default); {@code status}
 * exits 0 when the piece answers.
 */
package dev.steward.testsupport.lab;
