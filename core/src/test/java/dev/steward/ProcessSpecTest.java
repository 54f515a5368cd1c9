package dev.steward;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class ProcessSpecTest {
  @Test
  void readsTheResourceMarkerBackIntoTheKeyItWasWrittenFor() {
    ResourceKey key = ResourceKey.local("node", "web-1");

    assertThat(ProcessSpec.resourceMarker(key)).isEqualTo("node/web-1");
    assertThat(ProcessSpec.resourceOfMarker("node/web-1")).contains(key);
    assertThat(ProcessSpec.resourceOfMarker("node/a/b")).isEmpty();
  }

  @Test
  void aResourceMarkerThatIsNotKindSlashNameNamesNoResource() {
    assertThat(ProcessSpec.resourceOfMarker("no-slash")).isEmpty();
    assertThat(ProcessSpec.resourceOfMarker("Bad Kind/x")).isEmpty();
    assertThat(ProcessSpec.resourceOfMarker("/x")).isEmpty();
    assertThat(ProcessSpec.resourceOfMarker("node/")).isEmpty();
    assertThat(ProcessSpec.resourceOfMarker("")).isEmpty();
  }

  @Property
  void anyMarkerNamesALocalResourceThatWritesItBackOrNothingNeverAnException(@ForAll String marker) {
    ProcessSpec.resourceOfMarker(marker).ifPresent(key -> {
      assertThat(key.isLocal()).isTrue();
      assertThat(ProcessSpec.resourceMarker(key)).isEqualTo(marker);
    });
  }
}
