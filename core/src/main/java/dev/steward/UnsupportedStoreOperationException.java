package dev.steward;

/**
 * A state store was asked for something it cannot do at all, such as exporting its whole state
 * ({@link StateStore#exportState}) from a store that keeps no lineage. Trying again will not help:
 * use a store that can, such as the built-in {@code file} store or the {@code postgres} store.
 * Carries the store's class and the operation.
 */
public class UnsupportedStoreOperationException extends StewardException {
  private static final long serialVersionUID = 1L;

  private final String storeClass;
  private final String operation;

  /**
   * @param operation what was asked, as a phrase after "cannot", e.g. "export its state"
   */
  public UnsupportedStoreOperationException(Class<?> storeClass, String operation) {
    super("The state store " + storeClass.getName() + " cannot " + operation
        + "; use a store that can, such as the built-in file store or the postgres store");
    this.storeClass = storeClass.getName();
    this.operation = operation;
  }

  /** The fully qualified name of the store's class. */
  public String storeClass() {
    return storeClass;
  }

  /** What was asked, e.g. "export its state". */
  public String operation() {
    return operation;
  }
}
