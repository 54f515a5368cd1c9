package dev.steward.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.Failures;
import dev.steward.ResourceKey;
import dev.steward.ResourceRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StalenessPolicyTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  @TempDir
  Path temp;

  private final StalenessPolicy policy = StalenessPolicy.builder()
      .require("pipeline", "STAGED", "staging_dir")
      .require("pipeline", "TORRENT_CREATED", "staging_dir", "torrent_file")
      .build();

  private static ResourceRecord item(String name, String state, Map<String, String> attributes) {
    return new ResourceRecord(ResourceKey.local("item", name), "pipeline", state, "", Optional.empty(), attributes,
        T0, T0, Failures.none(), 1);
  }

  @Test
  void listsRecordsWhoseRequiredPathsAreGoneAndOnlyThose() throws IOException {
    Path staging = Files.createDirectory(temp.resolve("staging-a"));
    ResourceRecord fine = item("a", "STAGED", Map.of("staging_dir", staging.toString()));
    ResourceRecord gone = item("b", "STAGED", Map.of("staging_dir", temp.resolve("staging-b").toString()));
    ResourceRecord partly = item("c", "TORRENT_CREATED", Map.of("staging_dir", staging.toString(),
        "torrent_file", temp.resolve("c.torrent").toString()));
    ResourceRecord unrecorded = item("d", "STAGED", Map.of());
    ResourceRecord complete = item("e", "COMPLETE", Map.of("staging_dir", temp.resolve("long-gone").toString()));

    List<StalenessPolicy.StaleRecord> stale = policy.findStale(List.of(fine, gone, partly, unrecorded, complete));

    assertThat(stale).extracting(s -> s.record().key().name()).containsExactly("b", "c", "d");
    assertThat(stale.get(0).missing()).containsExactly("staging_dir=" + temp.resolve("staging-b"));
    assertThat(stale.get(1).missing()).containsExactly("torrent_file=" + temp.resolve("c.torrent"));
    assertThat(stale.get(2).missing()).containsExactly("staging_dir (not recorded)");
  }

  @Test
  void statesWithoutRequirementsNeedNothing() {
    assertThat(policy.requiredAttributes("pipeline", "COMPLETE")).isEmpty();
    assertThat(policy.requiredAttributes("node", "RUNNING")).isEmpty();
    assertThat(policy.requiredAttributes("pipeline", "TORRENT_CREATED")).containsExactly("staging_dir", "torrent_file");
  }

  @Test
  void aPolicyMadeFromTheLifecyclesRequiresWhatTheyDeclare() throws IOException {
    dev.steward.Lifecycle pipeline = dev.steward.Lifecycle.builder("pipeline")
        .initial("FOUND").allow("FOUND", "STAGED").allow("STAGED", "COMPLETE")
        .requirePaths("STAGED", "staging_dir")
        .terminal("COMPLETE")
        .build();
    StalenessPolicy fromLifecycles = StalenessPolicy.of(dev.steward.Lifecycles.standard().with(pipeline)).build();
    Path staging = Files.createDirectory(temp.resolve("staging-x"));

    assertThat(fromLifecycles.isEmpty()).isFalse();
    assertThat(fromLifecycles.requiredAttributes("pipeline", "STAGED")).containsExactly("staging_dir");
    assertThat(fromLifecycles.requiredAttributes("node", "RUNNING")).isEmpty();
    assertThat(fromLifecycles.findStale(List.of(item("x", "STAGED", Map.of("staging_dir", staging.toString())),
        item("y", "STAGED", Map.of("staging_dir", temp.resolve("nope").toString())))))
        .extracting(stale -> stale.record().key().name()).containsExactly("y");
    assertThat(StalenessPolicy.of(dev.steward.Lifecycles.standard()).build().isEmpty()).isTrue();
  }
}
