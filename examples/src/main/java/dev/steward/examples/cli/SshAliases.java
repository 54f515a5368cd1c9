package dev.steward.examples.cli;

import dev.steward.probe.ssh.SshSettings;
import dev.steward.status.StatusLocation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The other names of a host in the OpenSSH client config: the {@code HostName} (and {@code Port})
 * an alias stands for, and the aliases that stand for a host name. Only plain {@code Host} names
 * count, not patterns. Reads the file once; a file that cannot be read gives no other names.
 */
final class SshAliases {
  /** One {@code Host} block: its plain names, and its HostName and Port if it gives them. */
  private record Block(List<String> names, String hostName, String port) {}

  private final List<Block> blocks;

  private SshAliases(List<Block> blocks) {
    this.blocks = blocks;
  }

  /** The config {@link SshSettings#CONFIG_FILE} names; none for {@code none}. */
  static SshAliases of(String configFile) {
    if (configFile.equals("none")) {
      return new SshAliases(List.of());
    }
    Path file = SshSettings.expandHome(configFile);
    List<Block> blocks = new ArrayList<>();
    try {
      List<String> names = null;
      String hostName = null;
      String port = null;
      for (String raw : Files.readAllLines(file)) {
        String line = raw.strip();
        if (line.isEmpty() || line.startsWith("#")) {
          continue;
        }
        String[] words = line.split("[\\s=]+", 2);
        String keyword = words[0].toLowerCase(Locale.ROOT);
        String value = words.length > 1 ? words[1].strip() : "";
        if (keyword.equals("host") || keyword.equals("match")) {
          if (names != null) {
            blocks.add(new Block(names, hostName, port));
          }
          names = keyword.equals("host")
              ? List.of(value.split("\\s+")).stream().filter(n -> !n.contains("*") && !n.contains("?") && !n.startsWith("!")).toList()
              : List.of();
          hostName = null;
          port = null;
        } else if (keyword.equals("hostname") && hostName == null) {
          hostName = value;
        } else if (keyword.equals("port") && port == null) {
          port = value;
        }
      }
      if (names != null) {
        blocks.add(new Block(names, hostName, port));
      }
    } catch (IOException | RuntimeException e) {
      return new SshAliases(List.of());
    }
    return new SshAliases(blocks);
  }

  /**
   * {@code host} in its canonical form, then its other names: the host an alias stands for, the
   * aliases that stand for it; each canonical, none twice.
   */
  List<String> names(String host) {
    String canonical = StatusLocation.canonicalHost(host);
    Set<String> all = new LinkedHashSet<>();
    all.add(canonical);
    for (Block block : blocks) {
      if (block.hostName() == null) {
        continue;
      }
      String target = StatusLocation.canonicalHost(block.hostName() + (block.port() == null ? "" : ":" + block.port()));
      for (String name : block.names()) {
        if (name.toLowerCase(Locale.ROOT).equals(canonical)) {
          all.add(target);
        } else if (target.equals(canonical)) {
          all.add(StatusLocation.canonicalHost(name));
        }
      }
    }
    return List.copyOf(all);
  }
}
