package dev.steward.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.steward.ResourceKey;
import dev.steward.NodeLifecycle;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A copy kept in step with its source by repeated exports and imports. */
class FileStateStoreSyncTest {
  private static final ResourceKey WEB_1 = ResourceKey.local("node", "web-1");

  @TempDir
  Path temp;

  @Test
  void aCopyFollowsItsSourceExportAfterExportWithoutForce() {
    try (FileStateStore source = StoreTestSupport.open(temp.resolve("source"));
        FileStateStore copy = StoreTestSupport.open(temp.resolve("copy"))) {
      source.create(WEB_1, "node", Optional.empty(), "wanted");
      copy.importDocument(source.export(), false);
      copy.importDocument(source.export(), false);
      assertThat(copy.serial()).isEqualTo(source.serial());

      source.transition(WEB_1, NodeLifecycle.CREATING, "go");
      source.updateAttributes(WEB_1, Map.of("pid", "42"));
      copy.importDocument(source.export(), false);

      assertThat(copy.serial()).isEqualTo(source.serial());
      assertThat(copy.list()).isEqualTo(source.list());
      assertThat(copy.lineage()).isEqualTo(source.lineage());
    }
  }

  /** The checksum the store writes: CRC32C over each record's compact key and value. */
  private static String crcOf(ObjectNode document) throws Exception {
    com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
    java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
    var fields = document.path("records").fields();
    while (fields.hasNext()) {
      var field = fields.next();
      crc.update(json.writeValueAsBytes(field.getKey()));
      crc.update(json.writeValueAsBytes(field.getValue()));
    }
    return String.format("%08x", crc.getValue());
  }

  @Test
  void refusesRecordsOfALifecycleItDoesNotKnow() throws Exception {
    try (FileStateStore source = StoreTestSupport.open(temp.resolve("source"));
        FileStateStore copy = StoreTestSupport.open(temp.resolve("copy"))) {
      source.create(WEB_1, "node", Optional.empty(), "wanted");
      ObjectNode document = source.export();
      ((ObjectNode) document.path("records").path("node/web-1@local")).put("lifecycle", "pipeline");
      document.put("records_crc32c", crcOf(document));

      assertThatThrownBy(() -> copy.importDocument(document, true))
          .isInstanceOf(ImportRefusedException.class)
          .hasMessageContaining("node/web-1@local (lifecycle 'pipeline', state PLANNED)")
          .hasMessageContaining("Nothing was changed");
      assertThat(copy.list()).isEmpty();
    }
  }
}
