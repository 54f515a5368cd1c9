package dev.steward.examples.scenario;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/** The scenarios the runner offers, in the order it lists them. Immutable and thread-safe. */
public final class Scenarios {
  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{0,62}");

  private final Map<String, Scenario> byName;

  private Scenarios(Map<String, Scenario> byName) {
    this.byName = Collections.unmodifiableMap(byName);
  }

  /** Every scenario that ships with the runner. A new scenario is added here. */
  public static Scenarios builtIn() {
    return of(new LocalFleetScenario(), new SystemdFleetScenario(), new DockerFleetScenario(), new LifecycleScenario(), new PipelineScenario(), new ForwardStatusScenario(),
        new ProxmoxSyncScenario(), new MountDriftScenario(), new TwoManagersScenario());
  }

  /**
   * Exactly these scenarios.
   *
   * @throws IllegalArgumentException when a name is not valid or is used twice
   */
  public static Scenarios of(Scenario... scenarios) {
    Map<String, Scenario> byName = new LinkedHashMap<>();
    for (Scenario scenario : scenarios) {
      Objects.requireNonNull(scenario, "scenario");
      String name = scenario.name();
      if (name == null || !NAME.matcher(name).matches()) {
        throw new IllegalArgumentException("Scenario " + scenario.getClass().getName() + " has the name '" + name
            + "', which is not valid: use lowercase letters, digits and '-', starting with a letter");
      }
      Scenario previous = byName.putIfAbsent(name, scenario);
      if (previous != null) {
        throw new IllegalArgumentException("Two scenarios are named '" + name + "': "
            + previous.getClass().getName() + " and " + scenario.getClass().getName());
      }
    }
    return new Scenarios(byName);
  }

  /** Every scenario, in listing order. */
  public List<Scenario> all() {
    return List.copyOf(byName.values());
  }

  public List<String> names() {
    return Collections.unmodifiableList(new ArrayList<>(byName.keySet()));
  }

  public Optional<Scenario> find(String name) {
    return Optional.ofNullable(byName.get(name));
  }
}
