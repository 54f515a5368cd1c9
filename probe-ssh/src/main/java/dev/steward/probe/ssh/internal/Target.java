package dev.steward.probe.ssh.internal;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Where a host name leads once the host string and ~/.ssh/config are read: the address to
 * connect to, the port, the user and the identity files the config names for it. Sessions are
 * pooled per target, so two names for one server share one session.
 *
 * @param hostName the name or address to connect to (the config's HostName, else the host)
 * @param port the TCP port
 * @param user the user to log in as
 * @param configIdentities the IdentityFile entries of the config for this host, tried first
 */
record Target(String hostName, int port, String user, List<Path> configIdentities) {
  Target {
    Objects.requireNonNull(hostName, "hostName");
    Objects.requireNonNull(user, "user");
    configIdentities = List.copyOf(configIdentities);
  }

  /** The host as known_hosts writes it: {@code host} on port 22, else {@code [host]:port}. */
  String knownHostsName() {
    return port == 22 ? hostName : "[" + hostName + "]:" + port;
  }

  @Override
  public String toString() {
    return user + "@" + knownHostsName();
  }
}
