package dev.steward.examples.scenario;

import static dev.steward.examples.scenario.ExampleLifecycles.DISCOVERED;
import static dev.steward.examples.scenario.ExampleLifecycles.FAILED;
import static dev.steward.examples.scenario.ExampleLifecycles.PIPELINE;
import static dev.steward.examples.scenario.ExampleLifecycles.PIPELINE_STEPS;

import dev.steward.Failures;
import dev.steward.ResourceKey;
import dev.steward.ResourceRecord;
import dev.steward.Settings;
import dev.steward.StewardException;
import dev.steward.store.FileStateStore;
import dev.steward.store.FileStoreSettings;
import dev.steward.store.VerifyReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * {@code pipeline}: the durable {@code file} state store at work. An item goes through a publishing
 * pipeline with a checkpoint per stage and resumes after a "crash" where it stopped; a failure is
 * counted and reset for a retry; a version-1 state directory is migrated with a backup; a damaged
 * snapshot is recovered from the last good copy and the journals.
 *
 * <p>Works in {@link ScenarioContext#directory()} when given (and leaves the files there), else in
 * a temporary folder it removes. Every promise it shows is checked. Stateless and thread-safe.
 */
public final class PipelineScenario implements Scenario {
  static final ResourceKey UBUNTU = ResourceKey.local("item", "ubuntu-24.04.iso");
  static final ResourceKey DEBIAN = ResourceKey.local("item", "debian-12.iso");
  static final ResourceKey WEB_1 = ResourceKey.local("node", "web-1");

  /** What an old Steward wrote before journals existed: schema version 1. */
  static final String VERSION_1_STATE = "{\"records\":[{\"kind\":\"node\",\"name\":\"web-1\",\"host\":\"local\","
      + "\"status\":\"RUNNING\",\"reason\":\"\",\"created\":\"2025-01-01T00:00:00Z\",\"updated\":\"2025-01-01T00:00:00Z\","
      + "\"attributes\":{}}]}";

  /** Where the stopped program crashes in part 1. */
  private static final int STOP_AFTER = PIPELINE_STEPS.indexOf(ExampleLifecycles.METADATA_FETCHED);

  @Override
  public String name() {
    return "pipeline";
  }

  @Override
  public String description() {
    return "the durable file store: checkpoints per pipeline stage, failures and retries, "
        + "migration of an old state directory, recovery from a damaged snapshot";
  }

  @Override
  public void run(ScenarioContext context) {
    PrintWriter out = context.out();
    ScenarioFolder folder = ScenarioFolder.of(context, name());
    boolean keep = folder.kept();
    Path root = folder.root();
    Settings settings = context.settings().toBuilder().lifecycles(PIPELINE).build();
    out.println("The 'file' state store keeps its records in a directory: a JSON snapshot (state.json), a journal");
    out.println("(journal.log) to which every change is appended as one checksummed line and forced to disk, and the");
    out.println("last good snapshot (state.json.good). Opened with FileStateStore.open(settings), where the setting");
    out.println("steward.store.dir names the directory.");
    out.println();
    out.println("Working in " + root + (keep ? " (kept afterwards)." : " (a temporary folder, removed at the end)."));
    try {
      Path pipeline = root.resolve("pipeline");
      checkpointedPipeline(out, settings, pipeline);
      failureAndRetry(out, settings, pipeline);
      migration(out, settings, root.resolve("v1-migration"));
      recovery(out, settings, root.resolve("recovery"));
      if (keep) {
        out.println();
        out.println("Look at what it left with, e.g.:");
        out.println("   steward state list --dir " + pipeline);
        out.println("   steward state show " + UBUNTU + " --dir " + pipeline);
        out.println("   steward state verify --dir " + root.resolve("recovery"));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      folder.close();
    }
  }

  private static void checkpointedPipeline(PrintWriter out, Settings settings, Path dir) {
    heading(out, "1. A pipeline that picks up where it stopped");
    out.println("   " + UBUNTU + " is published in steps: " + String.join(" -> ", PIPELINE_STEPS) + ".");
    out.println("   After each step the program calls store.checkpoint(key, STEP): the step is done, durably.");
    out.println();
    Settings at = settings.toBuilder().set(FileStoreSettings.DIRECTORY, dir).build();
    try (FileStateStore store = FileStateStore.open(at)) {
      ResourceRecord record = store.create(UBUNTU, PIPELINE.name(), Optional.empty(), "found in the incoming folder");
      record = store.checkpoint(UBUNTU, DISCOVERED);
      step(out, record);
      for (int i = 1; i <= STOP_AFTER; i++) {
        store.transition(UBUNTU, PIPELINE_STEPS.get(i), "step " + i + " done");
        step(out, store.checkpoint(UBUNTU, PIPELINE_STEPS.get(i)));
      }
    }
    out.println("   ... and the program is killed here. A new one opens " + dir.getFileName() + "/ and asks, for each step,");
    out.println("   record.isCheckpointed(STEP):");
    out.println();
    try (FileStateStore store = FileStateStore.open(at)) {
      ResourceRecord record = store.get(UBUNTU);
      String resumeAt = null;
      for (String stage : PIPELINE_STEPS) {
        boolean done = record.isCheckpointed(stage);
        if (!done && resumeAt == null) {
          resumeAt = stage;
        }
        out.printf("     is stage %-17s done?  %s%n", stage, done ? "yes, at " + record.checkpoints().get(stage)
            : "no" + (stage.equals(resumeAt) ? "   <- resume here" : ""));
      }
      if (!PIPELINE_STEPS.get(STOP_AFTER + 1).equals(resumeAt)) {
        throw new StewardException("The checkpoints of " + UBUNTU + " should say to resume at "
            + PIPELINE_STEPS.get(STOP_AFTER + 1) + ", but say " + resumeAt + ": " + record.checkpoints());
      }
      out.println();
      out.println("   It resumes at " + resumeAt + " and finishes:");
      out.println();
      for (int i = STOP_AFTER + 1; i < PIPELINE_STEPS.size(); i++) {
        store.transition(UBUNTU, PIPELINE_STEPS.get(i), i == PIPELINE_STEPS.size() - 1 ? "published" : "step " + i + " done");
        step(out, store.checkpoint(UBUNTU, PIPELINE_STEPS.get(i)));
      }
      ResourceRecord done = store.get(UBUNTU);
      ResourceRecord again = store.checkpoint(UBUNTU, ExampleLifecycles.STAGED);
      if (again.version() != done.version() || !again.checkpoints().equals(done.checkpoints())) {
        throw new StewardException("Checkpointing a stage again should change nothing, but version " + done.version()
            + " became " + again.version());
      }
      out.println();
      out.println("   Checkpointing a step again keeps its first time and writes nothing: still version " + again.version() + ".");
    }
  }

  private static void step(PrintWriter out, ResourceRecord record) {
    out.printf("     %-17s reached and checkpointed  (version %d)%n", record.state(), record.version());
  }

  private static void failureAndRetry(PrintWriter out, Settings settings, Path dir) {
    heading(out, "2. A failure, counted, then reset for a retry");
    out.println("   " + DEBIAN + " fails to upload. Each time the program calls store.recordFailure(key, type, message):");
    out.println();
    try (FileStateStore store = FileStateStore.open(settings.toBuilder().set(FileStoreSettings.DIRECTORY, dir).build())) {
      store.create(DEBIAN, PIPELINE.name(), Optional.empty(), "found in the incoming folder");
      for (String stage : PIPELINE_STEPS.subList(1, PIPELINE_STEPS.indexOf(ExampleLifecycles.UPLOADED))) {
        store.transition(DEBIAN, stage, "step " + stage + " done");
        store.checkpoint(DEBIAN, stage);
      }
      ResourceRecord record = null;
      for (int attempt = 1; attempt <= 2; attempt++) {
        record = store.recordFailure(DEBIAN, "UploadTimeout", "tracker.example.org did not answer within 30s");
        out.println("     attempt " + attempt + " failed: attempts " + record.failures().attempts() + ", last error "
            + record.failures().lastErrorType() + ": " + record.failures().lastErrorMessage());
      }
      Failures failures = record.failures();
      if (failures.attempts() != 2) {
        throw new StewardException("Two failures should count 2 attempts, not " + failures.attempts());
      }
      out.println("     first failure at " + failures.firstFailureAt().orElseThrow() + ", last at " + failures.lastFailureAt().orElseThrow());
      record = store.transition(DEBIAN, FAILED, "gave up after 2 attempts");
      out.println();
      out.println("   The program gives up: " + record.state() + " (\"" + record.reason() + "\"). An operator fixes the tracker and");
      out.println("   resets the count with store.resetFailures(key), which is what 'steward state retry KEY' does:");
      ResourceRecord reset = store.resetFailures(DEBIAN);
      if (reset.failures().isFailing()) {
        throw new StewardException("resetFailures should forget the failures of " + DEBIAN + ", but attempts are "
            + reset.failures().attempts());
      }
      out.println("     attempts " + failures.attempts() + " -> " + reset.failures().attempts() + " (version "
          + record.version() + " -> " + reset.version() + ")");
      ResourceRecord again = store.transition(DEBIAN, DISCOVERED, "retry after the tracker was fixed");
      out.println("   and the pipeline lifecycle lets it start over: " + FAILED + " -> " + again.state() + ". Its checkpoints are");
      out.println("   kept (" + String.join(", ", again.checkpoints().keySet()) + "), so a program may skip the steps already done.");
    }
  }

  private static void migration(PrintWriter out, Settings settings, Path dir) throws IOException {
    heading(out, "3. Migrating a state directory an older Steward wrote");
    // Private, as the store keeps its files; otherwise it would also warn about the modes.
    Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    Path state = Files.createFile(dir.resolve("state.json"),
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(state, VERSION_1_STATE, StandardCharsets.UTF_8);
    out.println("   " + dir.getFileName() + "/state.json is in schema version 1 (one list of records, 'status' for the state):");
    out.println("     " + VERSION_1_STATE);
    out.println();
    out.println("   FileStateStore.open migrates it step by step to the current schema, after a backup");
    out.println("   (the store logs a WARN about it on stderr):");
    out.println();
    try (FileStateStore store = FileStateStore.open(settings.toBuilder().set(FileStoreSettings.DIRECTORY, dir).build())) {
      ResourceRecord web = store.get(WEB_1);
      out.println("     " + web.key() + "  lifecycle " + web.lifecycle() + ", state " + web.state() + ", version "
          + web.version() + ", created " + web.createdAt());
      out.println("     lineage " + store.lineage() + " (derived from the old file), serial " + store.serial());
    }
    Path backup = dir.resolve("state.json.v1.bak");
    if (!Files.exists(backup) || !Files.readString(backup, StandardCharsets.UTF_8).equals(VERSION_1_STATE)) {
      throw new StewardException("The migration should keep the version-1 file as " + backup);
    }
    out.println();
    out.println("   The directory now holds: " + files(dir));
    out.println("   state.json.v1.bak is the version-1 file, byte for byte; state.json is the migrated state.");
  }

  private static void recovery(PrintWriter out, Settings settings, Path dir) throws IOException {
    heading(out, "4. Recovering from a damaged snapshot");
    Settings at = settings.toBuilder().set(FileStoreSettings.DIRECTORY, dir).build();
    List<ResourceRecord> before;
    try (FileStateStore store = FileStateStore.open(at)) {
      for (String name : List.of("alpine-3.20.iso", "fedora-40.iso", "arch-2024.06.iso")) {
        store.create(ResourceKey.local("item", name), PIPELINE.name(), Optional.empty(), "found in the incoming folder");
        store.transition(ResourceKey.local("item", name), ExampleLifecycles.STAGED, "copied to the staging area");
      }
      store.compact();
      store.transition(ResourceKey.local("item", "fedora-40.iso"), ExampleLifecycles.METADATA_FETCHED, "checksums fetched");
      before = store.list();
      out.println("   Three items are recorded; store.compact() folds the journal into a new snapshot, and the one before");
      out.println("   is kept as state.json.good. One more change goes to the new journal. Then state.json is overwritten");
      out.println("   with garbage, as a failing disk or a careless editor might:");
    }
    Path snapshot = dir.resolve("state.json");
    Files.writeString(snapshot, "this is not JSON {{{", StandardCharsets.UTF_8);
    out.println();
    out.println("     state.json: \"this is not JSON {{{\"");
    out.println();
    out.println("   Opening the store again, it logs an ERROR on stderr (\"STATE SNAPSHOT ... IS UNUSABLE ... Falling back");
    out.println("   to the last good copy\"), loads state.json.good, replays journal.log.prev and journal.log on top,");
    out.println("   and writes a new snapshot of what it recovered:");
    out.println();
    try (FileStateStore store = FileStateStore.open(at)) {
      List<ResourceRecord> after = store.list();
      for (ResourceRecord record : after) {
        out.printf("     %-28s %-17s version %d%n", record.key(), record.state(), record.version());
      }
      if (!after.equals(before)) {
        throw new StewardException("The records recovered from " + dir + " differ from those written: " + after + " vs " + before);
      }
    }
    VerifyReport report = FileStateStore.verify(at);
    if (!report.ok()) {
      throw new StewardException("After the recovery, " + dir + " should verify cleanly, but: " + report.problems());
    }
    out.println();
    out.println("   Every record is back exactly as it was, the last change included, and FileStateStore.verify finds");
    out.println("   no problem (" + report.records() + " records, serial " + report.serial() + ").");
  }

  private static String files(Path dir) throws IOException {
    try (Stream<Path> list = Files.list(dir)) {
      return list.map(p -> p.getFileName().toString()).sorted().collect(Collectors.joining(", "));
    }
  }

  private static void heading(PrintWriter out, String title) {
    out.println();
    out.println(title);
  }
}
