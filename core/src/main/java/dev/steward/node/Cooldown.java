package dev.steward.node;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * A fleet's cooldown against a node's last change, in the words a plan gives when it holds an
 * action: "cooling down: last change 12s ago, cooldown 30s". Pure functions; the planner decides
 * which actions a cooldown may hold.
 */
final class Cooldown {
  private Cooldown() {}

  /**
   * Why a node changed at {@code lastChange} gets no new action at {@code now}, or empty when
   * {@code cooldown} has passed since (or is zero). A change exactly {@code cooldown} ago no longer
   * holds; a change after {@code now} (clocks of two machines that disagree) holds until its
   * cooldown has passed too.
   */
  static Optional<String> holds(Duration cooldown, Instant lastChange, Instant now) {
    if (cooldown.isZero() || !lastChange.isAfter(now.minus(cooldown))) {
      return Optional.empty();
    }
    Duration age = Duration.between(lastChange, now);
    String when = age.isNegative() ? words(age.negated()) + " after the plan's time" : words(age) + " ago";
    return Optional.of("cooling down: last change " + when + ", cooldown " + words(cooldown));
  }

  /** {@code 250ms} below a second; else whole hours, minutes and seconds, such as {@code 1h5m}, {@code 1m30s}, {@code 12s}. */
  static String words(Duration d) {
    if (d.compareTo(Duration.ofSeconds(1)) < 0) {
      return d.toMillis() + "ms";
    }
    long seconds = d.getSeconds();
    StringBuilder text = new StringBuilder();
    if (seconds >= 3600) {
      text.append(seconds / 3600).append('h');
    }
    if (seconds % 3600 >= 60) {
      text.append(seconds % 3600 / 60).append('m');
    }
    if (seconds % 60 > 0) {
      text.append(seconds % 60).append('s');
    }
    return text.toString();
  }
}
