package dev.steward.probe.ssh;

import dev.steward.Setting;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The settings of the {@code ssh} transport, with their defaults. Nothing under {@code ~/.ssh} is
 * read unless one of these settings points there, and by default they do just what OpenSSH's
 * client would: {@code ~/.ssh/config}, {@code ~/.ssh/known_hosts}, the usual identity files and
 * {@code $SSH_AUTH_SOCK}. Host keys are checked strictly unless {@link #HOST_KEY_POLICY} says
 * {@code accept-new}. Constants only; thread-safe.
 */
public final class SshSettings {
  private static final String HOME = System.getProperty("user.home");

  public static final Setting<String> USER = Setting.text("steward.ssh.user",
          "the user to log in as, unless the host is written user@host or ~/.ssh/config names a User")
      .withDefault(System.getProperty("user.name"))
      .require(s -> !s.isBlank() && s.chars().noneMatch(c -> c <= ' ' || c == '@'), "be a user name without spaces or '@'");

  public static final Setting<Integer> PORT = Setting.integer("steward.ssh.port",
          "the port to connect to, unless the host is written host:port or ~/.ssh/config names a Port")
      .withDefault(22)
      .require(p -> p >= 1 && p <= 65535, "be a port between 1 and 65535");

  public static final Setting<String> IDENTITY_FILES = Setting.text("steward.ssh.identity-files",
          "comma-separated OpenSSH private key files to try, after the IdentityFile of ~/.ssh/config; missing files are skipped; 'none' for none")
      .withDefault(String.join(",", HOME + "/.ssh/id_ed25519", HOME + "/.ssh/id_ecdsa", HOME + "/.ssh/id_rsa"));

  public static final Setting<Path> KNOWN_HOSTS = Setting.path("steward.ssh.known-hosts",
          "the OpenSSH known_hosts file host keys are checked against (and written to with accept-new)")
      .withDefault(Path.of(HOME, ".ssh", "known_hosts"));

  public static final Setting<String> HOST_KEY_POLICY = Setting.text("steward.ssh.host-key-policy",
          "what to do with a host whose key known_hosts does not list: 'strict' refuses it, 'accept-new' trusts it on first use and writes it to known_hosts; a changed key is always refused")
      .withDefault("strict")
      .require(s -> HostKeyPolicy.parse(s).isPresent(), "be 'strict' or 'accept-new'");

  public static final Setting<String> CONFIG_FILE = Setting.text("steward.ssh.config",
          "the OpenSSH client config file whose Host, HostName, Port, User and IdentityFile are honoured; 'none' for none")
      .withDefault(HOME + "/.ssh/config");

  public static final Setting<String> AGENT = Setting.text("steward.ssh.agent",
          "the ssh-agent socket to take keys from: 'auto' ($SSH_AUTH_SOCK when set), 'none', or a socket path")
      .withDefault("auto");

  public static final Setting<Duration> CONNECT_TIMEOUT = Setting.duration("steward.ssh.connect-timeout",
          "how long connecting may take, up to and including the key exchange")
      .withDefault(Duration.ofSeconds(10))
      .require(SshSettings::positive, "be positive");

  public static final Setting<Duration> AUTH_TIMEOUT = Setting.duration("steward.ssh.auth-timeout",
          "how long authentication may take")
      .withDefault(Duration.ofSeconds(10))
      .require(SshSettings::positive, "be positive");

  public static final Setting<Duration> KEEPALIVE_INTERVAL = Setting.duration("steward.ssh.keepalive",
          "how often an open session asks the server for a reply; after 3 unanswered asks the session is dropped; 0s for never")
      .withDefault(Duration.ofSeconds(15))
      .require(d -> !d.isNegative(), "not be negative");

  public static final Setting<Duration> IDLE_CLOSE = Setting.duration("steward.ssh.idle-close",
          "how long a pooled session may stay unused before it is closed")
      .withDefault(Duration.ofMinutes(5))
      .require(SshSettings::positive, "be positive");

  public static final Setting<Integer> MAX_CHANNELS = Setting.integer("steward.ssh.max-channels",
          "how many commands may run at once on one host's session (OpenSSH's MaxSessions is 10 by default)")
      .withDefault(10)
      .require(n -> n >= 2 && n <= 1000, "be between 2 and 1000");

  public static final Setting<String> KEX_ALGORITHMS = Setting.text("steward.ssh.kex-algorithms",
          "key exchange algorithms to offer, most preferred first (comma-separated SSH names)")
      .withDefault(String.join(",", "mlkem768x25519-sha256", "curve25519-sha256", "curve25519-sha256@libssh.org",
          "sntrup761x25519-sha512", "sntrup761x25519-sha512@openssh.com", "ecdh-sha2-nistp256", "ecdh-sha2-nistp384",
          "ecdh-sha2-nistp521", "diffie-hellman-group-exchange-sha256", "diffie-hellman-group16-sha512",
          "diffie-hellman-group18-sha512", "diffie-hellman-group14-sha256"))
      .require(s -> !s.isBlank(), "name at least one algorithm");

  public static final Setting<Boolean> SUDO = Setting.flag("steward.ssh.sudo",
          "run every command through 'sudo -n' (it fails rather than asks when sudo wants a password)")
      .withDefault(false);

  public static final Setting<String> PASSWORD = Setting.text("steward.ssh.password",
          "a password to log in with; password authentication is tried only when this is set").secret();

  public static final Setting<String> PASSPHRASE = Setting.text("steward.ssh.passphrase",
          "the passphrase of encrypted identity files, when no passphrase provider is set").secret();

  public static final Setting<PassphraseProvider> PASSPHRASE_PROVIDER = Setting.object("steward.ssh.passphrase-provider",
      PassphraseProvider.class, "asked for the passphrase of each encrypted identity file");

  private SshSettings() {}

  /** Every key, in a stable order. */
  public static List<Setting<?>> all() {
    return List.of(USER, PORT, IDENTITY_FILES, KNOWN_HOSTS, HOST_KEY_POLICY, CONFIG_FILE, AGENT, CONNECT_TIMEOUT,
        AUTH_TIMEOUT, KEEPALIVE_INTERVAL, IDLE_CLOSE, MAX_CHANNELS, KEX_ALGORITHMS, SUDO, PASSWORD, PASSPHRASE, PASSPHRASE_PROVIDER);
  }

  /** The files an {@link #IDENTITY_FILES} value names, {@code ~/} expanded; empty for {@code none}. */
  public static List<Path> identityFiles(String value) {
    List<Path> files = new ArrayList<>();
    if (value.strip().toLowerCase(Locale.ROOT).equals("none")) {
      return List.of();
    }
    for (String part : value.split(",")) {
      String file = part.strip();
      if (!file.isEmpty()) {
        files.add(expandHome(file));
      }
    }
    return List.copyOf(files);
  }

  /** {@code ~/x} as a path under the user's home; anything else as it is. */
  public static Path expandHome(String file) {
    if (file.equals("~")) {
      return Path.of(HOME);
    }
    if (file.startsWith("~/")) {
      return Path.of(HOME, file.substring(2));
    }
    return Path.of(file);
  }

  private static boolean positive(Duration d) {
    return !d.isNegative() && !d.isZero();
  }
}
