package dev.steward.firewall.ufw;

import dev.steward.Command;
import dev.steward.CoreSettings;
import dev.steward.Settings;
import dev.steward.Transport;
import dev.steward.probe.ssh.SshSettings;
import dev.steward.probe.ssh.SshTransport;
import dev.steward.testsupport.lab.Lab;
import dev.steward.testsupport.lab.LabService;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * ufw on the lab's first host container, reached as root over ssh: commands a person would type,
 * for the integration tests to arrange and check what the manager did, and the host's ufw put back
 * as it was found. The lab host starts with ufw inactive; the tests need it active, so
 * {@link #activate()} allows ssh (22/tcp) first, or enabling would shut the tests out.
 */
final class LabUfw implements AutoCloseable {
  /** The ports the tests use, far from anything the lab host runs. */
  static final int FIRST_PORT = 43000;
  static final int LAST_PORT = 43009;
  private static final Pattern TEST_RULE = Pattern.compile("ufw ((?:allow|deny|reject|limit)(?: in| log| log-all)*) ([0-9]+)/(tcp|udp)(?: comment '.*')?");

  private final Properties lab = Lab.properties(LabService.HOST_CONTAINER);
  private final SshTransport ssh = SshTransport.open(sshSettings().build());
  private final String host = "127.0.0.1:" + lab.getProperty("host.1.port");
  private final boolean wasActive;
  private final boolean hadSsh;

  LabUfw() {
    wasActive = active();
    // With any comment: a rule "allow 22/tcp comment 'x'" is the same rule to ufw, and deleting it
    // at the end would lock everyone out of an active ufw.
    hadSsh = ufw("show", "added").lines().anyMatch(l -> l.equals("ufw allow 22/tcp") || l.startsWith("ufw allow 22/tcp comment "));
    deleteTestRules();
  }

  /** The settings that reach the lab host over ssh as root, with the ssh transport selected. */
  Settings.Builder sshSettings() {
    return Settings.builder()
        .set(CoreSettings.TRANSPORT, "ssh")
        .set(SshSettings.USER, lab.getProperty("user"))
        .set(SshSettings.IDENTITY_FILES, lab.getProperty("identity"))
        .set(SshSettings.KNOWN_HOSTS, Path.of(lab.getProperty("known_hosts")))
        .set(SshSettings.CONFIG_FILE, "none")
        .set(SshSettings.AGENT, "none");
  }

  String host() {
    return host;
  }

  Transport transport() {
    return ssh;
  }

  /** Runs {@code env LC_ALL=C ufw WORDS} on the host and gives its stdout; a failure fails the test. */
  String ufw(String... words) {
    List<String> argv = new ArrayList<>(List.of("env", "LC_ALL=C", "ufw"));
    argv.addAll(List.of(words));
    return ssh.run(host, Command.of(argv)).requireSuccess().stdout();
  }

  boolean active() {
    return ufw("status").startsWith("Status: active");
  }

  /**
   * The lines of {@code ufw status verbose} about {@code portAndProtocol}, e.g. {@code 43000/udp}
   * for the IPv4 rule or {@code 43000/udp (v6)} for its IPv6 copy, trailing spaces cut.
   */
  List<String> statusOf(String portAndProtocol) {
    return ufw("status", "verbose").lines()
        .filter(l -> l.startsWith(portAndProtocol + " ") && (portAndProtocol.endsWith("(v6)") || !l.contains("(v6)")))
        .map(String::stripTrailing).toList();
  }

  void activate() {
    if (!active()) {
      ufw("allow", "22/tcp");
      ufw("--force", "enable");
    }
  }

  void deactivate() {
    if (active()) {
      ufw("disable");
    }
  }

  /**
   * Every stored rule of the test ports, whatever its action and comment, deleted by the words
   * {@code ufw show added} lists it with (without the comment, which delete then need not match):
   * for cleaning up, never what the manager does.
   */
  void deleteTestRules() {
    for (String line : ufw("show", "added").lines().toList()) {
      Matcher m = TEST_RULE.matcher(line);
      if (m.matches() && Integer.parseInt(m.group(2)) >= FIRST_PORT && Integer.parseInt(m.group(2)) <= LAST_PORT) {
        List<String> words = new ArrayList<>(List.of("delete"));
        words.addAll(List.of(m.group(1).split(" ")));
        words.add(m.group(2) + "/" + m.group(3));
        ufw(words.toArray(String[]::new));
      }
    }
  }

  /** Deletes the test rules and puts back ufw's state and its ssh rule as they were found. */
  @Override
  public void close() {
    try {
      deleteTestRules();
      if (!wasActive) {
        deactivate();
      }
      if (!hadSsh) {
        ufw("delete", "allow", "22/tcp");
      }
    } finally {
      ssh.close();
    }
  }
}
