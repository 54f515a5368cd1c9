package dev.steward.probe.ssh.internal.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.steward.observe.OutputParseException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class ProbeScriptTest {
  private static final ProbeScript SCRIPT = new ProbeScript("abcdEFGH1234", List.of(
      ProbeScript.Section.of("echo", "printf", "printf", "one\\ntwo"),
      ProbeScript.Section.of("fails", "sh", "sh", "-c", "echo out; echo 'it broke' >&2; exit 7"),
      ProbeScript.Section.of("absent-tool", "no-such-tool-steward", "no-such-tool-steward"),
      ProbeScript.Section.of("quoted", "printf", "printf", "%s|", "a b", "it's", "$HOME"),
      ProbeScript.Section.of("fallback", "cat", "cat", "/dev/null").fallbackFor("sh")));

  private static String runLocally(ProbeScript script) throws Exception {
    Process process = new ProcessBuilder("sh", "-c", script.text()).start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor()).isZero();
    return out;
  }

  @Test
  void keepsEachSectionsOutputsAndStatusApartOnARealShell() throws Exception {
    Map<String, ProbeScript.Outcome> outcomes = SCRIPT.parse(runLocally(SCRIPT));
    assertThat(outcomes.get("echo")).isEqualTo(new ProbeScript.Ran("one\ntwo", "", 0));
    assertThat(outcomes.get("fails")).isEqualTo(new ProbeScript.Ran("out\n", "it broke\n", 7));
    assertThat(((ProbeScript.Ran) outcomes.get("fails")).firstErrorLine()).isEqualTo("it broke");
    assertThat(outcomes.get("absent-tool")).isEqualTo(new ProbeScript.Missing("no-such-tool-steward"));
    assertThat(outcomes.get("quoted")).isEqualTo(new ProbeScript.Ran("a b|it's|$HOME|", "", 0));
    assertThat(outcomes.get("fallback")).isEqualTo(new ProbeScript.Absent());
  }

  @Test
  void outputCutShortIsATypedError() throws Exception {
    String out = runLocally(SCRIPT);
    String cut = out.substring(0, out.indexOf("stderr fails"));
    assertThatThrownBy(() -> SCRIPT.parse(cut)).isInstanceOf(OutputParseException.class).hasMessageContaining("cut short");
  }

  @Test
  void refusesBadTokensAndSectionNames() {
    assertThatThrownBy(() -> new ProbeScript("short", List.of())).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ProbeScript.Section.of("Bad Name", "x", "x")).isInstanceOf(IllegalArgumentException.class);
  }

  @Property(tries = 300)
  void garbageGivesATypedErrorOrNoSections(@ForAll String garbage) {
    try {
      Map<String, ProbeScript.Outcome> outcomes = SCRIPT.parse(garbage);
      assertThat(outcomes).hasSize(5);
    } catch (OutputParseException e) {
      assertThat(e.getMessage()).isNotBlank();
    }
  }

  @Property(tries = 300)
  void diskSpaceGarbageGivesATypedError(@ForAll String garbage) {
    try {
      double free = DiskSpace.freePercent(garbage);
      assertThat(free).isBetween(0.0, 100.0);
    } catch (OutputParseException e) {
      assertThat(e.source()).isEqualTo(DiskSpace.SOURCE);
    }
  }

  @Test
  void readsStatFs() {
    assertThat(DiskSpace.freePercent("20684771 66053021\n")).isBetween(31.3, 31.4);
    assertThatThrownBy(() -> DiskSpace.freePercent("5 4")).isInstanceOf(OutputParseException.class);
  }
}
