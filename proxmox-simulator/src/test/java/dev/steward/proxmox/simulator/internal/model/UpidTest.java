package dev.steward.proxmox.simulator.internal.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.AlphaChars;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

class UpidTest {
  // pve-common's upid_decode, copied from formats.md §6.3 rather than from the code under test.
  private static final Pattern PVE = Pattern.compile(
      "^UPID:([a-zA-Z0-9]([a-zA-Z0-9\\-]*[a-zA-Z0-9])?):([0-9A-Fa-f]{8}):([0-9A-Fa-f]{8,9}):([0-9A-Fa-f]{8}):"
          + "([^:\\s/]+):([^:\\s/]*):([^:\\s/]+):$");

  @Test
  void readsTheExampleOfTheNotes() {
    Upid upid = Upid.parse("UPID:pve:0003A1B2:0074B9C5:6516E0F4:qmstart:100:root@pam:").orElseThrow();

    // formats.md gives the start time as 1695997172, which is 0x6516DCF4; the UPID says 0x6516E0F4.
    assertThat(upid).isEqualTo(new Upid("pve", 0x3A1B2, 0x74B9C5, 0x6516E0F4L, "qmstart", "100", "root@pam"));
    assertThat(upid.starttime()).isEqualTo(1695998196L);
    assertThat(upid.text()).isEqualTo("UPID:pve:0003A1B2:0074B9C5:6516E0F4:qmstart:100:root@pam:");
  }

  @Test
  void readsANinthPstartDigitAnEmptyIdAndATokenUser() {
    Upid upid = Upid.parse("UPID:node-2:0017C594:10ADB2769:63EC5455:imgcopy::backup@pve!nightly:").orElseThrow();

    assertThat(upid.pstart()).isEqualTo(0x10ADB2769L);
    assertThat(upid.id()).isEmpty();
    assertThat(upid.userid()).isEqualTo("backup@pve");
    assertThat(upid.tokenName()).contains("nightly");
    assertThat(upid.text()).isEqualTo("UPID:node-2:0017C594:10ADB2769:63EC5455:imgcopy::backup@pve!nightly:");
  }

  @Test
  void refusesWhatARealServerNeverWrites() {
    List<String> wrong = List.of(
        "UPID:pve:0003A1B2:0074B9C5:6516E0F4:qmstart:100:root@pam",
        "UPID:pve:0003A1B2:0074B9C5:6516E0F4:qmstart:100:root@pam:done",
        "UPID:pve_1:0003A1B2:0074B9C5:6516E0F4:qmstart:100:root@pam:",
        "UPID:pve-:0003A1B2:0074B9C5:6516E0F4:qmstart:100:root@pam:",
        "UPID:pve:3A1B2:0074B9C5:6516E0F4:qmstart:100:root@pam:",
        "UPID:pve:0003A1B2:0074B9C5:6516E0F4::100:root@pam:",
        "UPID:pve:0003A1B2:0074B9C5:6516E0F4:qmstart:1 0:root@pam:",
        "UPID:pve:0003A1B2:0074B9C5:6516E0F4:qmstart:100::",
        "upid:pve:0003A1B2:0074B9C5:6516E0F4:qmstart:100:root@pam:");
    wrong.forEach(text -> assertThat(Upid.parse(text)).as(text).isEmpty());
  }

  @Test
  void refusesToMakeOneWithANodeNameARealServerCannotHave() {
    assertThatThrownBy(() -> new Upid("pve_1", 1, 1, 1, "qmstart", "100", "root@pam"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("pve_1");
  }

  @Property(tries = 300)
  void writesUpidsThatPveParsesIntoNineParts(
      @ForAll @LongRange(min = 0, max = 0xFFFFFFFFL) long pid,
      @ForAll @LongRange(min = 0, max = 0xFFFFFFFFFL) long pstart,
      @ForAll @LongRange(min = 0, max = 0xFFFFFFFFL) long starttime,
      @ForAll @IntRange(min = 0, max = 999_999) int id,
      @ForAll @StringLength(min = 1, max = 12) @AlphaChars String type) {
    Upid upid = new Upid("pve" + (id % 7), pid, pstart, starttime, type, id % 3 == 0 ? "" : String.valueOf(id), "root@pam");

    assertThat(upid.text()).matches(PVE);
    assertThat(upid.text().split(":", -1)).hasSize(9);
    assertThat(Upid.parse(upid.text())).contains(upid);
  }

  @Property(tries = 40)
  void everyGeneratedTaskHasAUpidPveParses(
      @ForAll @LongRange(min = -1000, max = 1000) long seed,
      @ForAll @IntRange(min = 1, max = 6) int nodes,
      @ForAll @IntRange(min = 0, max = 300) int tasksPerNode) {
    ClusterShape shape = new ClusterShape(nodes, 4, 2, 3, tasksPerNode, 2, 5, seed, Optional.of("lab"), Duration.ZERO);
    ClusterState state = ClusterGenerator.generate(shape, 1_767_225_600L);
    TaskBook book = new TaskBook(shape, state.nodes(), 1_767_225_600L);

    for (SimNode node : state.nodes()) {
      List<Task> tasks = book.tasksOn(node.name());
      assertThat(tasks).hasSize(tasksPerNode);
      for (Task task : tasks) {
        String text = task.upid().text();
        assertThat(text).matches(PVE);
        assertThat(text.split(":", -1)).hasSize(9);
        assertThat(Upid.parse(text)).contains(task.upid());
        assertThat(task.upid().node()).isEqualTo(node.name());
        assertThat(book.find(text)).as("found again by its UPID").contains(task);
      }
    }
  }
}
