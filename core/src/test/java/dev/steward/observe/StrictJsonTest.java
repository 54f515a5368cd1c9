package dev.steward.observe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** How the JSON parsers are configured: strict, bounded, and always a typed error. */
class StrictJsonTest {
  @Test
  void refusesLenientJson() {
    assertThatThrownBy(() -> Findmnt.parseJson("{\"filesystems\": [] /* comment */}")).isInstanceOf(OutputParseException.class);
    assertThatThrownBy(() -> Findmnt.parseJson("{'filesystems': []}")).isInstanceOf(OutputParseException.class);
    assertThatThrownBy(() -> DockerInspect.parse("[] []")).isInstanceOf(OutputParseException.class).hasMessageContaining("not valid JSON");
    assertThatThrownBy(() -> DockerInspect.parse("[NaN]")).isInstanceOf(OutputParseException.class);
  }

  @Test
  void deepNestingAndHugeNumbersAreParseErrors() {
    String deep = "[".repeat(5000) + "]".repeat(5000);
    assertThatThrownBy(() -> PipEditables.parse(deep)).isInstanceOf(OutputParseException.class);
    assertThatThrownBy(() -> DockerInspect.parse(deep)).isInstanceOf(OutputParseException.class);
    assertThatThrownBy(() -> Findmnt.parseJson("{\"filesystems\": " + deep + "}")).isInstanceOf(OutputParseException.class);
    assertThatThrownBy(() -> DockerPs.parse("{\"ID\": " + "9".repeat(5000) + "}"))
        .isInstanceOf(OutputParseException.class)
        .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(500));
  }

  @Test
  void findmntChildrenNestedHundredsDeepAreRead() {
    String entry = "{\"target\": \"/a\", \"source\": \"s\", \"fstype\": \"t\", \"children\": [";
    String json = "{\"filesystems\": [" + entry.repeat(300) + "]}".repeat(300) + "]}";

    assertThat(Findmnt.parseJson(json)).hasSize(300);
  }
}
