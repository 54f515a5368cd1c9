package dev.steward.bench;

/** The values of command-line options the benchmarks share; a bad one is an IllegalArgumentException naming its option. */
final class OptionValues {
  private OptionValues() {}

  static int number(String option, String value, int min, int max) {
    try {
      int n = Integer.parseInt(value);
      if (n >= min && n <= max) {
        return n;
      }
    } catch (NumberFormatException | NullPointerException e) {
      // reported below
    }
    throw new IllegalArgumentException(option + " needs a whole number from " + min + " to " + max + ", got " + value);
  }

  /** {@code --store file|memory}: whether the memory store was asked for. */
  static boolean memoryStore(String value) {
    if (!"file".equals(value) && !"memory".equals(value)) {
      throw new IllegalArgumentException("--store needs file or memory, got " + value);
    }
    return value.equals("memory");
  }
}
