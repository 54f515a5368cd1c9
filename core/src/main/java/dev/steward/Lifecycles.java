package dev.steward;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The lifecycle tables a store accepts, by name. The standard set holds {@link
 * NodeLifecycle#LIFECYCLE} and {@link InventoryLifecycle#LIFECYCLE}; embedders add their own with {@link #with}. Immutable and thread-safe.
 */
public final class Lifecycles {
  private static final Lifecycles STANDARD = new Lifecycles(Map.of()).with(NodeLifecycle.LIFECYCLE, NodeLifecycle.FLEET_LIFECYCLE, InventoryLifecycle.LIFECYCLE);

  private final Map<String, Lifecycle> byName;

  private Lifecycles(Map<String, Lifecycle> byName) {
    this.byName = Collections.unmodifiableMap(new LinkedHashMap<>(byName));
  }

  public static Lifecycles standard() {
    return STANDARD;
  }

  /** Only the given tables. */
  public static Lifecycles of(Lifecycle... tables) {
    return new Lifecycles(Map.of()).with(tables);
  }

  /** A copy that also holds {@code tables}; a table replaces one of the same name. */
  public Lifecycles with(Lifecycle... tables) {
    Map<String, Lifecycle> copy = new LinkedHashMap<>(byName);
    for (Lifecycle table : tables) {
      copy.put(table.name(), table);
    }
    return new Lifecycles(copy);
  }

  public Optional<Lifecycle> find(String name) {
    return Optional.ofNullable(byName.get(name));
  }

  /** @throws UnknownLifecycleException naming the tables that are known */
  public Lifecycle get(String name) {
    Lifecycle table = byName.get(name);
    if (table == null) {
      throw new UnknownLifecycleException(name, names());
    }
    return table;
  }

  public List<String> names() {
    List<String> names = new ArrayList<>(byName.keySet());
    Collections.sort(names);
    return names;
  }

  @Override
  public String toString() {
    return "Lifecycles" + names();
  }
}
