package dev.steward.migration;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Objects;

/**
 * A document brought to the current schema.
 *
 * @param document the migrated document (a copy; the input is never changed)
 * @param fromVersion the version the input had
 * @param toVersion the version it has now
 * @param applied descriptions of the steps that ran, in order; empty when it was current
 */
public record MigrationResult(ObjectNode document, int fromVersion, int toVersion, List<String> applied) {
  public MigrationResult {
    Objects.requireNonNull(document, "document");
    applied = List.copyOf(applied);
  }

  public boolean migrated() {
    return fromVersion != toVersion;
  }
}
