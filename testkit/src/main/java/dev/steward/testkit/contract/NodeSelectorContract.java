package dev.steward.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.steward.Failures;
import dev.steward.NodeSelector;
import dev.steward.ResourceKey;
import dev.steward.ResourceRecord;
import dev.steward.discovery.ExtensionPoint;
import dev.steward.spi.NodeSelectorProvider;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/** The behaviour every {@link NodeSelector} must have, whatever its criterion. */
public abstract class NodeSelectorContract extends ProviderContract<NodeSelectorProvider, NodeSelector> {
  private NodeSelector selector;

  protected NodeSelectorContract() {
    super(ExtensionPoint.NODE_SELECTOR);
  }

  @BeforeEach
  void createSelector() {
    selector = create(settings());
  }

  /**
   * Candidates from a seed: varied ages (with ties), and numeric {@code records} and {@code
   * shunned} attributes (with ties and gaps), so every built-in criterion has work to do.
   */
  protected List<ResourceRecord> candidates(long seed, int n) {
    Random random = new Random(seed);
    Instant base = Instant.parse("2026-01-01T00:00:00Z");
    List<ResourceRecord> result = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Instant created = base.plusSeconds(60L * random.nextInt(5));
      Map<String, String> attributes = new java.util.HashMap<>();
      if (random.nextInt(4) > 0) {
        attributes.put("records", Integer.toString(random.nextInt(3)));
      }
      if (random.nextInt(4) > 0) {
        attributes.put("shunned", Integer.toString(random.nextInt(3)));
      }
      result.add(new ResourceRecord(ResourceKey.of("node", "n-" + i, "host-" + random.nextInt(3)), "node", "RUNNING", "",
          Optional.empty(), attributes, created, created, Failures.none(), 1));
    }
    return result;
  }

  @RepeatedTest(20)
  @DisplayName("returns at most count distinct candidates, the same ones whatever the input order")
  void isDeterministicSubsetOfCandidates(org.junit.jupiter.api.RepetitionInfo repetition) {
    long seed = repetition.getCurrentRepetition();
    List<ResourceRecord> candidates = candidates(seed, 12);
    List<ResourceRecord> shuffled = new ArrayList<>(candidates);
    Collections.shuffle(shuffled, new Random(seed * 31));
    List<ResourceRecord> before = List.copyOf(candidates);

    List<ResourceRecord> chosen = selector.selectForRemoval(candidates, 5);

    assertThat(chosen).hasSize(5).doesNotHaveDuplicates();
    assertThat(candidates).containsAll(chosen);
    assertThat(selector.selectForRemoval(shuffled, 5)).isEqualTo(chosen);
    assertThat(candidates).as("input left unchanged").isEqualTo(before);
  }

  @Test
  @DisplayName("chooses the first victims of its larger choices (asking for fewer never changes the order)")
  void smallerChoiceIsPrefixOfLarger() {
    List<ResourceRecord> candidates = candidates(7, 10);

    List<ResourceRecord> all = selector.selectForRemoval(candidates, 10);

    for (int k = 0; k <= 10; k++) {
      assertThat(selector.selectForRemoval(candidates, k)).isEqualTo(all.subList(0, k));
    }
  }

  @Test
  @DisplayName("returns every candidate when asked for more than there are, and none from none")
  void handlesShortLists() {
    assertThat(selector.selectForRemoval(candidates(3, 3), 10)).hasSize(3);
    assertThat(selector.selectForRemoval(List.of(), 4)).isEmpty();
  }

  @Test
  @DisplayName("refuses a negative count")
  void refusesNegativeCount() {
    assertThatThrownBy(() -> selector.selectForRemoval(candidates(1, 3), -1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("-1");
  }
}
