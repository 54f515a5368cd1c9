package dev.steward.systemd.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.steward.ResourceKey;
import java.nio.charset.StandardCharsets;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

class UnitNamesTest {
  @Test
  void escapesAsSystemdEscapeDoes() {
    assertThat(UnitNames.escape("web1")).isEqualTo("web1");
    assertThat(UnitNames.escape("web-1")).isEqualTo("web\\x2d1");
    assertThat(UnitNames.escape("a/b")).isEqualTo("a-b");
    assertThat(UnitNames.escape("db@2+x")).isEqualTo("db\\x402\\x2bx");
    assertThat(UnitNames.escape(".hidden.x")).isEqualTo("\\x2ehidden.x");
    assertThat(UnitNames.escape("a b\\ü")).isEqualTo("a\\x20b\\x5c\\xc3\\xbc");
    assertThat(UnitNames.escape("Keep:these_.")).isEqualTo("Keep:these_.");
  }

  @Test
  void namesAUnitByInstanceKindAndName() {
    assertThat(UnitNames.unit("main", ResourceKey.of("node", "web-1", "h1"))).isEqualTo("steward-main-node-web\\x2d1.service");
    assertThat(UnitNames.unit("ci-7", ResourceKey.local("node", "a.b"))).isEqualTo("steward-ci\\x2d7-node-a.b.service");
  }

  @Test
  void refusesANameLongerThanSystemdTakes() {
    ResourceKey key = ResourceKey.local("node", "n-".repeat(100));

    assertThatThrownBy(() -> UnitNames.unit("main", key))
        .hasMessage("The unit name of " + key + " would be 526 characters, and systemd takes at most 255: use a shorter name or instance");
  }

  @Property
  void escapedTextIsAValidUnitNamePartWithoutDashesAndReadsBack(@ForAll @StringLength(max = 40) String text) {
    String plain = text.replace('/', 'x');

    String escaped = UnitNames.escape(plain);

    assertThat(escaped).matches("[A-Za-z0-9:_.\\\\]*").doesNotStartWith(".");
    assertThat(UnitNames.unescape(escaped)).isEqualTo(new String(plain.getBytes(StandardCharsets.UTF_8),
        StandardCharsets.UTF_8));
  }

  @Property
  void slashesBecomeDashes(@ForAll @StringLength(max = 20) String a, @ForAll @StringLength(max = 20) String b) {
    String left = a.replace('/', 'x');
    String right = "r" + b.replace('/', 'x');

    assertThat(UnitNames.escape(left + "/" + right)).isEqualTo(UnitNames.escape(left) + "-" + UnitNames.escape(right));
  }
}
