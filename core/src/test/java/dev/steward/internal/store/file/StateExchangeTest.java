package dev.steward.internal.store.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.steward.store.ImportRefusedException;
import java.util.OptionalLong;
import java.util.TreeMap;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("StateExchange.importedSerial: the lineage and serial rule every store applies to an import")
class StateExchangeTest {
  private static final StateExchange.Current CURRENT = new StateExchange.Current("the store", "L", 10, false);

  private static StateExchange.Contents document(String lineage, long serial) {
    return new StateExchange.Contents(lineage, serial, new TreeMap<>());
  }

  @Test
  @DisplayName("a copy of the current state (same lineage, serial and records) is nothing to do")
  void aCopyIsNothingToDo() {
    assertThat(StateExchange.importedSerial(CURRENT, document("L", 10), true, false)).isEmpty();
    assertThat(StateExchange.importedSerial(CURRENT, document("L", 10), true, true)).isEmpty();
  }

  @Test
  @DisplayName("a newer copy of the same lineage is taken with its own serial")
  void aNewerCopyKeepsItsSerial() {
    assertThat(StateExchange.importedSerial(CURRENT, document("L", 15), false, false)).isEqualTo(OptionalLong.of(15));
  }

  @Test
  @DisplayName("a fresh store takes any document with its serial, even another lineage and serial 0")
  void aFreshStoreTakesAnything() {
    StateExchange.Current fresh = new StateExchange.Current("the store", "M", 0, true);
    assertThat(StateExchange.importedSerial(fresh, document("L", 7), false, false)).isEqualTo(OptionalLong.of(7));
    assertThat(StateExchange.importedSerial(fresh, document("L", 0), false, false)).isEqualTo(OptionalLong.of(0));
  }

  @Test
  @DisplayName("another lineage is refused, naming both; forced it gets one more than the larger serial")
  void anotherLineage() {
    assertThatThrownBy(() -> StateExchange.importedSerial(CURRENT, document("X", 50), false, false))
        .isInstanceOf(ImportRefusedException.class)
        .hasMessage("The document belongs to lineage X, but the store holds lineage L: it is another state, not a copy of this one."
            + " Nothing was changed. Import it with force to replace this state.");
    assertThat(StateExchange.importedSerial(CURRENT, document("X", 50), false, true)).isEqualTo(OptionalLong.of(51));
    assertThat(StateExchange.importedSerial(CURRENT, document("X", 3), false, true)).isEqualTo(OptionalLong.of(11));
  }

  @Test
  @DisplayName("an older serial is refused with how many changes it would undo; forced it gets one more than the current")
  void anOlderSerial() {
    assertThatThrownBy(() -> StateExchange.importedSerial(CURRENT, document("L", 7), false, false))
        .isInstanceOf(ImportRefusedException.class)
        .hasMessage("The document has serial 7, older than serial 10 of the store: importing it would undo 3 changes."
            + " Nothing was changed. Import it with force to go back anyway.");
    assertThat(StateExchange.importedSerial(CURRENT, document("L", 7), false, true)).isEqualTo(OptionalLong.of(11));
  }

  @Test
  @DisplayName("the same serial with other records is refused as diverged; forced it gets the next serial")
  void diverged() {
    assertThatThrownBy(() -> StateExchange.importedSerial(CURRENT, document("L", 10), false, false))
        .isInstanceOf(ImportRefusedException.class)
        .hasMessageContaining("the two diverged");
    assertThat(StateExchange.importedSerial(CURRENT, document("L", 10), false, true)).isEqualTo(OptionalLong.of(11));
  }
}
