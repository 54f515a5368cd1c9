package dev.steward.migration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.steward.StewardVersion;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings JSON documents of any older schema version to the current one through a chain of
 * single-step migrations, v1 to v2, v2 to v3, and so on. The current version is one more than the
 * number of steps. A document without a version field is version 1. A document newer than the
 * current version is refused with {@link UnsupportedSchemaVersionException}.
 *
 * <p>Steps are registered in order; a gap or a second step from the same version is an error at
 * registration. Immutable and thread-safe once built.
 */
public final class MigrationChain {
  private static final Logger LOG = LoggerFactory.getLogger(MigrationChain.class);

  /** The field that holds the schema version, unless the builder names another. */
  public static final String DEFAULT_VERSION_FIELD = "schema_version";
  /** The field that holds the library version that wrote the document. */
  public static final String DEFAULT_WRITER_FIELD = "written_by";

  private final String documentKind;
  private final String versionField;
  private final String writerField;
  private final List<Migration> steps;

  private MigrationChain(Builder builder) {
    this.documentKind = builder.documentKind;
    this.versionField = builder.versionField;
    this.writerField = builder.writerField;
    this.steps = List.copyOf(builder.steps);
  }

  /** @param documentKind what the documents are, for messages, e.g. "state file" */
  public static Builder builder(String documentKind) {
    return new Builder(documentKind);
  }

  public int currentVersion() {
    return steps.size() + 1;
  }

  public String versionField() {
    return versionField;
  }

  public String writerField() {
    return writerField;
  }

  /**
   * The schema version {@code document} declares: its version field, or 1 when it has none.
   *
   * @throws MigrationException when it is not an object or its version is not a whole number >= 1
   */
  public int versionOf(JsonNode document) {
    if (document == null || !document.isObject()) {
      throw new MigrationException("The " + documentKind + " is not a JSON object (found "
          + (document == null ? "nothing" : document.getNodeType().toString().toLowerCase(java.util.Locale.ROOT)) + ")");
    }
    JsonNode version = document.get(versionField);
    if (version == null || version.isNull()) {
      return 1;
    }
    if (!version.canConvertToInt() || !version.isIntegralNumber() || version.intValue() < 1) {
      throw new MigrationException("The " + documentKind + " has an invalid " + versionField + ": "
          + version + " (expected a whole number from 1 to " + currentVersion() + ")");
    }
    return version.intValue();
  }

  /**
   * A copy of {@code document} at the current version. The input is never changed; the copy's
   * version field is set to the current version.
   *
   * @throws UnsupportedSchemaVersionException when the document is newer than this chain
   * @throws MigrationException when it is malformed or a step fails
   */
  public MigrationResult migrate(JsonNode document) {
    int from = versionOf(document);
    if (from > currentVersion()) {
      JsonNode writer = document.get(writerField);
      Optional<String> writtenBy = writer != null && writer.isTextual() ? Optional.of(writer.asText()) : Optional.empty();
      throw new UnsupportedSchemaVersionException(documentKind, from, currentVersion(), writtenBy, StewardVersion.current());
    }
    ObjectNode current = ((ObjectNode) document).deepCopy();
    List<String> applied = new ArrayList<>();
    for (Migration step : steps.subList(from - 1, steps.size())) {
      int to = step.fromVersion() + 1;
      ObjectNode next;
      try {
        next = step.apply(current);
      } catch (RuntimeException e) {
        throw new MigrationException("Migrating the " + documentKind + " from schema version " + step.fromVersion()
            + " to " + to + " (" + step.description() + ") failed: " + e.getMessage()
            + ". The original was left unchanged.", e);
      }
      if (next == null) {
        throw new MigrationException("Migration step " + step.fromVersion() + " -> " + to + " (" + step.description()
            + ") of the " + documentKind + " returned no document");
      }
      next.put(versionField, to);
      current = next;
      applied.add(step.description());
    }
    current.put(versionField, currentVersion());
    if (!applied.isEmpty()) {
      LOG.info("Migrated the {} from schema version {} to {}: {}", documentKind, from, currentVersion(), applied);
    }
    return new MigrationResult(current, from, currentVersion(), applied);
  }

  /** Collects steps in order. Not thread-safe. */
  public static final class Builder {
    private final String documentKind;
    private String versionField = DEFAULT_VERSION_FIELD;
    private String writerField = DEFAULT_WRITER_FIELD;
    private final List<Migration> steps = new ArrayList<>();

    private Builder(String documentKind) {
      this.documentKind = Objects.requireNonNull(documentKind, "documentKind");
    }

    public Builder versionField(String name) {
      this.versionField = Objects.requireNonNull(name, "name");
      return this;
    }

    public Builder writerField(String name) {
      this.writerField = Objects.requireNonNull(name, "name");
      return this;
    }

    /**
     * Registers the next step, which must migrate from the newest version so far.
     *
     * @throws IllegalArgumentException for a second step from a version already covered, or a
     *     step that leaves a gap
     */
    public Builder add(Migration step) {
      Objects.requireNonNull(step, "step");
      int expected = steps.size() + 1;
      if (step.fromVersion() < 1) {
        throw new IllegalArgumentException("Migration '" + step.description() + "' of the " + documentKind
            + " starts at version " + step.fromVersion() + "; versions start at 1");
      }
      if (step.fromVersion() < expected) {
        Migration existing = steps.get(step.fromVersion() - 1);
        throw new IllegalArgumentException("Duplicate migration of the " + documentKind + " from version "
            + step.fromVersion() + ": '" + step.description() + "' and '" + existing.description() + "'. Keep one.");
      }
      if (step.fromVersion() > expected) {
        throw new IllegalArgumentException("Missing migration of the " + documentKind + " from version " + expected
            + " to " + (expected + 1) + ": the next registered step, '" + step.description() + "', starts at version "
            + step.fromVersion() + ". Register the steps in order, one per version.");
      }
      steps.add(step);
      return this;
    }

    public MigrationChain build() {
      return new MigrationChain(this);
    }
  }
}
