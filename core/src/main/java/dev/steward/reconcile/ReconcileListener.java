package dev.steward.reconcile;

import dev.steward.Action;
import dev.steward.ResourceRecord;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Follows a reconciler: every pass, every action and every record change. Called from the
 * reconciler's threads, concurrently for actions that run at once, so implementations must be
 * thread-safe and quick; an exception thrown by a listener is logged and ignored.
 */
public interface ReconcileListener {
  /** Before an action starts. */
  default void actionStarted(Action action) {}

  /** After an action ended, well or not. */
  default void actionFinished(ActionOutcome outcome) {}

  /**
   * After a record changed: created ({@code before} empty), moved to another state, or deleted
   * ({@code after} empty). Attribute-only changes are not reported.
   */
  default void recordChanged(Optional<ResourceRecord> before, Optional<ResourceRecord> after) {}

  /** After a pass, with everything it saw, planned and did. */
  default void passFinished(PassReport report) {}

  /** Tells each of {@code listeners} in turn; one that throws does not keep the others from hearing. */
  static ReconcileListener all(List<ReconcileListener> listeners) {
    List<ReconcileListener> copy = List.copyOf(listeners);
    return new ReconcileListener() {
      @Override
      public void actionStarted(Action action) {
        each(l -> l.actionStarted(action));
      }

      @Override
      public void actionFinished(ActionOutcome outcome) {
        each(l -> l.actionFinished(outcome));
      }

      @Override
      public void recordChanged(Optional<ResourceRecord> before, Optional<ResourceRecord> after) {
        each(l -> l.recordChanged(before, after));
      }

      @Override
      public void passFinished(PassReport report) {
        each(l -> l.passFinished(report));
      }

      private void each(Consumer<ReconcileListener> call) {
        for (ReconcileListener listener : copy) {
          ListenerLog.tell(() -> call.accept(listener));
        }
      }
    };
  }

  /** Listens to nothing. */
  static ReconcileListener none() {
    return new ReconcileListener() {};
  }
}
