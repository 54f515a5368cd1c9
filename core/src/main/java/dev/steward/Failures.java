package dev.steward;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Failure bookkeeping of one record: how many attempts failed in a row, when the first and the last
 * failed, and what the last error was. Kept across failures; {@link #none()} after a retry.
 *
 * @param attempts failed attempts since the last reset, zero when healthy
 * @param firstFailureAt when the first of these failures happened
 * @param lastFailureAt when the last one happened
 * @param lastErrorType a short type such as the exception's simple class name, empty when healthy
 * @param lastErrorMessage the last error's message, empty when healthy
 */
public record Failures(
    int attempts,
    Optional<Instant> firstFailureAt,
    Optional<Instant> lastFailureAt,
    String lastErrorType,
    String lastErrorMessage) {

  private static final Failures NONE = new Failures(0, Optional.empty(), Optional.empty(), "", "");

  public Failures {
    Objects.requireNonNull(firstFailureAt, "firstFailureAt");
    Objects.requireNonNull(lastFailureAt, "lastFailureAt");
    Objects.requireNonNull(lastErrorType, "lastErrorType");
    Objects.requireNonNull(lastErrorMessage, "lastErrorMessage");
    if (attempts < 0) {
      throw new IllegalArgumentException("Failure attempts must be zero or more, got " + attempts);
    }
    if ((attempts == 0) != firstFailureAt.isEmpty() || (attempts == 0) != lastFailureAt.isEmpty()) {
      throw new IllegalArgumentException(
          "Failure times must be present exactly when attempts > 0 (attempts=" + attempts + ")");
    }
    if (firstFailureAt.isPresent() && lastFailureAt.get().isBefore(firstFailureAt.get())) {
      throw new IllegalArgumentException("The last failure cannot come before the first one");
    }
  }

  public static Failures none() {
    return NONE;
  }

  /** The bookkeeping after one more failure at {@code at}. */
  public Failures plus(Instant at, String errorType, String errorMessage) {
    Objects.requireNonNull(at, "at");
    Instant first = firstFailureAt.orElse(at);
    Instant last = lastFailureAt.isPresent() && at.isBefore(lastFailureAt.get()) ? lastFailureAt.get() : at;
    return new Failures(attempts + 1, Optional.of(first), Optional.of(last),
        Names.notBlank(errorType, "Error type"), Objects.requireNonNull(errorMessage, "errorMessage"));
  }

  public boolean isFailing() {
    return attempts > 0;
  }
}
