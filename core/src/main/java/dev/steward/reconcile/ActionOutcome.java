package dev.steward.reconcile;

import dev.steward.Action;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How one action ended.
 *
 * @param action the action
 * @param result done, failed, or skipped (a dry run, or nothing to do)
 * @param detail what happened, in words for a person (the error message when it failed)
 * @param errorType the failure's type, e.g. {@code ProcessStartException}, when it failed
 * @param took how long it ran
 */
public record ActionOutcome(Action action, Result result, String detail, Optional<String> errorType, Duration took) {
  /** How an action ended. */
  public enum Result {
    DONE,
    FAILED,
    SKIPPED
  }

  public ActionOutcome {
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(result, "result");
    Objects.requireNonNull(detail, "detail");
    Objects.requireNonNull(errorType, "errorType");
    Objects.requireNonNull(took, "took");
    if ((result == Result.FAILED) != errorType.isPresent()) {
      throw new IllegalArgumentException("An outcome has an error type exactly when it failed");
    }
  }

  public boolean failed() {
    return result == Result.FAILED;
  }
}
