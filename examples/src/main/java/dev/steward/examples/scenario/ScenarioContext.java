package dev.steward.examples.scenario;

import dev.steward.Settings;
import dev.steward.discovery.ProviderRegistry;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * What a scenario works with.
 *
 * @param out where the scenario tells its story; the runner flushes it
 * @param registry every provider found, built-ins and plugins alike
 * @param settings the settings given on the command line ({@code --set name=value}), already checked
 * @param directory where a scenario that writes files writes them and leaves them for a look
 *     afterwards ({@code steward run NAME --dir DIR}); when empty it uses a temporary folder and
 *     removes it
 */
public record ScenarioContext(PrintWriter out, ProviderRegistry registry, Settings settings, Optional<Path> directory) {
  public ScenarioContext {
    Objects.requireNonNull(out, "out");
    Objects.requireNonNull(registry, "registry");
    Objects.requireNonNull(settings, "settings");
    Objects.requireNonNull(directory, "directory");
  }

  /** A context without a directory of its own: scenarios that write files use a temporary one. */
  public ScenarioContext(PrintWriter out, ProviderRegistry registry, Settings settings) {
    this(out, registry, settings, Optional.empty());
  }
}
