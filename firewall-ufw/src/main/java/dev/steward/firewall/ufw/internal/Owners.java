package dev.steward.firewall.ufw.internal;

import dev.steward.FirewallRule;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The owners Steward writes in a rule's comment: {@code steward:OWNER}, or {@code steward:A,B} when
 * several owners need the same port. ufw keeps one rule per port and protocol whatever its comment,
 * and a second {@code ufw allow} with another comment replaces the first; so every owner of a port
 * is listed in its one comment, and a port is closed only when the last owner lets it go.
 *
 * <p>An owner is a {@link FirewallRule#comment()}: letters, digits and {@code . _ @ : + -}, never a
 * comma or a space, so the list reads back unambiguously. A comment not starting with
 * {@code steward:} (or none) marks a rule a person made: Steward never changes nor removes it.
 * Thread-safe: no state.
 */
final class Owners {
  static final String PREFIX = "steward:";
  private static final Pattern OWNER = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@:+-]{0,254}");

  private Owners() {}

  /** The owners a comment names, or empty when it is not Steward's. */
  static Optional<List<String>> of(Optional<String> comment) {
    if (comment.isEmpty() || !comment.get().startsWith(PREFIX)) {
      return Optional.empty();
    }
    LinkedHashSet<String> owners = new LinkedHashSet<>();
    for (String owner : comment.get().substring(PREFIX.length()).split(",", -1)) {
      if (OWNER.matcher(owner).matches()) {
        owners.add(owner);
      }
    }
    return Optional.of(List.copyOf(owners));
  }

  /** The comment naming {@code owners}, in order. */
  static String comment(List<String> owners) {
    return PREFIX + String.join(",", owners);
  }

  /** {@code owners} and {@code owner}, once. */
  static List<String> adding(List<String> owners, String owner) {
    LinkedHashSet<String> out = new LinkedHashSet<>(owners);
    out.add(owner);
    return List.copyOf(out);
  }

  /** {@code owners} without {@code owner}. */
  static List<String> removing(List<String> owners, String owner) {
    List<String> out = new ArrayList<>(owners);
    out.removeAll(Arrays.asList(owner));
    return List.copyOf(out);
  }
}
