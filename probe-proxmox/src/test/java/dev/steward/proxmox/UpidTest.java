package dev.steward.proxmox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Locale;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** UPIDs in pve-common's format, and nothing else. */
class UpidTest {
  @Test
  @DisplayName("reads the parts of a UPID: hex pid, pstart and start time, type, id and user")
  void readsTheParts() {
    Upid upid = Upid.parse("UPID:pve:0003A1B2:0074B9C5:6516E0F4:qmstart:100:root@pam:");

    assertThat(upid.node()).isEqualTo("pve");
    assertThat(upid.pid()).isEqualTo(0x3A1B2);
    assertThat(upid.pstart()).isEqualTo(0x74B9C5);
    assertThat(upid.startTime()).isEqualTo(Instant.ofEpochSecond(0x6516E0F4L));
    assertThat(upid.type()).isEqualTo("qmstart");
    assertThat(upid.id()).isEqualTo("100");
    assertThat(upid.user()).isEqualTo("root@pam");
    assertThat(upid.token()).isEmpty();
    assertThat(upid.shortName()).isEqualTo("UPID:pve:0003A1B2:0074B9C5:6516E0F4");
  }

  @Test
  @DisplayName("an empty id, a token user and a 9-digit pstart (uptime over 497 days) are all valid")
  void readsTheRareForms() {
    Upid upid = Upid.parse("UPID:node-2:0017C594:1DCD65000:63EC5455:imgcopy::steward@pve!probe:");

    assertThat(upid.id()).isEmpty();
    assertThat(upid.pstart()).isEqualTo(0x1DCD65000L);
    assertThat(upid.user()).isEqualTo("steward@pve");
    assertThat(upid.token()).hasValue("probe");
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "UPID:node1:000FF1FD:10F9374C:630D702C:vzdump:110:root@pam:done",
      "UPID:pve:0003A1B2:0074B9C5:6516E0F4:qmstart:100:root@pam",
      "UPID:pve_1:0003A1B2:0074B9C5:6516E0F4:qmstart:100:root@pam:",
      "UPID:pve:3A1B2:0074B9C5:6516E0F4:qmstart:100:root@pam:",
      "UPID:pve:0003A1B2:0074B9C5:6516E0F4::100:root@pam:",
      "UPID:pve:0003A1B2:0074B9C5:6516E0F4:qm start:100:root@pam:",
      "upid:pve:0003A1B2:0074B9C5:6516E0F4:qmstart:100:root@pam:",
      ""})
  @DisplayName("refuses what pve-common would not write")
  void refusesOtherText(String text) {
    assertThat(Upid.tryParse(text)).isEmpty();
    assertThatThrownBy(() -> Upid.parse(text)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is not a UPID");
  }

  @Property(tries = 300)
  @Label("what pve-common's encoder writes is read back to the same parts")
  void readsWhatPveWrites(@ForAll("nodes") String node, @ForAll @IntRange(min = 1, max = 0x3FFFFF) int pid,
      @ForAll @LongRange(min = 0, max = 0xFFFFFFFFFL) long pstart, @ForAll @LongRange(min = 0, max = 0xFFFFFFFFL) long start,
      @ForAll("words") String type, @ForAll("ids") String id, @ForAll("users") String user) {
    String text = String.format(Locale.ROOT, "UPID:%s:%08X:%08X:%08X:%s:%s:%s:", node, pid, pstart, start, type, id, user);

    Upid upid = Upid.parse(text);

    assertThat(upid.text()).isEqualTo(text);
    assertThat(upid.node()).isEqualTo(node);
    assertThat(upid.pid()).isEqualTo(pid);
    assertThat(upid.pstart()).isEqualTo(pstart);
    assertThat(upid.startTime().getEpochSecond()).isEqualTo(start);
    assertThat(upid.type()).isEqualTo(type);
    assertThat(upid.id()).isEqualTo(id);
    assertThat(upid.user() + upid.token().map(t -> "!" + t).orElse("")).isEqualTo(user);
  }

  @Property(tries = 300)
  @Label("any text is a UPID or refused with an IllegalArgumentException, nothing else")
  void garbageIsRefused(@ForAll String text) {
    try {
      assertThat(Upid.parse(text).text()).isEqualTo(text);
    } catch (IllegalArgumentException refused) {
      assertThat(Upid.tryParse(text)).isEmpty();
    }
  }

  @Provide
  Arbitrary<String> nodes() {
    Arbitrary<String> inner = Arbitraries.strings().withChars("abcxyz019-").ofMaxLength(10);
    return Arbitraries.strings().withChars("pveNODE1234").ofLength(1).flatMap(first -> inner.map(middle ->
        middle.isEmpty() ? first : first + middle.replaceAll("-+$", "") + "1"));
  }

  @Provide
  Arbitrary<String> words() {
    return Arbitraries.strings().withChars("abcdefghijklmnopqrstuvwxyz").ofMinLength(1).ofMaxLength(10);
  }

  @Provide
  Arbitrary<String> ids() {
    return Arbitraries.oneOf(Arbitraries.just(""), Arbitraries.integers().between(100, 999999).map(String::valueOf),
        words());
  }

  @Provide
  Arbitrary<String> users() {
    return Arbitraries.oneOf(Arbitraries.of("root@pam", "steward@pve", "alice@ldap"),
        Arbitraries.of("steward@pve!probe", "root@pam!ci-token"));
  }
}
