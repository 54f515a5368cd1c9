package dev.steward.store.postgres;

import java.time.Duration;

/**
 * The server cancelled a statement of the store after {@link PostgresStoreSettings#STATEMENT_TIMEOUT}
 * (SQLSTATE {@code 57014}), usually because another session held a lock the statement waited for.
 * Nothing was written.
 */
public class StatementTimeoutException extends PostgresStoreException {
  private static final long serialVersionUID = 1L;
  private final Duration timeout;

  public StatementTimeoutException(String message, Duration timeout, Throwable cause) {
    super(message, "57014", cause);
    this.timeout = timeout;
  }

  /** The statement timeout the store ran with. */
  public Duration timeout() {
    return timeout;
  }
}
