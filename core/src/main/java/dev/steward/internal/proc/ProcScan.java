package dev.steward.internal.proc;

import dev.steward.ProcessSpec;
import dev.steward.observe.KernelStat;
import dev.steward.observe.ListeningSocket;
import dev.steward.observe.LoadAverage;
import dev.steward.observe.MemoryInfo;
import dev.steward.observe.OutputParseException;
import dev.steward.observe.ProcCmdline;
import dev.steward.observe.ProcEnviron;
import dev.steward.observe.ProcLoadavg;
import dev.steward.observe.ProcMeminfo;
import dev.steward.observe.ProcNet;
import dev.steward.observe.ProcPidStat;
import dev.steward.observe.ProcStat;
import dev.steward.observe.ProcessStat;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Many reads of one {@link ProcTable} in a row, through one reused buffer: one observation of the
 * probe, one look over the table by the manager. Not thread-safe: one thread, one scan.
 */
public final class ProcScan {
  private static final Logger LOG = LoggerFactory.getLogger(ProcScan.class);
  private static final byte[] RESOURCE_MARKER = (ProcessSpec.ENV_RESOURCE + "=").getBytes(StandardCharsets.US_ASCII);

  private final ProcTable table;
  private final ProcReader reader;

  ProcScan(ProcTable table, ProcReader reader) {
    this.table = table;
    this.reader = reader;
  }

  public ProcTable table() {
    return table;
  }

  /** {@code /proc/stat}: the CPU counters, the CPUs and the boot time. */
  public KernelStat kernelStat() throws IOException {
    return ProcStat.parse(latin1(reader.read(table.root().resolve("stat"))));
  }

  /** {@code /proc/meminfo}. */
  public MemoryInfo memory() throws IOException {
    return ProcMeminfo.parse(latin1(reader.read(table.root().resolve("meminfo"))));
  }

  /** {@code /proc/loadavg}. */
  public LoadAverage load() throws IOException {
    return ProcLoadavg.parse(latin1(reader.read(table.root().resolve("loadavg"))));
  }

  /** Every listening TCP socket and unconnected UDP socket, IPv4 then IPv6. */
  public List<ListeningSocket> listeningSockets() throws IOException {
    List<ListeningSocket> sockets = new ArrayList<>(ProcNet.tcp(latin1(reader.readListeningTcp(table.root().resolve("net/tcp")))));
    sockets.addAll(ProcNet.udp(latin1(reader.readTable(table.root().resolve("net/udp")))));
    if (hasIpv6()) {
      sockets.addAll(ProcNet.tcp6(latin1(reader.readListeningTcp(table.root().resolve("net/tcp6")))));
      sockets.addAll(ProcNet.udp6(latin1(reader.readTable(table.root().resolve("net/udp6")))));
    }
    return sockets;
  }

  /** The listening TCP sockets, IPv4 then IPv6. */
  public List<ListeningSocket> listeningTcp() throws IOException {
    List<ListeningSocket> sockets = new ArrayList<>(ProcNet.tcp(latin1(reader.readListeningTcp(table.root().resolve("net/tcp")))));
    if (hasIpv6()) {
      sockets.addAll(ProcNet.tcp6(latin1(reader.readListeningTcp(table.root().resolve("net/tcp6")))));
    }
    return sockets;
  }

  /** Without IPv6 in the kernel, the *6 tables do not exist. */
  private boolean hasIpv6() {
    return Files.exists(table.root().resolve("net/tcp6"));
  }

  /** The stat line of {@code pid}; empty when there is no such process or it cannot be read. */
  public Optional<ProcessStat> stat(long pid) {
    try {
      // Decoded leniently: the name is whatever bytes the program set, and need not be UTF-8.
      return Optional.of(ProcPidStat.parse(reader.read(table.processDir(pid).resolve("stat")).text(StandardCharsets.UTF_8)));
    } catch (IOException e) {
      return Optional.empty(); // gone
    } catch (OutputParseException e) {
      LOG.warn("{}", e.getMessage());
      return Optional.empty();
    }
  }

  /**
   * The {@link ProcessSpec#ENV_RESOURCE} marker of {@code pid} when its {@link ProcessSpec#ENV_INSTANCE}
   * marker is {@code instance}; empty when it is not marked so, is gone, or may not be read. Most
   * processes carry no marker: their environment is searched as bytes and never decoded.
   */
  public Optional<String> resourceMarker(long pid, String instance) {
    try {
      reader.read(table.processDir(pid).resolve("environ"));
    } catch (IOException e) {
      return Optional.empty(); // gone, or another user's process: neither is ours
    }
    if (!reader.contains(RESOURCE_MARKER)) {
      return Optional.empty();
    }
    String environment = reader.text(StandardCharsets.UTF_8);
    if (ProcEnviron.variable(environment, ProcessSpec.ENV_INSTANCE).filter(instance::equals).isEmpty()) {
      return Optional.empty();
    }
    return ProcEnviron.variable(environment, ProcessSpec.ENV_RESOURCE);
  }

  /** The command line of {@code pid}; empty when it is gone or may not be read. */
  public Optional<List<String>> cmdline(long pid) {
    try {
      return Optional.of(ProcCmdline.parse(reader.read(table.processDir(pid).resolve("cmdline")).text(StandardCharsets.UTF_8)));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** The kernel's /proc text files are ASCII: Latin-1 reads them with no decoding work. */
  private static String latin1(ProcReader reader) {
    return reader.text(StandardCharsets.ISO_8859_1);
  }
}
