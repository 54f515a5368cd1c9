package dev.steward.testsupport.lab;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Properties;

/**
 * The Debian hosts of {@code lab/host-container.sh} as a test sees them: each host's name, port and
 * container, the key, known_hosts and OpenSSH client config to log in as root with, and a way to
 * take a host down and bring it back.
 *
 * <pre>{@code
 * HostContainers lab = HostContainers.get();
 * String target = lab.host(2).target();                   // "127.0.0.1:2232" for the ssh transport
 * settings.set(SshSettings.CONFIG_FILE, lab.sshConfig().toString());  // or "steward-host-2"
 * lab.stop(lab.host(3)); ... lab.start(lab.host(3));
 * }</pre>
 *
 * Other test JVMs (and other builds on the machine) share these hosts: take down only a host a
 * test owns for the moment (the last one, say), and bring it back in a {@code finally}.
 * Immutable and thread-safe.
 */
public final class HostContainers {
  private static final String HINT = "; run lab/host-container.sh start again (it writes hosts.properties)";

  /**
   * One host container.
   *
   * @param number its number, from 1
   * @param name its name, a Host alias of {@link #sshConfig()} (e.g. {@code steward-host-1})
   * @param address the loopback address its sshd is published on
   * @param port its sshd's port there
   * @param container the Docker container's name
   */
  public record Host(int number, String name, String address, int port, String container) {
    public Host {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(address, "address");
      Objects.requireNonNull(container, "container");
    }

    /** {@code address:port}, as Steward's ssh transport takes a host without a config file. */
    public String target() {
      return address + ":" + port;
    }
  }

  private final List<Host> hosts;
  private final String user;
  private final Path identity;
  private final Path knownHosts;
  private final Path sshConfig;

  private HostContainers(List<Host> hosts, String user, Path identity, Path knownHosts, Path sshConfig) {
    this.hosts = List.copyOf(hosts);
    this.user = user;
    this.identity = identity;
    this.knownHosts = knownHosts;
    this.sshConfig = sshConfig;
  }

  /** The hosts, started first if this JVM has not yet; aborts the calling test without root, as {@link RequiresLab} does. */
  public static HostContainers get() {
    return from(Lab.properties(LabService.HOST_CONTAINER));
  }

  /** The hosts a {@code hosts.properties} describes. */
  static HostContainers from(Properties properties) {
    int count = Integer.parseInt(required(properties, "count"));
    List<Host> hosts = new ArrayList<>();
    for (int i = 1; i <= count; i++) {
      String container = required(properties, "host." + i + ".container");
      hosts.add(new Host(i, properties.getProperty("host." + i + ".name", container), required(properties, "host." + i + ".address"),
          Integer.parseInt(required(properties, "host." + i + ".port")), container));
    }
    return new HostContainers(hosts, required(properties, "user"), Path.of(required(properties, "identity")),
        Path.of(required(properties, "known_hosts")), Path.of(required(properties, "ssh_config")));
  }

  private static String required(Properties properties, String key) {
    String value = properties.getProperty(key);
    if (value == null || value.isBlank()) {
      throw new IllegalStateException("The lab's hosts.properties has no " + key + HINT);
    }
    return value;
  }

  /** Every host, by number. */
  public List<Host> hosts() {
    return hosts;
  }

  /**
   * Host {@code number}.
   *
   * @throws IllegalStateException when the lab runs fewer hosts
   */
  public Host host(int number) {
    if (number < 1 || number > hosts.size()) {
      throw new IllegalStateException("The lab runs " + hosts.size() + " host(s), not host " + number
          + "; run lab/host-container.sh start with STEWARD_LAB_HOST_COUNT=" + number + " or more");
    }
    return hosts.get(number - 1);
  }

  /** The user every host lets in with {@link #identity()}: root. */
  public String user() {
    return user;
  }

  /** The private key that logs into every host. */
  public Path identity() {
    return identity;
  }

  /** The known_hosts file listing every host's key as {@code [address]:port}. */
  public Path knownHosts() {
    return knownHosts;
  }

  /** The OpenSSH client config naming each host ({@code Host steward-host-1} ...): {@code ssh -F FILE steward-host-1}. */
  public Path sshConfig() {
    return sshConfig;
  }

  /** Takes {@code host} down ({@code lab/host-container.sh stop-host N}): its systemd halts and its sshd stops answering. */
  public void stop(Host host) {
    Lab.run(LabService.HOST_CONTAINER, "stop-host", Integer.toString(host.number()));
  }

  /** Brings {@code host} back ({@code lab/host-container.sh start-host N}) and returns once its sshd answers. */
  public void start(Host host) {
    Lab.run(LabService.HOST_CONTAINER, "start-host", Integer.toString(host.number()));
  }
}
