package dev.steward;

/** The store has no record for the key. */
public class RecordNotFoundException extends StewardException {
  private static final long serialVersionUID = 1L;
  private final ResourceKey key;

  public RecordNotFoundException(ResourceKey key) {
    super("No record for " + key + " in the state store; create it first");
    this.key = key;
  }

  public ResourceKey key() {
    return key;
  }
}
