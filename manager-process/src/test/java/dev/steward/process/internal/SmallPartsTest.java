package dev.steward.process.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SmallPartsTest {
  @Test
  void namesTheSignalBehindAnExitStatus() {
    assertThat(LocalProcessManager.describeExit(1)).isEqualTo("1");
    assertThat(LocalProcessManager.describeExit(143)).isEqualTo("143 (killed by SIGTERM)");
    assertThat(LocalProcessManager.describeExit(137)).isEqualTo("137 (killed by SIGKILL)");
  }

  @Test
  void showsDurationsAsPeopleWriteThem() {
    assertThat(LocalProcessManager.human(Duration.ofSeconds(2))).isEqualTo("2s");
    assertThat(LocalProcessManager.human(Duration.ofMillis(300))).isEqualTo("300ms");
    assertThat(LocalProcessManager.human(Duration.ofSeconds(90))).isEqualTo("1m30s");
    assertThat(LocalProcessManager.human(Duration.ofMinutes(2))).isEqualTo("2m");
  }
}
