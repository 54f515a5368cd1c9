package dev.steward;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SpecTest {
  private static final ResourceKey WEB_1 = ResourceKey.local("node", "web-1");

  @Test
  void keepsItsOwnSortedCopyOfTheProperties() {
    Map<String, String> properties = new HashMap<>(Map.of("version", "1.2", "port", "8080"));
    Spec spec = new Spec(WEB_1, properties);

    properties.put("version", "9.9");
    properties.put("command", "rm -rf /");

    assertThat(spec.properties()).containsExactly(Map.entry("port", "8080"), Map.entry("version", "1.2"));
    assertThat(spec.property("version")).contains("1.2");
    assertThat(spec.property("command")).isEmpty();
  }

  @Test
  void handsOutPropertiesThatCannotBeChanged() {
    Spec spec = new Spec(WEB_1, Map.of("port", "8080"));

    assertThatThrownBy(() -> spec.properties().put("port", "1")).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> Spec.of(WEB_1).properties().put("port", "1")).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void withReturnsAChangedCopyAndLeavesTheOriginal() {
    Spec original = Spec.of(WEB_1).with("version", "1");

    Spec changed = original.with("version", "2");

    assertThat(original.property("version")).contains("1");
    assertThat(changed.property("version")).contains("2");
    assertThat(changed.key()).isEqualTo(WEB_1);
  }

  @Test
  void refusesBlankPropertyNamesAndMissingValues() {
    Map<String, String> nullValue = new HashMap<>();
    nullValue.put("version", null);

    assertThatThrownBy(() -> new Spec(WEB_1, Map.of(" ", "x")))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("Spec property names must not be blank");
    assertThatThrownBy(() -> new Spec(WEB_1, nullValue))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("Spec property 'version' has no value (null)");
    assertThatThrownBy(() -> new Spec(null, Map.of())).isInstanceOf(NullPointerException.class);
  }
}
