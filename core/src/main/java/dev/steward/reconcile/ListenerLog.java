package dev.steward.reconcile;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Where a listener that throws is reported; an interface cannot hold a private logger. */
final class ListenerLog {
  static final Logger LOG = LoggerFactory.getLogger(ReconcileListener.class);

  private ListenerLog() {}
}
