package dev.steward.migration;

import static dev.steward.migration.StateDocumentChain.CHAIN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.steward.StewardVersion;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MigrationChainTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static ObjectNode json(String text) {
    try {
      return (ObjectNode) JSON.readTree(text);
    } catch (Exception e) {
      throw new IllegalArgumentException(text, e);
    }
  }

  @Test
  void currentVersionIsOneMoreThanTheNumberOfSteps() {
    assertThat(CHAIN.currentVersion()).isEqualTo(4);
    assertThat(MigrationChain.builder("empty").build().currentVersion()).isEqualTo(1);
    assertThat(CHAIN.versionField()).isEqualTo("schema_version");
    assertThat(CHAIN.writerField()).isEqualTo("written_by");
  }

  @Test
  void migratesAVersionOneDocumentThroughEveryStepInOrder() {
    ObjectNode v1 = json("{\"schema_version\":1,\"records\":[{\"name\":\"web-1\",\"status\":\"RUNNING\"}]}");

    MigrationResult result = CHAIN.migrate(v1);

    assertThat(result.document()).isEqualTo(json(
        "{\"schema_version\":4,\"records\":{\"web-1\":{\"state\":\"RUNNING\",\"failures\":{\"attempts\":0}}}}"));
    assertThat(result.fromVersion()).isEqualTo(1);
    assertThat(result.toVersion()).isEqualTo(4);
    assertThat(result.migrated()).isTrue();
    assertThat(result.applied()).containsExactly(
        StateDocumentChain.RENAME, StateDocumentChain.ADD_FAILURES, StateDocumentChain.KEY_BY_NAME);
  }

  @Test
  void migratesFromAMiddleVersionRunningOnlyTheLaterSteps() {
    ObjectNode v3 = json("{\"schema_version\":3,\"records\":[{\"name\":\"a\",\"state\":\"STOPPED\",\"failures\":{\"attempts\":2}}]}");

    MigrationResult result = CHAIN.migrate(v3);

    assertThat(result.applied()).containsExactly(StateDocumentChain.KEY_BY_NAME);
    assertThat(result.document()).isEqualTo(json(
        "{\"schema_version\":4,\"records\":{\"a\":{\"state\":\"STOPPED\",\"failures\":{\"attempts\":2}}}}"));
  }

  @Test
  void treatsADocumentWithoutAVersionAsVersionOne() {
    ObjectNode unversioned = json("{\"records\":[{\"name\":\"a\",\"status\":\"PLANNED\"}]}");

    assertThat(CHAIN.versionOf(unversioned)).isEqualTo(1);
    MigrationResult result = CHAIN.migrate(unversioned);
    assertThat(result.fromVersion()).isEqualTo(1);
    assertThat(result.applied()).hasSize(3);
    assertThat(result.document().get("schema_version").intValue()).isEqualTo(4);
  }

  @Test
  void treatsAJsonNullVersionAsVersionOne() {
    assertThat(CHAIN.versionOf(json("{\"schema_version\":null,\"records\":[]}"))).isEqualTo(1);
  }

  @Test
  void leavesACurrentDocumentAsItIsButHandsOutACopy() {
    ObjectNode current = json("{\"schema_version\":4,\"records\":{}}");

    MigrationResult result = CHAIN.migrate(current);

    assertThat(result.applied()).isEmpty();
    assertThat(result.migrated()).isFalse();
    assertThat(result.document()).isEqualTo(current).isNotSameAs(current);
    result.document().put("extra", true);
    assertThat(current.has("extra")).isFalse();
  }

  @Test
  void appliedStepsCannotBeChanged() {
    MigrationResult result = CHAIN.migrate(json("{\"records\":[]}"));

    assertThatThrownBy(() -> result.applied().add("sneaky")).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void chainSetsTheVersionWhateverAStepWrites() {
    MigrationChain chain = MigrationChain.builder("job file")
        .add(Migration.of(1, "claims to be v99", d -> d.put("schema_version", 99)))
        .build();

    assertThat(chain.migrate(json("{}")).document().get("schema_version").intValue()).isEqualTo(2);
  }

  @Test
  void refusesADocumentNewerThanTheChainNamingTheWriterAndChangingNothing() {
    ObjectNode newer = json("{\"schema_version\":5,\"written_by\":\"0.9.0\",\"records\":{}}");
    ObjectNode before = newer.deepCopy();

    UnsupportedSchemaVersionException refused = catchThrowableOfType(() -> CHAIN.migrate(newer),
        UnsupportedSchemaVersionException.class);

    assertThat(refused).hasMessage("The state file has schema version 5, but Steward " + StewardVersion.current()
        + " reads schema versions 1 to 4. It was written by Steward 0.9.0: read it with Steward 0.9.0 or newer."
        + " Nothing was changed.");
    assertThat(refused.documentVersion()).isEqualTo(5);
    assertThat(refused.newestKnownVersion()).isEqualTo(4);
    assertThat(refused.writtenBy()).contains("0.9.0");
    assertThat(refused).isInstanceOf(MigrationException.class);
    assertThat(newer).isEqualTo(before);
  }

  @Test
  void refusesANewerDocumentWithoutAWriterAskingForTheNewerSteward() {
    ObjectNode newer = json("{\"schema_version\":17,\"written_by\":42}");

    UnsupportedSchemaVersionException refused = catchThrowableOfType(() -> CHAIN.migrate(newer),
        UnsupportedSchemaVersionException.class);

    assertThat(refused).hasMessage("The state file has schema version 17, but Steward " + StewardVersion.current()
        + " reads schema versions 1 to 4. Read it with the newer Steward that wrote it. Nothing was changed.");
    assertThat(refused.writtenBy()).isEmpty();
  }

  @Test
  void readsVersionAndWriterFromTheFieldsTheBuilderNames() {
    MigrationChain chain = MigrationChain.builder("index").versionField("v").writerField("by")
        .add(Migration.of(1, "add items", d -> {
          d.putArray("items");
          return d;
        }))
        .build();

    assertThat(chain.migrate(json("{\"schema_version\":7}")).document()).isEqualTo(json("{\"schema_version\":7,\"v\":2,\"items\":[]}"));
    assertThatThrownBy(() -> chain.migrate(json("{\"v\":3,\"by\":\"1.2.3\"}")))
        .isInstanceOf(UnsupportedSchemaVersionException.class)
        .hasMessageContaining("It was written by Steward 1.2.3");
  }

  @ParameterizedTest
  @ValueSource(strings = {"0", "-1", "\"abc\"", "1.5", "\"2\"", "true", "1099511627776", "[1]", "{}"})
  void refusesAnInvalidVersionAsAMigrationError(String version) {
    ObjectNode document = json("{\"schema_version\":" + version + ",\"records\":[]}");
    ObjectNode before = document.deepCopy();

    assertThatThrownBy(() -> CHAIN.migrate(document))
        .isExactlyInstanceOf(MigrationException.class)
        .hasMessage("The state file has an invalid schema_version: " + document.get("schema_version")
            + " (expected a whole number from 1 to 4)");
    assertThat(document).isEqualTo(before);
  }

  @Test
  void invalidVersionMessageShowsTheValueAsWritten() {
    assertThatThrownBy(() -> CHAIN.versionOf(json("{\"schema_version\":\"abc\"}")))
        .hasMessage("The state file has an invalid schema_version: \"abc\" (expected a whole number from 1 to 4)");
    assertThatThrownBy(() -> CHAIN.versionOf(json("{\"schema_version\":1.5}")))
        .hasMessage("The state file has an invalid schema_version: 1.5 (expected a whole number from 1 to 4)");
  }

  @Test
  void refusesDocumentsThatAreNotObjects() {
    JsonNodeFactory nodes = JsonNodeFactory.instance;

    assertThatThrownBy(() -> CHAIN.migrate(nodes.arrayNode().add(1)))
        .isExactlyInstanceOf(MigrationException.class)
        .hasMessage("The state file is not a JSON object (found array)");
    assertThatThrownBy(() -> CHAIN.migrate(nodes.textNode("records")))
        .hasMessage("The state file is not a JSON object (found string)");
    assertThatThrownBy(() -> CHAIN.migrate(NullNode.getInstance()))
        .hasMessage("The state file is not a JSON object (found null)");
    assertThatThrownBy(() -> CHAIN.migrate(MissingNode.getInstance()))
        .hasMessage("The state file is not a JSON object (found missing)");
    assertThatThrownBy(() -> CHAIN.migrate(null))
        .isExactlyInstanceOf(MigrationException.class)
        .hasMessage("The state file is not a JSON object (found nothing)");
  }

  @Test
  void failingStepNamesItselfAndLeavesTheInputUntouched() {
    // v2 records keep "status" although v2 renamed it; the v3 step half-writes before it fails.
    MigrationChain chain = MigrationChain.builder("state file")
        .add(Migration.of(1, StateDocumentChain.RENAME, d -> d.put("renamed", true)))
        .add(Migration.of(2, "add failure bookkeeping", d -> {
          d.put("half-written", true);
          throw new IllegalStateException("record 'a' has no state");
        }))
        .add(Migration.of(3, "never reached", d -> {
          throw new AssertionError("must not run");
        }))
        .build();
    ObjectNode document = json("{\"records\":[{\"name\":\"a\",\"status\":\"RUNNING\"}]}");
    ObjectNode before = document.deepCopy();

    MigrationException failed = catchThrowableOfType(() -> chain.migrate(document), MigrationException.class);

    assertThat(failed).isExactlyInstanceOf(MigrationException.class)
        .hasMessage("Migrating the state file from schema version 2 to 3 (add failure bookkeeping) failed: "
            + "record 'a' has no state. The original was left unchanged.")
        .hasCauseInstanceOf(IllegalStateException.class);
    assertThat(document).isEqualTo(before);
  }

  @Test
  void stepThatReturnsNoDocumentIsAMigrationError() {
    MigrationChain chain = MigrationChain.builder("state file").add(Migration.of(1, "forgets to return", d -> null)).build();

    assertThatThrownBy(() -> chain.migrate(json("{}")))
        .isExactlyInstanceOf(MigrationException.class)
        .hasMessage("Migration step 1 -> 2 (forgets to return) of the state file returned no document");
  }

  @Test
  void refusesAStepThatLeavesAGapAtRegistration() {
    MigrationChain.Builder builder = MigrationChain.builder("state file")
        .add(Migration.of(1, "rename status to state", d -> d));

    assertThatThrownBy(() -> builder.add(Migration.of(3, "key records by name", d -> d)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Missing migration of the state file from version 2 to 3: the next registered step, "
            + "'key records by name', starts at version 3. Register the steps in order, one per version.");
  }

  @Test
  void refusesAFirstStepThatDoesNotStartAtVersionOne() {
    assertThatThrownBy(() -> MigrationChain.builder("state file").add(Migration.of(2, "late start", d -> d)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Missing migration of the state file from version 1 to 2: the next registered step, "
            + "'late start', starts at version 2. Register the steps in order, one per version.");
  }

  @Test
  void refusesASecondStepFromTheSameVersionAtRegistration() {
    MigrationChain.Builder builder = MigrationChain.builder("state file")
        .add(Migration.of(1, "rename status to state", d -> d))
        .add(Migration.of(2, "add failures", d -> d));

    assertThatThrownBy(() -> builder.add(Migration.of(1, "rename status to phase", d -> d)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Duplicate migration of the state file from version 1: 'rename status to phase' and "
            + "'rename status to state'. Keep one.");
  }

  @Test
  void refusesAStepBelowVersionOneEvenAsTheFirstStep() {
    assertThatThrownBy(() -> MigrationChain.builder("state file").add(Migration.of(0, "from nothing", d -> d)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Migration 'from nothing' of the state file starts at version 0; versions start at 1");
  }

  @Test
  void refusesAStepBelowVersionOneAfterOtherSteps() {
    MigrationChain.Builder builder = MigrationChain.builder("state file").add(Migration.of(1, "first", d -> d));

    assertThatThrownBy(() -> builder.add(Migration.of(-1, "negative", d -> d)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Migration 'negative' of the state file starts at version -1; versions start at 1");
  }

  @Test
  void migrationOfDescribesItsStep() {
    Migration step = Migration.of(2, "add failures", d -> d);

    assertThat(step.fromVersion()).isEqualTo(2);
    assertThat(step.description()).isEqualTo("add failures");
    assertThat(step).hasToString("v2->v3 (add failures)");
    assertThatThrownBy(() -> Migration.of(1, null, d -> d)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> Migration.of(1, "x", null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void exampleChainRefusesDuplicateRecordNamesWithoutTouchingTheInput() {
    ObjectNode document = json("{\"records\":[{\"name\":\"a\",\"status\":\"X\"},{\"name\":\"a\",\"status\":\"Y\"}]}");
    ObjectNode before = document.deepCopy();

    assertThatThrownBy(() -> CHAIN.migrate(document))
        .isInstanceOf(MigrationException.class)
        .hasMessage("Migrating the state file from schema version 3 to 4 (key records by name) failed: "
            + "two records are named 'a'. The original was left unchanged.");
    assertThat(document).isEqualTo(before);
    assertThat(Optional.of(document.get("records").get(0).get("status").asText())).contains("X");
  }
}
