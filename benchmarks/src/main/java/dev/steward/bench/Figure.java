package dev.steward.bench;

import java.util.Optional;

/**
 * One measured figure.
 *
 * @param section the group it is printed under
 * @param name what was measured
 * @param value the figure; {@code NaN} when it could not be measured
 * @param unit its unit
 * @param fsyncRatio whether the table shows it as a share of the raw fsync rate (rates only)
 * @param target the goal it is checked against, if any
 */
record Figure(String section, String name, double value, String unit, boolean fsyncRatio, Optional<Target> target) {

  static Figure rate(String section, String name, double perSecond, Optional<Target> target) {
    return new Figure(section, name, perSecond, "/s", true, target);
  }

  static Figure of(String section, String name, double value, String unit, Optional<Target> target) {
    return new Figure(section, name, value, unit, false, target);
  }

  boolean produced() {
    return !Double.isNaN(value) && !Double.isInfinite(value) && value > 0;
  }

  /** A goal for a figure: at least or at most a limit. */
  record Target(boolean atLeast, double limit, String text) {
    static Optional<Target> atLeast(double limit, String text) {
      return Optional.of(new Target(true, limit, text));
    }

    static Optional<Target> atMost(double limit, String text) {
      return Optional.of(new Target(false, limit, text));
    }

    boolean met(double value) {
      return atLeast ? value >= limit : value <= limit;
    }
  }
}
