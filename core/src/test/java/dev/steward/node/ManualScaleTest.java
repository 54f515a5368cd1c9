package dev.steward.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.steward.CoreSettings;
import dev.steward.NodeLifecycle;
import dev.steward.Settings;
import dev.steward.StateStore;
import dev.steward.discovery.ExtensionPoint;
import dev.steward.discovery.ProviderRegistry;
import java.util.List;
import org.junit.jupiter.api.Test;

class ManualScaleTest {
  private final StateStore store = ProviderRegistry.discover().create(ExtensionPoint.STATE_STORE,
      Settings.builder().set(CoreSettings.STATE_STORE, "memory").build());
  private final DesiredFleet web = PlanFixtures.fleet("web", 2, "1.0");
  private final DesiredFleet db = PlanFixtures.fleet("db", 1, "1.0");

  @Test
  void aCountSetByHandHoldsUntilTheFleetsOwnCountChanges() {
    assertThat(ManualScale.count(store, web)).isEqualTo(2);

    ManualScale.set(store, web, 3, "add-node");
    assertThat(ManualScale.count(store, web)).isEqualTo(3);
    assertThat(ManualScale.apply(store, List.of(web, db))).extracting(DesiredFleet::name, DesiredFleet::count)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("web", 3), org.assertj.core.groups.Tuple.tuple("db", 1));
    assertThat(store.get(ManualScale.key(web)).state()).isEqualTo(NodeLifecycle.SCALED);
    assertThat(store.get(ManualScale.key(web)).lifecycle()).isEqualTo("fleet");

    ManualScale.set(store, web, 1, "remove-node");
    assertThat(ManualScale.count(store, web)).isEqualTo(1);

    // The fleet file now says 4: the file wins again.
    assertThat(ManualScale.count(store, ManualScale.withCount(web, 4))).isEqualTo(4);
  }

  @Test
  void aNegativeCountIsRefusedAndAnUnreadableOneIgnored() {
    assertThatThrownBy(() -> ManualScale.set(store, web, -1, "x")).isInstanceOf(IllegalArgumentException.class);
    ManualScale.set(store, web, 3, "add-node");
    store.updateAttributes(ManualScale.key(web), java.util.Map.of(ManualScale.COUNT, "three"));
    assertThat(ManualScale.count(store, web)).isEqualTo(2);
  }
}
