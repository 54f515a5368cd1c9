package dev.steward.reconcile;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells a listener, and logs it if it throws: a listener never stops a pass, an action or the other
 * listeners. The one place every caller of a {@link ReconcileListener} goes through.
 */
final class ListenerLog {
  private static final Logger LOG = LoggerFactory.getLogger(ReconcileListener.class);

  private ListenerLog() {}

  static void tell(Runnable call) {
    try {
      call.run();
    } catch (RuntimeException e) {
      LOG.warn("A reconcile listener failed: {}", e.toString());
    }
  }
}
