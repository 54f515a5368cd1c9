package dev.steward.examples.scenario;

import dev.steward.Settings;
import dev.steward.discovery.ProviderRegistry;
import java.io.PrintWriter;
import java.util.Objects;

/**
 * What a scenario works with.
 *
 * @param out where the scenario tells its story; the runner flushes it
 * @param registry every provider found, built-ins and plugins alike
 * @param settings the settings given on the command line ({@code --set name=value}), already checked
 */
public record ScenarioContext(PrintWriter out, ProviderRegistry registry, Settings settings) {
  public ScenarioContext {
    Objects.requireNonNull(out, "out");
    Objects.requireNonNull(registry, "registry");
    Objects.requireNonNull(settings, "settings");
  }
}
