package dev.steward;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A table of allowed transitions between named states. Moving to the state a record is already in
 * is always allowed (so a repeated write after a crash is harmless); every other move must be in
 * the table, or it is refused with an {@link IllegalTransitionException} that lists what is
 * allowed.
 *
 * <p>{@link Builder#build()} refuses a table with a state that cannot be reached from the initial
 * one, or a non-terminal state with no way out, so a shipped table can never strand a record.
 * Immutable and thread-safe.
 */
public final class Lifecycle {
  private static final Pattern STATE = Pattern.compile("[A-Z][A-Z0-9_]{0,62}");
  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{0,62}");

  private final String name;
  private final String initial;
  private final Set<String> states;
  private final Set<String> terminal;
  private final Map<String, Set<String>> targets;
  private final Map<String, String> retries;
  private final Map<String, List<String>> requiredPaths;

  private Lifecycle(String name, String initial, Set<String> states, Set<String> terminal, Map<String, Set<String>> targets,
      Map<String, String> retries, Map<String, List<String>> requiredPaths) {
    this.name = name;
    this.retries = Map.copyOf(retries);
    Map<String, List<String>> paths = new LinkedHashMap<>();
    requiredPaths.forEach((state, attributes) -> paths.put(state, List.copyOf(attributes)));
    this.requiredPaths = Collections.unmodifiableMap(paths);
    this.initial = initial;
    this.states = Collections.unmodifiableSet(new LinkedHashSet<>(states));
    this.terminal = Collections.unmodifiableSet(new LinkedHashSet<>(terminal));
    Map<String, Set<String>> copy = new LinkedHashMap<>();
    for (String state : states) {
      copy.put(state, Collections.unmodifiableSet(new LinkedHashSet<>(targets.getOrDefault(state, Set.of()))));
    }
    this.targets = Collections.unmodifiableMap(copy);
  }

  public static Builder builder(String name) {
    return new Builder(name);
  }

  /** The table's name, which records carry, e.g. {@code node}. */
  public String name() {
    return name;
  }

  /** The state new records start in. */
  public String initialState() {
    return initial;
  }

  /** Every state, in the order they were declared. */
  public Set<String> states() {
    return states;
  }

  /** States nothing can follow, e.g. {@code REMOVED}. */
  public Set<String> terminalStates() {
    return terminal;
  }

  public boolean contains(String state) {
    return states.contains(state);
  }

  public boolean isTerminal(String state) {
    return terminal.contains(state);
  }

  /** The states {@code from} may move to, not counting itself; empty for an unknown state. */
  public Set<String> allowedTargets(String from) {
    return targets.getOrDefault(from, Set.of());
  }

  /**
   * The state a record in {@code state} moves to when it is retried (an operator's {@code state
   * retry}, e.g. FAILED to PLANNED), as the table declares with {@link Builder#retry}; empty when it
   * declares none for that state.
   */
  public java.util.Optional<String> retryTarget(String state) {
    return java.util.Optional.ofNullable(retries.get(state));
  }

  /**
   * The attributes that name paths which must exist while a record is in {@code state} (a staged
   * item needs its staging directory), as declared with {@link Builder#requirePaths}; empty when none.
   */
  public List<String> requiredPaths(String state) {
    return requiredPaths.getOrDefault(state, List.of());
  }

  /** True when {@code from} may move to {@code to}: both are states and it is the same state or in the table. */
  public boolean allows(String from, String to) {
    return states.contains(from) && states.contains(to) && (from.equals(to) || allowedTargets(from).contains(to));
  }

  /**
   * Checks one transition of the record {@code key}.
   *
   * @throws IllegalTransitionException when the table does not allow it
   */
  public void check(ResourceKey key, String from, String to) {
    if (!allows(from, to)) {
      throw new IllegalTransitionException(key, this, from, to);
    }
  }

  /** States not reachable from the initial one (empty for a table that passed {@link Builder#build()}). */
  static Set<String> unreachable(String initial, Set<String> states, Map<String, Set<String>> targets) {
    Set<String> seen = new LinkedHashSet<>();
    Deque<String> todo = new ArrayDeque<>(List.of(initial));
    while (!todo.isEmpty()) {
      String state = todo.pop();
      if (seen.add(state)) {
        todo.addAll(targets.getOrDefault(state, Set.of()));
      }
    }
    Set<String> result = new LinkedHashSet<>(states);
    result.removeAll(seen);
    return result;
  }

  @Override
  public String toString() {
    return "Lifecycle[" + name + ": " + targets + ", terminal " + terminal + "]";
  }

  /** Declares a table. Not thread-safe; {@link #build()} copies it. */
  public static final class Builder {
    private final String name;
    private String initial;
    private final Set<String> states = new LinkedHashSet<>();
    private final Set<String> terminal = new LinkedHashSet<>();
    private final Map<String, Set<String>> targets = new LinkedHashMap<>();
    private final Map<String, String> retries = new LinkedHashMap<>();
    private final Map<String, List<String>> requiredPaths = new LinkedHashMap<>();

    private Builder(String name) {
      Objects.requireNonNull(name, "name");
      if (!NAME.matcher(name).matches()) {
        throw new IllegalArgumentException("Lifecycle name '" + name
            + "' is not valid: use lowercase letters, digits and '-', starting with a letter");
      }
      this.name = name;
    }

    /** The state new records start in; it is declared if it was not. */
    public Builder initial(String state) {
      this.initial = declare(state);
      return this;
    }

    /** Declares states in this order without transitions (they also appear by being used). */
    public Builder states(String... names) {
      for (String state : names) {
        declare(state);
      }
      return this;
    }

    /** Allows {@code from} to move to each of {@code to}. */
    public Builder allow(String from, String... to) {
      declare(from);
      for (String target : to) {
        declare(target);
        if (!target.equals(from)) {
          targets.computeIfAbsent(from, k -> new LinkedHashSet<>()).add(target);
        }
      }
      return this;
    }

    /** Allows each of {@code from} to move to {@code to}, e.g. every active state to FAILED. */
    public Builder allowFromEach(Collection<String> from, String to) {
      for (String state : from) {
        allow(state, to);
      }
      return this;
    }

    /** Marks states that nothing can follow. */
    public Builder terminal(String... names) {
      for (String state : names) {
        terminal.add(declare(state));
      }
      return this;
    }

    /**
     * Declares that a record in {@code from} is retried by moving it to {@code to}, e.g. {@code
     * retry("FAILED", "DISCOVERED")}; the move must also be allowed.
     */
    public Builder retry(String from, String to) {
      retries.put(declare(from), declare(to));
      return this;
    }

    /**
     * Declares attributes that hold paths which must exist while a record is in {@code state}; a
     * {@link dev.steward.store.StalenessPolicy#of(Lifecycles) policy made from the lifecycles} then
     * finds the records whose paths are gone.
     */
    public Builder requirePaths(String state, String... attributes) {
      List<String> list = requiredPaths.computeIfAbsent(declare(state), k -> new ArrayList<>());
      for (String attribute : attributes) {
        Names.notBlank(attribute, "Attribute name");
        list.add(attribute);
      }
      return this;
    }

    private String declare(String state) {
      Objects.requireNonNull(state, "state");
      if (!STATE.matcher(state).matches()) {
        throw new IllegalArgumentException("State '" + state + "' of lifecycle '" + name
            + "' is not valid: use uppercase letters, digits and '_', starting with a letter");
      }
      states.add(state);
      return state;
    }

    /**
     * The table.
     *
     * @throws IllegalArgumentException listing every problem: no initial state, a terminal state
     *     with a way out, a state that cannot be reached, a non-terminal state with no way out
     */
    public Lifecycle build() {
      List<String> problems = new ArrayList<>();
      if (initial == null) {
        problems.add("no initial state: call initial(STATE)");
      } else {
        for (String state : unreachable(initial, states, targets)) {
          problems.add(state + " cannot be reached from " + initial);
        }
      }
      for (String state : states) {
        boolean hasExit = !targets.getOrDefault(state, Set.of()).isEmpty();
        if (terminal.contains(state) && hasExit) {
          problems.add(state + " is terminal but may move to " + String.join(", ", targets.get(state)));
        } else if (!terminal.contains(state) && !hasExit) {
          problems.add(state + " has no way out; allow a transition from it or mark it terminal");
        }
      }
      retries.forEach((from, to) -> {
        if (!targets.getOrDefault(from, Set.of()).contains(to)) {
          problems.add("a retry moves " + from + " to " + to + ", which is not allowed; allow(" + from + ", " + to + ") too");
        }
      });
      if (!problems.isEmpty()) {
        throw new IllegalArgumentException("Lifecycle '" + name + "' is not valid: " + String.join("; ", problems));
      }
      return new Lifecycle(name, initial, states, terminal, targets, retries, requiredPaths);
    }
  }
}
