package dev.steward.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.spi.support.ShellQuoting;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the systemd benchmark does without the lab; with it, it is run by hand (see the README). */
class SystemdBenchmarkTest {
  @Test
  @DisplayName("without the lab, the benchmark says how to start it and touches no host")
  void withoutTheLabItSaysHowToStartIt(@TempDir Path empty) {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status = Main.run(List.of("systemd", "--lab", empty.toString()), new PrintStream(new ByteArrayOutputStream()),
        new PrintStream(err, true, StandardCharsets.UTF_8));

    assertThat(status).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("the lab is not up", empty.resolve("hosts.properties").toString(),
        "lab/host-container.sh start");
  }

  @Test
  void unknownOptionsAreRefusedByName() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status = Main.run(List.of("systemd", "--hosts", "3"), new PrintStream(new ByteArrayOutputStream()),
        new PrintStream(err, true, StandardCharsets.UTF_8));

    assertThat(status).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("unknown option '--hosts'", "systemd [--units 20]");
  }

  @Test
  @DisplayName("the anchor hands ssh its command quoted, so the remote shell keeps the units' \\x2d escapes")
  void anchorQuotesEscapedUnitNames() throws Exception {
    String unit = "steward-bench-node-bench\\x2d1.service";
    try (ShowAnchor anchor = new ShowAnchor(Path.of("/dev/null"), Map.of("h", List.of(unit)))) {
      String line = anchor.commandLine("h");

      assertThat(ShellQuoting.split(line)).containsExactly("systemctl", "show", "-p", ShowAnchor.PROPERTIES,
          "--timestamp=unix", "--", unit);
      assertThat(line).contains("'" + unit + "'");
    }
  }

  @Test
  void labFileWithoutHostsIsRefused(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("hosts.properties"), "count=0\n");
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status = Main.run(List.of("systemd", "--lab", dir.toString()), new PrintStream(new ByteArrayOutputStream()),
        new PrintStream(err, true, StandardCharsets.UTF_8));

    assertThat(status).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("names no hosts", "lab/host-container.sh start");
  }
}
