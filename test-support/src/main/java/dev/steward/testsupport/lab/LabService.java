package dev.steward.testsupport.lab;

import java.nio.file.Path;

/**
 * One piece of the lab: the script in the repository's {@code lab/} directory that starts it,
 * where that script writes what a test needs to reach it, and why it needs root.
 */
public enum LabService {
  /** A loopback OpenSSH sshd and a plain user with /bin/sh to log in as: {@code lab/sshd.sh}, {@code lab.properties}. */
  SSHD("sshd.sh", "STEWARD_LAB_SSHD", "/tmp/steward-lab/sshd", "lab.properties",
      "starts a loopback OpenSSH sshd with a plain test user (apt-get, useradd)"),
  /** Debian hosts with systemd, sshd, pip and ufw in containers: {@code lab/host-container.sh}, {@code hosts.properties}. */
  HOST_CONTAINER("host-container.sh", "STEWARD_LAB_HOST", "/tmp/steward-lab/host", "hosts.properties",
      "starts a Debian host with systemd in a container (apt-get, dockerd, debootstrap)"),
  /** This machine's Docker engine with a busybox test image made by {@code docker import}: {@code lab/docker-images.sh}, {@code docker.properties}. */
  DOCKER("docker-images.sh", "STEWARD_LAB_DOCKER", "/tmp/steward-lab/docker", "docker.properties",
      "starts dockerd and imports a busybox test image (apt-get, dockerd, docker import)"),
  /**
   * A throwaway PostgreSQL cluster on 127.0.0.1 with a role {@code steward} (password in a file) and
   * its database: {@code lab/postgres.sh}, {@code postgres.properties} ({@code url}, {@code user},
   * {@code password_file}, ...).
   */
  POSTGRES("postgres.sh", "STEWARD_LAB_POSTGRES", "/tmp/steward-lab/postgres", "postgres.properties",
      "starts a throwaway PostgreSQL cluster as the postgres user (apt-get, runuser, initdb)");

  private final String script;
  private final String directoryVariable;
  private final String defaultDirectory;
  private final String propertiesFile;
  private final String whyRoot;

  LabService(String script, String directoryVariable, String defaultDirectory, String propertiesFile, String whyRoot) {
    this.script = script;
    this.directoryVariable = directoryVariable;
    this.defaultDirectory = defaultDirectory;
    this.propertiesFile = propertiesFile;
    this.whyRoot = whyRoot;
  }

  /** The script's path relative to the repository, e.g. {@code lab/sshd.sh}. */
  public String script() {
    return "lab/" + script;
  }

  /** Where the script keeps its files: {@code $STEWARD_LAB_...} or the default under /tmp/steward-lab. */
  public Path directory() {
    String set = System.getenv(directoryVariable);
    return Path.of(set == null || set.isBlank() ? defaultDirectory : set);
  }

  /** The properties file the script writes for the tests. */
  public Path propertiesFile() {
    return directory().resolve(propertiesFile);
  }

  /** What the script does that only root may do, for the message of a test skipped without root. */
  String whyRoot() {
    return whyRoot;
  }
}
