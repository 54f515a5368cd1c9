package dev.steward.observe;

/**
 * The load averages of {@code /proc/loadavg}: how many tasks were running or waiting to run,
 * averaged over 1, 5 and 15 minutes.
 *
 * @param load1 the one-minute average
 * @param load5 the five-minute average
 * @param load15 the fifteen-minute average
 * @param runnable tasks runnable right now
 * @param tasks tasks that exist right now
 */
public record LoadAverage(double load1, double load5, double load15, int runnable, int tasks) {
  public LoadAverage {
    if (!(load1 >= 0 && load5 >= 0 && load15 >= 0) || runnable < 0 || tasks < 0) {
      throw new IllegalArgumentException("Load averages and task counts are 0 or more");
    }
  }
}
