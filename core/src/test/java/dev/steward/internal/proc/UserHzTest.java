package dev.steward.internal.proc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Where {@code USER_HZ} comes from: the kernel's auxiliary vector, else getconf, else 100. */
class UserHzTest {
  private static final long AT_PAGESZ = 6;
  private static final long AT_HWCAP = 16;

  @Test
  @DisplayName("reads AT_CLKTCK from a 64-bit little-endian auxiliary vector, as x86-64 and arm64 hand it over")
  void readsAtClktckFrom64BitWords() {
    byte[] auxv = vector(8, ByteOrder.LITTLE_ENDIAN, AT_HWCAP, 0x178bfbffL, AT_PAGESZ, 4096, UserHz.AT_CLKTCK, 100, 0, 0);

    assertThat(UserHz.clockTicks(auxv, 8, ByteOrder.LITTLE_ENDIAN)).hasValue(100);
  }

  @Test
  @DisplayName("reads 100 from the real auxiliary vector of a process on an x86-64 Linux host")
  void readsARealVector() throws IOException {
    byte[] auxv;
    try (InputStream in = UserHzTest.class.getResourceAsStream("/proc/self-auxv-x86_64")) {
      auxv = in.readAllBytes();
    }

    assertThat(UserHz.clockTicks(auxv, 8, ByteOrder.LITTLE_ENDIAN)).hasValue(100);
    assertThat(UserHz.clockTicks(auxv, 4, ByteOrder.LITTLE_ENDIAN)).as("read in the wrong word size").isNotEqualTo(OptionalLong.of(100));
  }

  @Test
  void readsAtClktckFrom32BitBigEndianWords() {
    byte[] auxv = vector(4, ByteOrder.BIG_ENDIAN, AT_PAGESZ, 4096, UserHz.AT_CLKTCK, 1024, 0, 0);

    assertThat(UserHz.clockTicks(auxv, 4, ByteOrder.BIG_ENDIAN)).hasValue(1024);
  }

  @Test
  @DisplayName("says nothing for a vector without AT_CLKTCK, without its closing AT_NULL, torn, empty, or with 0 ticks")
  void saysNothingForAVectorItCannotTrust() {
    ByteOrder le = ByteOrder.LITTLE_ENDIAN;
    assertThat(UserHz.clockTicks(vector(8, le, AT_PAGESZ, 4096, 0, 0), 8, le)).isEmpty();
    assertThat(UserHz.clockTicks(vector(8, le, AT_PAGESZ, 4096, UserHz.AT_CLKTCK, 100), 8, le)).as("no AT_NULL").isEmpty();
    byte[] whole = vector(8, le, UserHz.AT_CLKTCK, 100, 0, 0);
    assertThat(UserHz.clockTicks(java.util.Arrays.copyOf(whole, whole.length - 3), 8, le)).as("torn").isEmpty();
    assertThat(UserHz.clockTicks(new byte[0], 8, le)).isEmpty();
    assertThat(UserHz.clockTicks(vector(8, le, UserHz.AT_CLKTCK, 0, 0, 0), 8, le)).isEmpty();
    assertThatThrownBy(() -> UserHz.clockTicks(whole, 2, le)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  @DisplayName("the kernel's answer wins; getconf is asked only without it; 100 without either")
  void takesTheFirstSourceThatAnswers() {
    AtomicBoolean askedGetconf = new AtomicBoolean();

    assertThat(UserHz.find(() -> OptionalLong.of(250), () -> {
      askedGetconf.set(true);
      return OptionalLong.of(100);
    })).isEqualTo(250);
    assertThat(askedGetconf).isFalse();
    assertThat(UserHz.find(OptionalLong::empty, () -> OptionalLong.of(1000))).isEqualTo(1000);
    assertThat(UserHz.find(OptionalLong::empty, OptionalLong::empty)).isEqualTo(UserHz.FALLBACK).isEqualTo(100);
  }

  private static byte[] vector(int wordBytes, ByteOrder order, long... words) {
    ByteBuffer out = ByteBuffer.allocate(words.length * wordBytes).order(order);
    for (long word : words) {
      if (wordBytes == 8) {
        out.putLong(word);
      } else {
        out.putInt((int) word);
      }
    }
    return out.array();
  }
}
