package dev.steward.process.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.ResourceKey;
import java.nio.charset.StandardCharsets;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class EnvironMarkersTest {
  private static byte[] environ(String... entries) {
    return (String.join("\0", entries) + "\0").getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void readsBothMarkersWhereverTheyAre() {
    byte[] block = environ("PATH=/usr/bin", "STEWARD_RESOURCE=node/web-1", "HOME=/root", "STEWARD_INSTANCE=prod");

    assertThat(EnvironMarkers.parse(block)).contains(new EnvironMarkers("prod", "node/web-1"));
    assertThat(EnvironMarkers.parse(block).orElseThrow().key()).contains(ResourceKey.local("node", "web-1"));
  }

  @Test
  void aProcessWithOneMarkerOnlyIsNotANode() {
    assertThat(EnvironMarkers.parse(environ("STEWARD_INSTANCE=prod", "X=1"))).isEmpty();
    assertThat(EnvironMarkers.parse(new byte[0])).isEmpty();
  }

  @Test
  void aVariableWhoseNameOnlyStartsLikeAMarkerIsNotOne() {
    byte[] block = environ("STEWARD_INSTANCE_OLD=x", "STEWARD_RESOURCE=node/a", "STEWARD_INSTANCE=i");

    assertThat(EnvironMarkers.parse(block)).contains(new EnvironMarkers("i", "node/a"));
  }

  @Test
  void aResourceMarkerThatIsNotAKeyNamesNoNode() {
    assertThat(new EnvironMarkers("i", "no-slash").key()).isEmpty();
    assertThat(new EnvironMarkers("i", "Bad Kind/x").key()).isEmpty();
    assertThat(new EnvironMarkers("i", "/x").key()).isEmpty();
  }

  @Property
  void anyBytesGiveMarkersOrNothingNeverAnException(@ForAll byte[] block) {
    EnvironMarkers.parse(block).ifPresent(m -> assertThat(m.key()).isNotNull());
  }
}
