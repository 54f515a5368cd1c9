package dev.steward.systemd.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.steward.observe.SystemctlShow;
import dev.steward.observe.SystemdUnit;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HostFactsTest {
  static String resource(String name) {
    try (InputStream in = HostFactsTest.class.getResourceAsStream(name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException | NullPointerException e) {
      throw new AssertionError("no test resource " + name, e);
    }
  }

  @Test
  void readsTheUserAndTheVersionOfARealHost() {
    HostFacts facts = HostFacts.parse("/root\nroot\n0\n" + resource("version-252.txt"));

    assertThat(facts).isEqualTo(new HostFacts("root", 0, "/root", 252, "252 (252.39-1~deb12u2)"));
    assertThat(facts.timestampOptions()).containsExactly("--timestamp=unix");
    assertThat(facts.showEnvironment()).isEmpty();
    assertThat(facts.runtimeDirectory(UnitScope.SYSTEM)).isEmpty();
    assertThat(new HostFacts("alice", 1000, "/home/alice", 252, "252").runtimeDirectory(UnitScope.USER)).contains("/run/user/1000");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "systemd 257 (257.7-1)|257|--timestamp=unix|",
      "systemd 255 (255.4-1.fc40)|255|--timestamp=unix|",
      "systemd 251 (251.4-1ubuntu7)|251|--timestamp=unix|",
      "systemd 250 (250.3-1)|250|--timestamp=utc|",
      "systemd 249 (249.11-0ubuntu3.12)|249|--timestamp=utc|",
      "systemd 247 (247.3-7+deb11u4)|247|--timestamp=utc|",
      "systemd 245 (245.4-4ubuntu3.22)|245||LC_ALL=C TZ=UTC",
      "systemd 241 (241)|241||LC_ALL=C TZ=UTC",
      "systemd 237|237||LC_ALL=C TZ=UTC",
  })
  void asksForTimestampsAsEachVersionCanGiveThem(String line, int version, String option, String environment) {
    HostFacts facts = HostFacts.parse("/root\nroot\n0\n" + line + "\n+PAM +AUDIT\n");

    assertThat(facts.systemdVersion()).isEqualTo(version);
    assertThat(facts.systemdRelease()).isEqualTo(line.substring("systemd ".length()));
    assertThat(facts.timestampOptions()).isEqualTo(option == null ? List.of() : List.of(option));
    assertThat(facts.showEnvironment()).isEqualTo(environment == null ? Map.of() : Map.of("LC_ALL", "C", "TZ", "UTC"));
  }

  @Test
  void eachTimestampFormGivesTheSameStartTime() {
    Instant started = Instant.ofEpochSecond(1_796_304_435);

    for (String sample : List.of("show-unix.txt", "show-utc.txt", "show-default-utc.txt")) {
      SystemdUnit unit = SystemctlShow.parse(resource(sample)).get(0);

      assertThat(unit.mainStartedAt()).as(sample).contains(started);
      assertThat(unit.mainPid()).as(sample).hasValue(2824);
    }
  }

  @Test
  void saysWhatItExpectedOfOutputItCannotRead() {
    assertThatThrownBy(() -> HostFacts.parse("/root\nroot\n0\n")).hasMessage(
        "expected the home directory, the user, the uid and systemctl's version on four lines, found 3 line(s)");
    assertThatThrownBy(() -> HostFacts.parse("/root\nroot\n0\nsh: 1: systemctl: not found\n")).hasMessage(
        "expected 'systemd VERSION ...' from systemctl --version, found 'sh: 1: systemctl: not found'");
    assertThatThrownBy(() -> HostFacts.parse("root\nroot\n0\nsystemd 252\n")).hasMessage(
        "expected an absolute home directory, found 'root'");
    assertThatThrownBy(() -> HostFacts.parse("/root\nroot\nzero\nsystemd 252\n")).hasMessage("expected a uid, found 'zero'");
  }

  @Property
  void garbageGivesAnIllegalArgumentExceptionAndNothingElse(@ForAll String garbage) {
    try {
      HostFacts.parse(garbage);
    } catch (IllegalArgumentException expected) {
      assertThat(expected).hasMessageStartingWith("expected ");
    }
  }
}
