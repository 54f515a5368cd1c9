package dev.steward.internal.proc;

import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code USER_HZ}, the unit of every tick count in {@code /proc} (a process's start time among
 * them), for this machine: found once per JVM, in this order.
 *
 * <ol>
 *   <li>{@code AT_CLKTCK} in {@code /proc/self/auxv}: the kernel hands every program its
 *       {@code USER_HZ} in the auxiliary vector, and that is where the C library's
 *       {@code sysconf(_SC_CLK_TCK)} (so {@code getconf CLK_TCK}) takes it from. One small read,
 *       no process started.
 *   <li>{@code getconf CLK_TCK}, when the vector cannot be read or holds no such entry.
 *   <li>{@value #FALLBACK}, logged: the value the kernel ABI fixes on x86-64, arm64 and riscv64,
 *       and the C library's own default when the kernel passes none.
 * </ol>
 *
 * <p>Thread-safe: the value is found once, by the first caller.
 */
public final class UserHz {
  private static final Logger LOG = LoggerFactory.getLogger(UserHz.class);
  /** Ticks per second when neither the kernel nor getconf says. */
  public static final long FALLBACK = 100;
  /** The auxiliary vector entry that holds {@code USER_HZ} ({@code <linux/auxvec.h>}). */
  static final long AT_CLKTCK = 17;
  /** The entry that ends the vector. */
  static final long AT_NULL = 0;

  private UserHz() {}

  /** {@code USER_HZ} of this machine, found on first use. */
  public static long ofThisMachine() {
    return Holder.VALUE;
  }

  private static final class Holder {
    static final long VALUE = find(() -> readAuxv(Path.of("/proc/self/auxv")), UserHz::getconf);
  }

  /** The first of the auxiliary vector's answer, getconf's, and {@link #FALLBACK}. */
  static long find(Supplier<OptionalLong> auxv, Supplier<OptionalLong> getconf) {
    OptionalLong fromKernel = auxv.get();
    if (fromKernel.isPresent()) {
      return fromKernel.getAsLong();
    }
    OptionalLong fromGetconf = getconf.get();
    if (fromGetconf.isPresent()) {
      LOG.debug("USER_HZ from getconf CLK_TCK: {}", fromGetconf.getAsLong());
      return fromGetconf.getAsLong();
    }
    LOG.warn("Cannot find USER_HZ (no AT_CLKTCK in /proc/self/auxv, no getconf CLK_TCK); counting {} clock ticks per "
        + "second, as the kernel does on x86-64, arm64 and riscv64. Process start times are off if this host differs",
        FALLBACK);
    return FALLBACK;
  }

  private static OptionalLong readAuxv(Path file) {
    try {
      // The vector is in the words of this process: 8 bytes on a 64-bit JVM, 4 on a 32-bit one.
      int word = "32".equals(System.getProperty("sun.arch.data.model")) ? 4 : 8;
      return clockTicks(Files.readAllBytes(file), word, ByteOrder.nativeOrder());
    } catch (IOException e) {
      LOG.debug("Cannot read {}: {}", file, e.toString());
      return OptionalLong.empty();
    }
  }

  /**
   * The {@code AT_CLKTCK} value of an auxiliary vector: pairs of words (type, value) up to an
   * {@code AT_NULL} pair. Empty when the bytes are not such a vector (a length that is no whole
   * number of pairs, no closing {@code AT_NULL}) or have no positive {@code AT_CLKTCK}.
   */
  static OptionalLong clockTicks(byte[] auxv, int wordBytes, ByteOrder order) {
    if (wordBytes != 4 && wordBytes != 8) {
      throw new IllegalArgumentException("A word has 4 or 8 bytes, got " + wordBytes);
    }
    int pair = 2 * wordBytes;
    if (auxv.length == 0 || auxv.length % pair != 0) {
      return OptionalLong.empty();
    }
    ByteBuffer words = ByteBuffer.wrap(auxv).order(order);
    OptionalLong ticks = OptionalLong.empty();
    for (int at = 0; at < auxv.length; at += pair) {
      long type = wordBytes == 8 ? words.getLong(at) : Integer.toUnsignedLong(words.getInt(at));
      long value = wordBytes == 8 ? words.getLong(at + wordBytes) : Integer.toUnsignedLong(words.getInt(at + wordBytes));
      if (type == AT_NULL) {
        return ticks;
      }
      if (type == AT_CLKTCK && value > 0) {
        ticks = OptionalLong.of(value);
      }
    }
    return OptionalLong.empty();
  }

  private static OptionalLong getconf() {
    try {
      Process getconf = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true)
          .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
      String out = new String(getconf.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).strip();
      if (!getconf.waitFor(5, TimeUnit.SECONDS)) {
        getconf.destroyForcibly();
      } else if (getconf.exitValue() == 0) {
        long ticks = Long.parseLong(out);
        if (ticks > 0) {
          return OptionalLong.of(ticks);
        }
      }
    } catch (IOException | NumberFormatException e) {
      LOG.debug("getconf CLK_TCK: {}", e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return OptionalLong.empty();
  }
}
