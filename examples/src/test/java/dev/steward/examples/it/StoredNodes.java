package dev.steward.examples.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.NodeLifecycle;
import dev.steward.ResourceKey;
import dev.steward.ResourceRecord;
import dev.steward.Settings;
import dev.steward.node.NodeAttributes;
import dev.steward.store.FileStateStore;
import dev.steward.store.FileStoreSettings;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/** What a runner's file store says of its nodes, read after the runner has exited. */
final class StoredNodes {
  private StoredNodes() {}

  /**
   * The pid each node's record holds, by node; fails the test unless every record that is not
   * REMOVED is RUNNING {@code version}.
   */
  static Map<ResourceKey, String> runningPids(Path stateDirectory, String version) {
    Map<ResourceKey, String> pids = new TreeMap<>();
    try (FileStateStore store = FileStateStore.open(Settings.builder().set(FileStoreSettings.DIRECTORY, stateDirectory).build())) {
      for (ResourceRecord record : store.list()) {
        if (!record.state().equals(NodeLifecycle.REMOVED)) {
          assertThat(record.state()).as(record.key().toString()).isEqualTo(NodeLifecycle.RUNNING);
          assertThat(record.spec().orElseThrow().property("version")).as(record.key().toString()).contains(version);
          pids.put(record.key(), record.attribute(NodeAttributes.PID).orElse(""));
        }
      }
    }
    return pids;
  }
}
