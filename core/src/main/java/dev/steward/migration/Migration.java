package dev.steward.migration;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * One step of a schema: turns a document of version {@link #fromVersion()} into one of the next
 * version. A step may change the document it is given (the chain hands it a private copy) and need
 * not set the version field; the chain does.
 */
public interface Migration {
  /** The version this step reads; it writes {@code fromVersion() + 1}. */
  int fromVersion();

  /** What the step changes, for logs and messages, e.g. "rename status to state". */
  String description();

  ObjectNode apply(ObjectNode document);

  static Migration of(int fromVersion, String description, UnaryOperator<ObjectNode> step) {
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(step, "step");
    return new Migration() {
      @Override
      public int fromVersion() {
        return fromVersion;
      }

      @Override
      public String description() {
        return description;
      }

      @Override
      public ObjectNode apply(ObjectNode document) {
        return step.apply(document);
      }

      @Override
      public String toString() {
        return "v" + fromVersion + "->v" + (fromVersion + 1) + " (" + description + ")";
      }
    };
  }
}
