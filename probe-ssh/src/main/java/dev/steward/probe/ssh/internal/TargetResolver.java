package dev.steward.probe.ssh.internal;

import dev.steward.TransportException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.sshd.client.config.hosts.ConfigFileHostEntryResolver;
import org.apache.sshd.client.config.hosts.HostConfigEntry;

/**
 * Reads a host string ({@code host}, {@code user@host}, {@code host:port}, {@code [v6addr]:port},
 * or a Host alias of ~/.ssh/config) into a {@link Target}. What the host string says wins, then
 * the config file's entry, then the transport's settings. Thread-safe.
 */
final class TargetResolver {
  private static final Pattern HOST_STRING = Pattern.compile(
      "(?:(?<user>[^@\\s\\[\\]:]+)@)?(?:\\[(?<v6>[0-9A-Fa-f:.%a-zA-Z]+)\\]|(?<host>[A-Za-z0-9_.%-]+))(?::(?<port>\\d{1,5}))?");

  private final Optional<ConfigFileHostEntryResolver> config;
  private final String defaultUser;
  private final int defaultPort;

  TargetResolver(Optional<Path> configFile, String defaultUser, int defaultPort) {
    this.config = configFile.map(ConfigFileHostEntryResolver::new);
    this.defaultUser = defaultUser;
    this.defaultPort = defaultPort;
  }

  Target resolve(String host) {
    Matcher m = HOST_STRING.matcher(host);
    if (!m.matches() || host.startsWith("-")) {
      throw new TransportException(host, "'" + host + "' is not a host the ssh transport can reach: write host, user@host,"
          + " host:port or [ipv6]:port, or a Host alias of the ssh config", null);
    }
    String name = m.group("v6") != null ? m.group("v6") : m.group("host");
    Optional<String> user = Optional.ofNullable(m.group("user"));
    Optional<Integer> port = Optional.ofNullable(m.group("port")).map(Integer::valueOf);
    if (port.isPresent() && (port.get() < 1 || port.get() > 65535)) {
      throw new TransportException(host, "'" + host + "' names port " + port.get() + ", which is not between 1 and 65535", null);
    }
    HostConfigEntry entry = null;
    if (config.isPresent()) {
      try {
        entry = config.get().resolveEffectiveHost(name, port.orElse(0), null, user.orElse(null), null, null);
      } catch (IOException | RuntimeException e) {
        throw new TransportException(host, "Could not read the ssh config for " + host + ": " + e.getMessage()
            + "; fix the file or set steward.ssh.config=none", e);
      }
    }
    if (entry == null) {
      return new Target(name, port.orElse(defaultPort), user.orElse(defaultUser), List.of());
    }
    String hostName = entry.getHostName() == null || entry.getHostName().isBlank() ? name : entry.getHostName();
    // The resolver answers 22 both for "Port 22" and for no Port at all; only another port is the config's.
    int resolvedPort = port.orElse(entry.getPort() > 0 && entry.getPort() != 22 ? entry.getPort() : defaultPort);
    String resolvedUser = user.orElse(entry.getUsername() == null || entry.getUsername().isBlank() ? defaultUser : entry.getUsername());
    List<Path> identities = new ArrayList<>();
    for (String identity : entry.getIdentities()) {
      identities.add(dev.steward.probe.ssh.SshSettings.expandHome(identity));
    }
    return new Target(hostName, resolvedPort, resolvedUser, identities);
  }
}
