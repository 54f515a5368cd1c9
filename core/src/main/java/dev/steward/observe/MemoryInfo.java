package dev.steward.observe;

/**
 * How much memory a host has and how much of it could be given to new work without swapping.
 *
 * @param totalBytes {@code MemTotal}
 * @param availableBytes {@code MemAvailable}: free memory plus what the kernel can reclaim
 */
public record MemoryInfo(long totalBytes, long availableBytes) {
  public MemoryInfo {
    if (totalBytes <= 0 || availableBytes < 0) {
      throw new IllegalArgumentException("Total memory must be positive and available memory 0 or more, got "
          + totalBytes + " and " + availableBytes);
    }
  }

  /** Memory in use, {@code (total - available) / total}, as 0 to 100. */
  public double usedPercent() {
    long used = Math.max(0, totalBytes - availableBytes);
    return Math.min(100.0, 100.0 * used / totalBytes);
  }
}
