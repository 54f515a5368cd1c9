package dev.steward.migration;

import static dev.steward.migration.StateDocumentChain.CHAIN;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.steward.migration.StateDocumentChain.Entry;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class MigrationPropertiesTest {

  /** A document at some version from 1 to current, and what it says independent of its shape. */
  record OlderDocument(int version, List<Entry> entries, ObjectNode document) {}

  @Provide
  Arbitrary<OlderDocument> olderDocuments() {
    Arbitrary<String> names = Arbitraries.strings().withCharRange('a', 'z').numeric().withChars('-', '.')
        .ofMinLength(1).ofMaxLength(12);
    Arbitrary<String> states = Arbitraries.oneOf(
        Arbitraries.of("PLANNED", "RUNNING", "STOPPED", "FAILED"),
        Arbitraries.strings().ofMaxLength(20));
    Arbitrary<Integer> attempts = Arbitraries.integers().between(0, 1000);
    Arbitrary<List<Entry>> entries = Combinators.combine(names, states, attempts).as(Entry::new)
        .list().ofMaxSize(8).uniqueElements(Entry::name);
    Arbitrary<Integer> versions = Arbitraries.integers().between(1, CHAIN.currentVersion());
    Arbitrary<Boolean> writeVersion = Arbitraries.of(true, false);
    Arbitrary<String> writer = Arbitraries.of("", "0.0.1", "0.1.0-SNAPSHOT");
    return Combinators.combine(versions, entries, writeVersion, writer).as((version, list, write, by) -> {
      ObjectNode document = StateDocumentChain.document(version, list, write || version > 1);
      if (!by.isEmpty()) {
        document.put("written_by", by);
      }
      return new OlderDocument(version, list, document);
    });
  }

  @Property(tries = 500)
  void migratingAnyOlderDocumentGivesAValidCurrentDocumentWithTheSameRecords(@ForAll("olderDocuments") OlderDocument older) {
    MigrationResult result = CHAIN.migrate(older.document());

    assertThat(StateDocumentChain.v4Problems(result.document())).isEmpty();
    assertThat(result.fromVersion()).isEqualTo(older.version());
    assertThat(result.toVersion()).isEqualTo(CHAIN.currentVersion());
    assertThat(result.applied()).hasSize(CHAIN.currentVersion() - older.version());

    // Attempts are known only from v3 on; older documents start counting at zero.
    List<Entry> expected = older.entries().stream()
        .map(e -> older.version() >= 3 ? e : new Entry(e.name(), e.state(), 0))
        .toList();
    ObjectNode expectedDocument = StateDocumentChain.document(CHAIN.currentVersion(), expected, true);
    if (older.document().has("written_by")) {
      expectedDocument.set("written_by", older.document().get("written_by"));
    }
    assertThat(result.document()).isEqualTo(expectedDocument);
  }

  @Property(tries = 500)
  void migratingTwiceIsTheSameAsMigratingOnce(@ForAll("olderDocuments") OlderDocument older) {
    MigrationResult once = CHAIN.migrate(older.document());
    MigrationResult twice = CHAIN.migrate(once.document());

    assertThat(twice.document()).isEqualTo(once.document());
    assertThat(twice.applied()).isEmpty();
    assertThat(twice.migrated()).isFalse();
  }

  @Property(tries = 500)
  void migratingNeverChangesTheInput(@ForAll("olderDocuments") OlderDocument older) {
    ObjectNode before = older.document().deepCopy();

    MigrationResult result = CHAIN.migrate(older.document());
    result.document().put("touched", true);

    assertThat(older.document()).isEqualTo(before);
  }

  @Property(tries = 200)
  void refusesEveryVersionNewerThanTheChainUnchanged(
      @ForAll("olderDocuments") OlderDocument older, @ForAll("newerVersions") int version) {
    ObjectNode newer = older.document().deepCopy();
    newer.put("schema_version", version);
    ObjectNode before = newer.deepCopy();

    try {
      CHAIN.migrate(newer);
      throw new AssertionError("version " + version + " must be refused");
    } catch (UnsupportedSchemaVersionException e) {
      assertThat(e.documentVersion()).isEqualTo(version);
      assertThat(e).hasMessageEndingWith(" Nothing was changed.");
    }
    assertThat(newer).isEqualTo(before);
  }

  @Provide
  Arbitrary<Integer> newerVersions() {
    return Arbitraries.integers().between(CHAIN.currentVersion() + 1, Integer.MAX_VALUE);
  }
}
