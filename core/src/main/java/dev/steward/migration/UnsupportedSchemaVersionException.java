package dev.steward.migration;

import java.util.Optional;

/**
 * A document was written with a schema newer than this library knows. It is refused untouched: a
 * guess at reading it could lose what the newer version wrote.
 */
public class UnsupportedSchemaVersionException extends MigrationException {
  private static final long serialVersionUID = 1L;

  private final int documentVersion;
  private final int newestKnown;
  private final String writtenBy;

  public UnsupportedSchemaVersionException(String documentKind, int documentVersion, int newestKnown,
      Optional<String> writtenBy, String libraryVersion) {
    super(message(documentKind, documentVersion, newestKnown, writtenBy, libraryVersion));
    this.documentVersion = documentVersion;
    this.newestKnown = newestKnown;
    this.writtenBy = writtenBy.orElse("");
  }

  private static String message(String kind, int version, int newest, Optional<String> writtenBy, String library) {
    String head = "The " + kind + " has schema version " + version + ", but Steward " + library
        + " reads schema versions 1 to " + newest + ". ";
    return head + writtenBy
        .map(w -> "It was written by Steward " + w + ": read it with Steward " + w + " or newer.")
        .orElse("Read it with the newer Steward that wrote it.")
        + " Nothing was changed.";
  }

  public int documentVersion() {
    return documentVersion;
  }

  public int newestKnownVersion() {
    return newestKnown;
  }

  /** The library version that wrote the document, if it said; empty when unknown. */
  public Optional<String> writtenBy() {
    return writtenBy.isEmpty() ? Optional.empty() : Optional.of(writtenBy);
  }
}
