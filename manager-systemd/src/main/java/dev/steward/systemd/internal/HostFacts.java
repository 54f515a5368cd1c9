package dev.steward.systemd.internal;

import dev.steward.Command;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the manager needs to know of a host once: the transport user (name, uid, home) and the
 * version of systemd, which decides how {@code systemctl show} is asked for timestamps. Read with
 * one command ({@link #COMMAND}) by {@link #parse}. Immutable.
 *
 * @param user the user commands run as on the host
 * @param uid that user's uid
 * @param home that user's home directory
 * @param systemdVersion the major version {@code systemctl --version} names, e.g. 252
 * @param systemdRelease what the first line of {@code systemctl --version} says after {@code systemd}: the major version and
 *     the distribution's release, e.g. {@code 252 (252.39-1~deb12u2)}
 */
record HostFacts(String user, long uid, String home, int systemdVersion, String systemdRelease) {
  /** Prints the home, the user, the uid, then systemctl's version lines; exits with systemctl's status. */
  static final Command COMMAND = Command.of("sh", "-c", "printf '%s\\n' \"$HOME\" && id -un && id -u && systemctl --version");

  /** {@code --timestamp=unix} ({@code @SECONDS}) first came with systemd 251. */
  static final int UNIX_TIMESTAMPS = 251;
  /** {@code --timestamp=} itself, and its {@code utc} style, came with systemd 247. */
  static final int TIMESTAMP_OPTION = 247;

  private static final Pattern VERSION = Pattern.compile("systemd (([0-9]{1,5})(?:[ .~+-].*)?)");

  /**
   * The facts in the command's output.
   *
   * @throws IllegalArgumentException saying what was expected, for output of another form
   */
  static HostFacts parse(String stdout) {
    List<String> lines = stdout.lines().toList();
    if (lines.size() < 4) {
      throw new IllegalArgumentException("expected the home directory, the user, the uid and systemctl's version on four lines,"
          + " found " + lines.size() + " line(s)");
    }
    String home = lines.get(0);
    if (!home.startsWith("/")) {
      throw new IllegalArgumentException("expected an absolute home directory, found '" + home + "'");
    }
    String user = lines.get(1);
    if (user.isEmpty() || user.chars().anyMatch(c -> c <= ' ')) {
      throw new IllegalArgumentException("expected a user name, found '" + user + "'");
    }
    if (!lines.get(2).matches("[0-9]{1,10}")) {
      throw new IllegalArgumentException("expected a uid, found '" + lines.get(2) + "'");
    }
    Matcher version = VERSION.matcher(lines.get(3));
    if (!version.matches()) {
      throw new IllegalArgumentException("expected 'systemd VERSION ...' from systemctl --version, found '" + lines.get(3) + "'");
    }
    return new HostFacts(user, Long.parseLong(lines.get(2)), home, Integer.parseInt(version.group(2)), version.group(1).strip());
  }

  /**
   * The options that make {@code systemctl show} print {@code ExecMainStartTimestamp} in a form
   * with a known offset: {@code @SECONDS} from 251 on, {@code ... UTC} with {@code --timestamp=utc}
   * from 247 on, and before that the default form, made UTC by {@link #showEnvironment()}.
   */
  List<String> timestampOptions() {
    if (systemdVersion >= UNIX_TIMESTAMPS) {
      return List.of("--timestamp=unix");
    }
    return systemdVersion >= TIMESTAMP_OPTION ? List.of("--timestamp=utc") : List.of();
  }

  /** The environment {@code systemctl show} needs for {@link #timestampOptions()}: the C locale in UTC before 247. */
  Map<String, String> showEnvironment() {
    return systemdVersion >= TIMESTAMP_OPTION ? Map.of() : Map.of("LC_ALL", "C", "TZ", "UTC");
  }

  /** Where the user's systemd keeps its runtime socket, for {@code systemctl --user} from any session. */
  Optional<String> runtimeDirectory(UnitScope scope) {
    return scope == UnitScope.USER ? Optional.of("/run/user/" + uid) : Optional.empty();
  }
}
