package dev.steward.store.postgres;

import dev.steward.ResourceKey;
import java.util.List;

/**
 * The connection died after a commit was sent, and re-reading the records afterwards could not
 * tell whether the write landed (another writer changed them meanwhile, or the server could not be
 * reached again). The store did not retry, so nothing is applied twice: read the records and decide.
 */
public class WriteOutcomeUnknownException extends PostgresStoreException {
  private static final long serialVersionUID = 1L;
  private final transient List<ResourceKey> keys;

  public WriteOutcomeUnknownException(String message, List<ResourceKey> keys, Throwable cause) {
    super(message, "", cause);
    this.keys = List.copyOf(keys);
  }

  /** The records the write was for. */
  public List<ResourceKey> keys() {
    return keys;
  }
}
