package dev.steward.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.steward.ChangeQuery;
import dev.steward.NodeLifecycle;
import dev.steward.ResourceKey;
import dev.steward.Sighting;
import dev.steward.Spec;
import dev.steward.StateStore;
import dev.steward.UnsupportedStoreOperationException;
import dev.steward.CoreSettings;
import dev.steward.Settings;
import dev.steward.discovery.ExtensionPoint;
import dev.steward.discovery.ProviderRegistry;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("StateStore.exportState and importState on the file store")
class FileStateStoreStreamExportTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ResourceKey WEB_1 = ResourceKey.local("node", "web-1");
  private static final ResourceKey WEB_2 = ResourceKey.local("node", "web-2");
  private static final ResourceKey VM = ResourceKey.local("vm", "db");

  @TempDir
  Path temp;

  @Test
  @DisplayName("exportState writes the same document as export(), and importState into a fresh directory keeps every field")
  void streamsTheSameDocumentAndImportsItWhole() throws IOException {
    byte[] bytes;
    try (FileStateStore source = StoreTestSupport.open(temp.resolve("a"))) {
      source.create(WEB_1, "node", Optional.of(new Spec(WEB_1, Map.of("image", "nginx:1.27"))), "planned");
      source.transition(WEB_1, NodeLifecycle.CREATING, "create");
      source.checkpoint(WEB_1, "provisioned");
      source.create(WEB_2, "node", Optional.empty(), "planned");
      source.recordFailure(WEB_2, "Timeout", "no answer in 30 s");
      source.observe(List.of(Sighting.present(VM, Map.of("memory", "2048"))));
      source.observe(List.of(Sighting.present(VM, Map.of("memory", "4096"))));
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      source.exportState(out);
      bytes = out.toByteArray();
      assertThat(JSON.readTree(bytes)).isEqualTo(source.export());

      try (FileStateStore target = StoreTestSupport.open(temp.resolve("b"))) {
        target.importState(new ByteArrayInputStream(bytes), false);

        assertThat(target.lineage()).isEqualTo(source.lineage());
        assertThat(target.serial()).isEqualTo(source.serial());
        assertThat(target.list()).isEqualTo(source.list());
        for (ResourceKey key : List.of(WEB_1, WEB_2, VM)) {
          assertThat(target.history(key)).as("history of %s", key).isEqualTo(source.history(key));
        }
        assertThat(target.changes(ChangeQuery.all())).hasSize(2).isEqualTo(source.changes(ChangeQuery.all()));
      }
    }
  }

  @Test
  @DisplayName("importState refuses a document that is not a state, saying so, and changes nothing")
  void refusesGarbage() throws IOException {
    try (FileStateStore store = StoreTestSupport.open(temp.resolve("a"))) {
      store.create(WEB_1, "node", Optional.empty(), "planned");
      long serial = store.serial();

      assertThatThrownBy(() -> store.importState(new ByteArrayInputStream("{\"records\": 3".getBytes(StandardCharsets.UTF_8)), true))
          .isInstanceOf(ImportRefusedException.class)
          .hasMessageStartingWith("The document is not a valid state: not valid JSON");
      assertThat(store.serial()).isEqualTo(serial);
      assertThat(store.list()).hasSize(1);
    }
  }

  @Test
  @DisplayName("a store that keeps no lineage says it cannot export, import, or tell its lineage and serial")
  void theMemoryStoreSaysItCannot() {
    StateStore memory = ProviderRegistry.discover().create(ExtensionPoint.STATE_STORE,
        Settings.builder().set(CoreSettings.STATE_STORE, "memory").build());
    assertThatThrownBy(() -> memory.exportState(new ByteArrayOutputStream()))
        .isInstanceOf(UnsupportedStoreOperationException.class)
        .hasMessage("The state store " + memory.getClass().getName() + " cannot export its state; use a store that can, "
            + "such as the built-in file store or the postgres store");
    assertThatThrownBy(() -> memory.importState(new ByteArrayInputStream(new byte[0]), true))
        .isInstanceOf(UnsupportedStoreOperationException.class).hasMessageContaining("cannot import a state");
    assertThatThrownBy(memory::lineage).isInstanceOf(UnsupportedStoreOperationException.class);
    assertThatThrownBy(memory::serial).isInstanceOf(UnsupportedStoreOperationException.class);
  }
}
