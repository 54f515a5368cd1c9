package dev.steward.store;

import dev.steward.Lifecycle;
import dev.steward.Lifecycles;
import dev.steward.ResourceRecord;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * Which recorded paths must still exist in which lifecycle state: a staged item needs its staging
 * directory, a completed one needs nothing. {@link #findStale} lists the records whose required
 * paths are gone, so a tool can tell "recorded but no longer real" from "fine". The paths are
 * read from record attributes and checked on this machine. Immutable and thread-safe.
 */
public final class StalenessPolicy {
  private final Map<String, Map<String, List<String>>> required;
  private final Predicate<Path> exists;

  private StalenessPolicy(Map<String, Map<String, List<String>>> required, Predicate<Path> exists) {
    this.required = required;
    this.exists = exists;
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * A builder that already requires what {@code lifecycles} declare ({@link
   * dev.steward.Lifecycle.Builder#requirePaths}) for each of their states.
   */
  public static Builder of(Lifecycles lifecycles) {
    Builder builder = new Builder();
    for (String name : lifecycles.names()) {
      Lifecycle lifecycle = lifecycles.get(name);
      for (String state : lifecycle.states()) {
        List<String> paths = lifecycle.requiredPaths(state);
        if (!paths.isEmpty()) {
          builder.require(name, state, paths.toArray(String[]::new));
        }
      }
    }
    return builder;
  }

  /** Whether it requires any path at all. */
  public boolean isEmpty() {
    return required.values().stream().allMatch(states -> states.values().stream().allMatch(List::isEmpty));
  }

  /** The attribute names whose paths must exist for a record of {@code lifecycle} in {@code state}. */
  public List<String> requiredAttributes(String lifecycle, String state) {
    return required.getOrDefault(lifecycle, Map.of()).getOrDefault(state, List.of());
  }

  /** Every record with a required path that is missing, in the order given. */
  public List<StaleRecord> findStale(Collection<ResourceRecord> records) {
    List<StaleRecord> stale = new ArrayList<>();
    for (ResourceRecord record : records) {
      List<String> missing = new ArrayList<>();
      for (String attribute : requiredAttributes(record.lifecycle(), record.state())) {
        String value = record.attribute(attribute).orElse("");
        if (value.isEmpty()) {
          missing.add(attribute + " (not recorded)");
          continue;
        }
        try {
          if (!exists.test(Path.of(value))) {
            missing.add(attribute + "=" + value);
          }
        } catch (InvalidPathException e) {
          missing.add(attribute + "=" + value + " (not a path)");
        }
      }
      if (!missing.isEmpty()) {
        stale.add(new StaleRecord(record, missing));
      }
    }
    return List.copyOf(stale);
  }

  /**
   * A record whose required paths are gone.
   *
   * @param record the record
   * @param missing each missing requirement as {@code attribute=path}, or {@code attribute (not
   *     recorded)} when the record lacks the attribute
   */
  public record StaleRecord(ResourceRecord record, List<String> missing) {
    public StaleRecord {
      Objects.requireNonNull(record, "record");
      missing = List.copyOf(missing);
    }
  }

  /** Declares requirements. Not thread-safe; {@link #build()} copies it. */
  public static final class Builder {
    private final Map<String, Map<String, List<String>>> required = new LinkedHashMap<>();
    private Predicate<Path> exists = Files::exists;

    /** Records of {@code lifecycle} in {@code state} need the paths in these attributes to exist. */
    public Builder require(String lifecycle, String state, String... pathAttributes) {
      List<String> list = required.computeIfAbsent(lifecycle, k -> new LinkedHashMap<>()).computeIfAbsent(state, k -> new ArrayList<>());
      for (String attribute : pathAttributes) {
        list.add(Objects.requireNonNull(attribute, "attribute"));
      }
      return this;
    }

    /** How existence is checked; the default is {@link Files#exists}. */
    public Builder existenceCheck(Predicate<Path> check) {
      this.exists = Objects.requireNonNull(check, "check");
      return this;
    }

    public StalenessPolicy build() {
      Map<String, Map<String, List<String>>> copy = new LinkedHashMap<>();
      required.forEach((lifecycle, states) -> {
        Map<String, List<String>> byState = new LinkedHashMap<>();
        states.forEach((state, attributes) -> byState.put(state, List.copyOf(attributes)));
        copy.put(lifecycle, java.util.Collections.unmodifiableMap(byState));
      });
      return new StalenessPolicy(java.util.Collections.unmodifiableMap(copy), exists);
    }
  }
}
