package dev.steward.systemd.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.steward.observe.OutputParseException;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class UnitListingTest {
  /** The marker of the real sample: the listing of a running, a stopped and a failed unit on systemd 252. */
  private static final String MARKER = "--steward-6c1f7a2e-93b4-4d0e-a1d2-5b8f0e4c7d19";
  private static final String FAILED = "steward-sample-node-gives\\x2dup.service";
  private static final String STOPPED = "steward-sample-node-idle.service";
  private static final String RUNNING = "steward-sample-node-web\\x2d1.service";

  @Test
  void readsTheUnitsTheirStateAndTheJournalOfTheFailedOne() {
    UnitListing.Listing listing = UnitListing.parse(HostFactsTest.resource("listing-252.txt"), MARKER);

    assertThat(listing.units()).containsExactly(FAILED, STOPPED, RUNNING);
    assertThat(listing.states().get(RUNNING).activeState()).isEqualTo("active");
    assertThat(listing.states().get(RUNNING).mainPid()).hasValue(2824);
    assertThat(listing.states().get(STOPPED).activeState()).isEqualTo("inactive");
    assertThat(listing.states().get(FAILED).property("Result")).contains("exit-code");
    assertThat(listing.journals()).containsOnlyKeys(FAILED);
    assertThat(listing.journals().get(FAILED)).containsExactly(
        "Starting " + FAILED + " - Steward node/gives-up...",
        "Started " + FAILED + " - Steward node/gives-up.",
        "the node gives up",
        FAILED + ": Main process exited, code=exited, status=3/NOTIMPLEMENTED",
        FAILED + ": Failed with result 'exit-code'.");
  }

  @Test
  void noOutputIsNoUnits() {
    assertThat(UnitListing.parse("", MARKER)).isEqualTo(new UnitListing.Listing(List.of(), Map.of(), Map.of()));
  }

  @Test
  void saysWhatDoesNotFit() {
    assertThatThrownBy(() -> UnitListing.parse("steward-a.service\n", MARKER))
        .hasMessage("expected the unit names and then a line '" + MARKER + "', found no such line");
    assertThatThrownBy(() -> UnitListing.parse("steward-a.service\nsteward-b.service\n" + MARKER
        + "\nId=steward-a.service\nLoadState=loaded\nActiveState=active\nSubState=running\n", MARKER))
        .hasMessage("systemctl show described 1 units for 2 asked");
  }

  @Property
  void garbageGivesATypedErrorAndNothingElse(@ForAll String names, @ForAll String shown) {
    try {
      UnitListing.parse(names + "\n" + MARKER + "\n" + shown, MARKER);
    } catch (OutputParseException | IllegalArgumentException expected) {
      assertThat(expected.getMessage()).isNotBlank();
    }
  }
}
