package dev.steward.examples.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A fleet file of one fleet, {@code demo}, of real local DemoNode processes from the runner's jar; for the runner's ITs. */
final class DemoFleetFile {
  private DemoFleetFile() {}

  /** The command of a demo node, with the {port} and {version} placeholders a fleet file fills in. */
  static String command() {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    return java + " -Xmx24m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -cp " + StewardJar.jar()
        + " dev.steward.examples.fleet.DemoNode --port {port} --version {version}";
  }

  /**
   * Writes {@code file}: {@code count} demo nodes of {@code version} from {@code basePort}, no
   * cooldown, {@code more} at the top level (e.g. {@code interval: 1s}) and {@code policy} (YAML
   * lines under {@code policy:}, e.g. {@code thresholds: none}).
   */
  static void write(Path file, int count, String version, int basePort, String more, String policy) throws IOException {
    Files.writeString(file, """
        fleets:
          - name: demo
            count: %d
            version: "%s"
            command: %s
            base_port: %d
            cooldown: 0s
        %s
        policy:
          %s
        """.formatted(count, version, command(), basePort, more, policy.replace("\n", "\n  ")));
  }
}
