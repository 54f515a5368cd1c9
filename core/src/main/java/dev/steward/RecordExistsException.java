package dev.steward;

/** A record was to be created under a key that is taken. */
public class RecordExistsException extends StewardException {
  private static final long serialVersionUID = 1L;
  private final transient ResourceRecord existing;

  public RecordExistsException(ResourceRecord existing) {
    super("A record for " + existing.key() + " exists already (state " + existing.state()
        + ", version " + existing.version() + "); transition it instead of creating it again");
    this.existing = existing;
  }

  public ResourceRecord existing() {
    return existing;
  }
}
