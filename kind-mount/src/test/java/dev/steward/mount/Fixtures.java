package dev.steward.mount;

import dev.steward.Command;
import dev.steward.Failures;
import dev.steward.Observation;
import dev.steward.ObservedResource;
import dev.steward.ResourceKey;
import dev.steward.ResourceRecord;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One server, {@value #HOST}, with two configured projects for client {@value #CLIENT}: demo (a
 * file and a folder bound) and api (a folder bound inside another bound folder), and what tests
 * build from them: observed projects, cleanup files as the server lists them, records.
 */
final class Fixtures {
  static final String HOST = "srv.example";
  static final String CLIENT = "laptop";
  static final String CLEANUP_DIR = "/var/lib/steward-drift";
  static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");

  static final ProjectConfig.Server SERVER = new ProjectConfig.Server(HOST, 22, "root", Path.of("/keys/id_ed25519"),
      Path.of("/keys/known_hosts"), "python3", Optional.empty(), CLEANUP_DIR, List.of("--no-build-isolation"),
      List.of("--break-system-packages"));
  static final ProjectConfig CONFIG = new ProjectConfig(SERVER, CLIENT, List.of(
      new ProjectConfig.Project("demo", "/srv/projects/demo", List.of(
          new ProjectConfig.BindMount("/srv/projects/demo/etc/demo.yml", "/etc/demo.yml"),
          new ProjectConfig.BindMount("/srv/projects/demo/data", "/var/lib/demo"))),
      new ProjectConfig.Project("api", "/srv/projects/api", List.of(
          new ProjectConfig.BindMount("/srv/projects/api/opt", "/opt/api"),
          new ProjectConfig.BindMount("/srv/projects/api/conf", "/opt/api/conf")))));

  /** Every part of demo mounted. */
  static final Set<String> DEMO_PARTS = Set.of("editable", "mount:/etc/demo.yml", "mount:/var/lib/demo");

  private Fixtures() {}

  static ResourceKey key(String project) {
    return ResourceKey.of(MountKind.KIND, project, HOST);
  }

  /** A project as the server's probe reports it: its parts, its source and its distribution. */
  static ObservedResource project(String name, Set<String> parts, String distribution) {
    return new ObservedResource(key(name), parts,
        Map.of("source_path", "/srv/projects/" + name, "distribution", distribution));
  }

  /** Demo, fully mounted, as the probe reports it. */
  static ObservedResource demo() {
    return project("demo", DEMO_PARTS, "demo-pkg");
  }

  /** The cleanup files' listing as the server prints it: {@code == NAME.cleanup} and each file's text. */
  static String listing(Map<String, Cleanup> cleanups) {
    StringBuilder text = new StringBuilder();
    cleanups.forEach((name, cleanup) -> text.append("== ").append(name).append(".cleanup\n").append(cleanup.text()));
    return text.toString();
  }

  /** Whether {@code command} is the one that lists the cleanup files. */
  static boolean listsCleanups(Command command) {
    return command.argv().size() == 5 && command.argv().get(0).equals("sh") && command.argv().get(2).contains(".cleanup")
        && command.argv().get(4).equals(CLEANUP_DIR) && command.argv().get(2).startsWith("for f in");
  }

  /**
   * The server as a {@link ProjectProbe} observes it: {@code projects} from a probe that sees them,
   * and {@code cleanups} read through a transport that lists them.
   */
  static Observation server(List<ObservedResource> projects, Map<String, Cleanup> cleanups) {
    RecordingTransport transport = new RecordingTransport().answer(Fixtures::listsCleanups, 0, listing(cleanups), "");
    return new ProjectProbe(host -> Observation.reached(host, NOW, projects), transport, CLEANUP_DIR).observe(HOST);
  }

  /** A cleanup file of {@code client} for demo, which created /etc/demo.yml. */
  static Cleanup demoCleanup(String client) {
    return new Cleanup(client, List.of("/etc/demo.yml", "/var/lib/demo"), List.of("/etc/demo.yml"), Optional.of("demo-pkg"));
  }

  /** A record of {@code project} in {@code state} with {@code attributes}. */
  static ResourceRecord record(String project, String state, Map<String, String> attributes) {
    return new ResourceRecord(key(project), ProjectLifecycle.LIFECYCLE.name(), state, "made by the test", Optional.empty(),
        attributes, NOW.minusSeconds(3600), NOW.minusSeconds(3600), Failures.none(), 1);
  }

  /** A record of demo in {@code state} that says it was found fully mounted. */
  static ResourceRecord demoRecord(String state) {
    Map<String, String> attributes = new HashMap<>();
    attributes.put("parts", "editable,mount:/etc/demo.yml,mount:/var/lib/demo");
    attributes.put("source_path", "/srv/projects/demo");
    attributes.put("distribution", "demo-pkg");
    return record("demo", state, attributes);
  }
}
