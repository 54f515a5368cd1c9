package dev.steward.probe.ssh.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class OutputCaptureTest {
  private static void write(OutputCapture capture, String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    capture.write(bytes, 0, bytes.length);
  }

  @Test
  @DisplayName("takes the pid line off stdout, even when it arrives in pieces")
  void takesThePidLine() {
    OutputCapture out = OutputCapture.stdout(1024);
    write(out, "12");
    write(out, "34\nhello");
    write(out, "\n");

    assertThat(out.pid()).hasValue(1234);
    assertThat(out.text()).isEqualTo("hello\n");
  }

  @Test
  @DisplayName("keeps everything as output when the first line is not a pid")
  void keepsOtherFirstLines() {
    OutputCapture out = OutputCapture.stdout(1024);
    write(out, "12x\nrest");

    assertThat(out.pid()).isEmpty();
    assertThat(out.text()).isEqualTo("12x\nrest");
  }

  @Test
  @DisplayName("keeps the limit, drops the rest and flags it")
  void capsAndFlags() {
    OutputCapture err = OutputCapture.stderr(1024);
    for (int i = 0; i < 100; i++) {
      write(err, "0123456789abcdef0123456789abcdef");
    }

    assertThat(err.text()).hasSize(1024);
    assertThat(err.truncated()).isTrue();
  }
}
