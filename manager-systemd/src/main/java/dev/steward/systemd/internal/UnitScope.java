package dev.steward.systemd.internal;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Which systemd manages the units: the system's ({@code /etc/systemd/system}, plain
 * {@code systemctl}) or the transport user's own ({@code ~/.config/systemd/user},
 * {@code systemctl --user}).
 */
enum UnitScope {
  SYSTEM,
  USER;

  /** The scope a setting names: {@code system} or {@code user}. */
  static Optional<UnitScope> parse(String text) {
    return switch (text.strip().toLowerCase(Locale.ROOT)) {
      case "system" -> Optional.of(SYSTEM);
      case "user" -> Optional.of(USER);
      default -> Optional.empty();
    };
  }

  /** {@code systemctl}, with {@code --user} in user scope. */
  List<String> systemctl() {
    return this == SYSTEM ? List.of("systemctl") : List.of("systemctl", "--user");
  }

  /** journalctl's match for the messages of {@code unit}: the unit's own and systemd's about it. */
  List<String> journalMatch(String unit) {
    return this == SYSTEM ? List.of("-u", unit) : List.of("--user-unit=" + unit);
  }

  /** {@link #journalMatch} for a unit named by a shell {@code variable} such as {@code $u}, as shell words. */
  String journalMatchOf(String variable) {
    return this == SYSTEM ? "-u \"" + variable + "\"" : "\"--user-unit=" + variable + "\"";
  }

  /** Where Steward writes its unit files, for a user whose home is {@code home}. */
  String unitDirectory(String home) {
    return this == SYSTEM ? "/etc/systemd/system" : (home.endsWith("/") ? home : home + "/") + ".config/systemd/user";
  }
}
