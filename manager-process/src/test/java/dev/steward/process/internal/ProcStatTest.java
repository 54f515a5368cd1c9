package dev.steward.process.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.steward.observe.OutputParseException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class ProcStatTest {
  static String resource(String name) throws IOException {
    try (InputStream in = ProcStatTest.class.getResourceAsStream("/proc/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void readsARealStatLine() throws IOException {
    ProcStat stat = ProcStat.parse(resource("stat-cat.txt"));

    assertThat(stat).isEqualTo(new ProcStat(14675, "cat", 'R', 14673, 14673, 21420, 867267));
  }

  @Test
  void readsANameWithSpacesAndParenthesesCapturedFromARealProcess() throws IOException {
    ProcStat stat = ProcStat.parse(resource("stat-weird-comm.txt"));

    assertThat(stat.comm()).isEqualTo("my (weird) name");
    assertThat(stat.state()).isEqualTo('S');
    assertThat(stat.startTicks()).isEqualTo(867276);
    assertThat(stat.session()).isEqualTo(21420);
  }

  @Test
  void takesTheFieldsAfterTheLastClosingParenthesisEvenWhenTheNameLooksLikeFields() {
    String line = "77 (x) Z 1 2 3 4 ) S 10 11 12 0 -1 4194304 136 0 0 0 0 0 0 0 20 0 1 0 99 2990080 413 0\n";

    ProcStat stat = ProcStat.parse(line);

    assertThat(stat.comm()).isEqualTo("x) Z 1 2 3 4 ");
    assertThat(stat).extracting(ProcStat::pid, ProcStat::state, ProcStat::parent, ProcStat::group, ProcStat::session,
        ProcStat::startTicks).containsExactly(77L, 'S', 10L, 11L, 12L, 99L);
  }

  @Test
  void aZombieIsDead() {
    String line = "5 (defunct thing) Z 1 5 5 0 -1 4194304 136 0 0 0 0 0 0 0 20 0 1 0 42 0 0 0";

    assertThat(ProcStat.parse(line).isDead()).isTrue();
    assertThat(ProcStat.parse(line.replace(") Z", ") S")).isDead()).isFalse();
  }

  @Test
  void aTruncatedLineIsATypedErrorThatSaysWhatIsMissing() {
    assertThatThrownBy(() -> ProcStat.parse("5 (sleep) S 1 5 5 0"))
        .isInstanceOf(OutputParseException.class)
        .hasMessageContaining("/proc/<pid>/stat")
        .hasMessageContaining("expected at least 22 fields");
  }

  @Property
  void garbageGivesATypedErrorOrAValidRecordNeverAnotherException(@ForAll String text) {
    try {
      ProcStat stat = ProcStat.parse(text);
      assertThat(stat.pid()).isNotNegative();
      assertThat(stat.startTicks()).isNotNegative();
    } catch (OutputParseException expected) {
      assertThat(expected.getMessage()).startsWith("Cannot read the output of /proc/<pid>/stat");
    }
  }
}
