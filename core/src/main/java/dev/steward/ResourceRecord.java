package dev.steward;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What the state store remembers about one resource. Immutable: every change makes a new record
 * with a higher {@link #version()}.
 *
 * @param key the resource
 * @param lifecycle the name of the lifecycle table its states follow, e.g. {@code node}
 * @param state its current lifecycle state, e.g. {@code RUNNING}
 * @param reason why it is in that state, in words for a person; empty when there is nothing to say
 * @param spec the desired state it was created or last updated for, if any
 * @param attributes free-form facts such as {@code pid} or {@code port}
 * @param createdAt when the record was created
 * @param updatedAt when it last changed
 * @param failures the failure bookkeeping
 * @param checkpoints named stages that are done, with when they were done (a pipeline asks "is
 *     stage X done for this item?")
 * @param version starts at 1 and grows by one with every change
 */
public record ResourceRecord(
    ResourceKey key,
    String lifecycle,
    String state,
    String reason,
    Optional<Spec> spec,
    Map<String, String> attributes,
    Instant createdAt,
    Instant updatedAt,
    Failures failures,
    Map<String, Instant> checkpoints,
    long version) {

  private static final java.util.regex.Pattern STAGE = java.util.regex.Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");

  public ResourceRecord {
    Objects.requireNonNull(key, "key");
    Names.notBlank(lifecycle, "Lifecycle name");
    Names.notBlank(state, "State");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(spec, "spec");
    attributes = Maps.copySorted(attributes, "Attribute");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(updatedAt, "updatedAt");
    Objects.requireNonNull(failures, "failures");
    checkpoints = copyCheckpoints(checkpoints);
    if (spec.isPresent() && !spec.get().key().equals(key)) {
      throw new IllegalArgumentException(
          "The spec of " + key + " is for another resource: " + spec.get().key());
    }
    if (updatedAt.isBefore(createdAt)) {
      throw new IllegalArgumentException(
          "Record " + key + " cannot be updated (" + updatedAt + ") before it was created (" + createdAt + ")");
    }
    if (version < 1) {
      throw new IllegalArgumentException("Record versions start at 1, got " + version);
    }
  }

  /** A record without checkpoints. */
  public ResourceRecord(ResourceKey key, String lifecycle, String state, String reason, Optional<Spec> spec,
      Map<String, String> attributes, Instant createdAt, Instant updatedAt, Failures failures, long version) {
    this(key, lifecycle, state, reason, spec, attributes, createdAt, updatedAt, failures, Map.of(), version);
  }

  /** Checks a checkpoint's stage name: letters, digits and . _ -, e.g. {@code METADATA_FETCHED}. */
  public static String requireStageName(String stage) {
    Objects.requireNonNull(stage, "stage");
    if (!STAGE.matcher(stage).matches()) {
      throw new IllegalArgumentException("Checkpoint stage '" + Names.printable(stage)
          + "' is not valid: use letters, digits and . _ -, starting with a letter or digit, at most 63 characters");
    }
    return stage;
  }

  private static Map<String, Instant> copyCheckpoints(Map<String, Instant> checkpoints) {
    java.util.TreeMap<String, Instant> copy = new java.util.TreeMap<>();
    Objects.requireNonNull(checkpoints, "checkpoints").forEach((stage, at) -> copy.put(requireStageName(stage), Objects.requireNonNull(at, "checkpoint time")));
    return java.util.Collections.unmodifiableMap(copy);
  }

  /** A new record, version 1, created and updated at {@code now}. */
  public static ResourceRecord create(ResourceKey key, String lifecycle, String state, String reason, Instant now) {
    return new ResourceRecord(key, lifecycle, state, reason, Optional.empty(), Map.of(), now, now, Failures.none(), 1);
  }

  public Optional<String> attribute(String name) {
    return Optional.ofNullable(attributes.get(name));
  }

  /** The next version of this record in {@code newState}. */
  public ResourceRecord withState(String newState, String newReason, Instant now) {
    return new ResourceRecord(key, lifecycle, newState, newReason, spec, attributes, createdAt,
        later(now), failures, checkpoints, version + 1);
  }

  public ResourceRecord withSpec(Spec newSpec, Instant now) {
    return new ResourceRecord(key, lifecycle, state, reason, Optional.of(newSpec), attributes, createdAt,
        later(now), failures, checkpoints, version + 1);
  }

  public ResourceRecord withAttributes(Map<String, String> newAttributes, Instant now) {
    return new ResourceRecord(key, lifecycle, state, reason, spec, newAttributes, createdAt,
        later(now), failures, checkpoints, version + 1);
  }

  public ResourceRecord withFailures(Failures newFailures, Instant now) {
    return new ResourceRecord(key, lifecycle, state, reason, spec, attributes, createdAt,
        later(now), newFailures, checkpoints, version + 1);
  }

  /** True when {@code stage} was checkpointed. */
  public boolean isCheckpointed(String stage) {
    return checkpoints.containsKey(stage);
  }

  /** The next version with {@code stage} done at {@code now}; a stage done already keeps its first time. */
  public ResourceRecord withCheckpoint(String stage, Instant now) {
    requireStageName(stage);
    if (checkpoints.containsKey(stage)) {
      return this;
    }
    Map<String, Instant> more = new java.util.TreeMap<>(checkpoints);
    more.put(stage, now);
    return new ResourceRecord(key, lifecycle, state, reason, spec, attributes, createdAt,
        later(now), failures, more, version + 1);
  }

  /**
   * One next version with {@code stage} done (a stage done already keeps its first time) and in
   * {@code newState} for {@code newReason}; this record itself when neither changes anything. The
   * move is not checked here: the store checks it against the lifecycle.
   */
  public ResourceRecord withCheckpointAndState(String stage, String newState, String newReason, Instant now) {
    requireStageName(stage);
    boolean marks = !checkpoints.containsKey(stage);
    if (!marks && state.equals(newState) && reason.equals(newReason)) {
      return this;
    }
    Map<String, Instant> more = checkpoints;
    if (marks) {
      more = new java.util.TreeMap<>(checkpoints);
      more.put(stage, now);
    }
    return new ResourceRecord(key, lifecycle, newState, newReason, spec, attributes, createdAt,
        later(now), failures, more, version + 1);
  }

  /** A clock that steps back (NTP) must not make a record updated before it was created. */
  private Instant later(Instant now) {
    return now.isBefore(updatedAt) ? updatedAt : now;
  }
}
