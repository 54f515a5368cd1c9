package dev.steward.examples.fleet;

import dev.steward.StewardException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.SplittableRandom;

/** Free ports on 127.0.0.1 for demo fleets and their tests. Thread-safe. */
public final class LoopbackPorts {
  private LoopbackPorts() {}

  /**
   * The first of {@code count} consecutive ports that are free now, somewhere in {@code [from, from + span)}.
   *
   * @throws StewardException when 200 random tries find none
   */
  public static int freeRange(int count, int from, int span) {
    SplittableRandom random = new SplittableRandom();
    for (int attempt = 0; attempt < 200; attempt++) {
      int base = from + random.nextInt(span - count);
      if (allFree(base, count)) {
        return base;
      }
    }
    throw new StewardException("Found no " + count + " free consecutive ports on 127.0.0.1 between " + from
        + " and " + (from + span - 1));
  }

  private static boolean allFree(int base, int count) {
    for (int port = base; port < base + count; port++) {
      try (ServerSocket probe = new ServerSocket()) {
        probe.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
      } catch (IOException e) {
        return false;
      }
    }
    return true;
  }
}
