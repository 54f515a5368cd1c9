package dev.steward.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.steward.Settings;
import dev.steward.proxmox.ApiToken;
import dev.steward.proxmox.DiscoveryOptions;
import dev.steward.proxmox.Fingerprint;
import dev.steward.proxmox.InventorySync;
import dev.steward.proxmox.ProxmoxClient;
import dev.steward.proxmox.ProxmoxDiscovery;
import dev.steward.proxmox.ProxmoxInventory;
import dev.steward.proxmox.Secret;
import dev.steward.proxmox.simulator.ProxmoxSimulator;
import dev.steward.store.FileStateStore;
import dev.steward.store.FileStoreSettings;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.KeyStore;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * {@code proxmox [--nodes 5] [--guests 2000] [--tasks-per-node 4000] [--rounds 3] [--dir DIR]}: an
 * inventory sync of a simulated cluster into the file store, first (every config read, every
 * record written and fsynced) and with nothing changed (configs reused, only new tasks paged),
 * each next to its anchors measured in the same round:
 * <ul>
 *   <li>the same reads as bare HTTP: every URL the first sync needs, fetched with the JDK's client
 *       at the same concurrency, the bodies read and dropped (no decoding, no store);
 *   <li>the raw disk: one write and fsync of as many bytes as the sync's journal took.
 * </ul>
 * Heap: what is retained after a GC, the simulator's own data subtracted (it shares the JVM), and
 * the peak during the first sync. Each round uses a new store and a new client (nothing cached).
 * Not thread-safe; run once.
 */
final class ProxmoxBenchmark {
  private static final String TOKEN_ID = "steward@pve!bench";
  private static final String TOKEN_SECRET = "bench-9d3e0f2a-61c4-4b7e-8a5d-2f0c1e7b6a94";
  private static final int CONCURRENCY = 3;
  private static final ObjectMapper JSON = new ObjectMapper();

  record Options(int nodes, int guests, int tasksPerNode, int rounds, Path dir) {
    static Options parse(List<String> args) {
      int nodes = 5;
      int guests = 2000;
      int tasks = 4000;
      int rounds = 3;
      Path dir = Path.of("steward-bench-data");
      for (int i = 0; i < args.size(); i++) {
        String value = i + 1 < args.size() ? args.get(i + 1) : null;
        switch (args.get(i)) {
          case "--nodes" -> nodes = OptionValues.number("--nodes", value, 1, 32);
          case "--guests" -> guests = OptionValues.number("--guests", value, 1, 20_000);
          case "--tasks-per-node" -> tasks = OptionValues.number("--tasks-per-node", value, 0, 50_000);
          case "--rounds" -> rounds = OptionValues.number("--rounds", value, 1, 20);
          case "--dir" -> {
            if (value == null) {
              throw new IllegalArgumentException("--dir needs a folder");
            }
            dir = Path.of(value);
          }
          default -> throw new IllegalArgumentException("unknown option '" + args.get(i) + "' for the proxmox benchmark");
        }
        i++;
      }
      return new Options(nodes, guests, tasks, rounds, dir);
    }
  }

  /** One round's figures. */
  record Round(long firstMs, long firstRequests, int firstChanges, long sameMs, long sameRequests, int sameChanges,
      long bareHttpMs, int bareHttpRequests, long journalBytes, long rawWriteMs, long retainedBytes, long peakBytes, int maxInFlight) {}

  private final Options options;
  private final PrintStream out;

  ProxmoxBenchmark(Options options, PrintStream out) {
    this.options = options;
    this.out = out;
  }

  int run() throws IOException, InterruptedException {
    out.printf(Locale.ROOT, "proxmox: %d nodes, %d guests, %d tasks (simulated over HTTPS in this JVM), file store in %s, %d rounds%n",
        options.nodes(), options.guests(), options.nodes() * options.tasksPerNode(), options.dir().toAbsolutePath(), options.rounds());
    Files.createDirectories(options.dir());
    List<Round> rounds = new ArrayList<>();
    try (ProxmoxSimulator pve = ProxmoxSimulator.builder().nodes(options.nodes()).guests(options.guests()).storages(4)
        .tasksPerNode(options.tasksPerNode()).seed(1).token(TOKEN_ID, TOKEN_SECRET).start()) {
      for (int r = 0; r < options.rounds(); r++) {
        Round round = round(pve, r);
        rounds.add(round);
        out.printf(Locale.ROOT, "round %d: first sync %d ms (%d requests, %d changes) | bare HTTP, same reads %d ms (%d requests) | "
            + "no-change sync %d ms (%d requests, %d changes) | journal %.1f MiB, raw write+fsync %d ms | heap retained %.0f MiB, peak %.0f MiB | "
            + "max %d requests in flight%n", r + 1, round.firstMs(), round.firstRequests(), round.firstChanges(), round.bareHttpMs(),
            round.bareHttpRequests(), round.sameMs(), round.sameRequests(), round.sameChanges(), round.journalBytes() / 1048576.0,
            round.rawWriteMs(), round.retainedBytes() / 1048576.0, round.peakBytes() / 1048576.0, round.maxInFlight());
      }
    }
    Round median = median(rounds);
    out.println();
    out.printf(Locale.ROOT, "%-44s %10s %12s %10s %s%n", "figure (median of rounds)", "value", "anchor", "x anchor", "target");
    row("first sync, ms", median.firstMs(), median.bareHttpMs() + median.rawWriteMs(), "< 5000 ms",
        median.firstMs() < 5000, "(anchor: bare HTTP of the same reads + raw write+fsync of the journal)");
    row("no-change sync, ms", median.sameMs(), median.bareHttpMs(), "< 1000 ms", median.sameMs() < 1000,
        "(anchor: bare HTTP of the first sync's reads)");
    out.printf(Locale.ROOT, "%-44s %10d%n", "first sync, requests", median.firstRequests());
    out.printf(Locale.ROOT, "%-44s %10d%n", "no-change sync, requests", median.sameRequests());
    out.printf(Locale.ROOT, "%-44s %10d%n", "no-change sync, changes recorded", median.sameChanges());
    out.printf(Locale.ROOT, "%-44s %10.0f%n", "heap retained after first sync, MiB", median.retainedBytes() / 1048576.0);
    out.printf(Locale.ROOT, "%-44s %10.0f%n", "heap peak during first sync, MiB", median.peakBytes() / 1048576.0);
    out.printf(Locale.ROOT, "%-44s %10d%n", "requests in flight at most", median.maxInFlight());
    // A sync of an unchanged cluster that records a change is wrong, not slow.
    return rounds.stream().allMatch(r -> r.sameChanges() == 0) ? 0 : 1;
  }

  private void row(String name, long value, long anchor, String target, boolean met, String note) {
    out.printf(Locale.ROOT, "%-44s %10d %12d %10.2f %s %s %s%n", name, value, anchor, anchor == 0 ? Double.NaN : (double) value / anchor,
        target, met ? "met" : "NOT met", note);
  }

  private Round round(ProxmoxSimulator pve, int index) throws IOException, InterruptedException {
    Path dir = options.dir().resolve("proxmox-" + index + "-" + System.nanoTime());
    ProxmoxClient client = ProxmoxClient.builder(pve.baseUri().toString())
        .credentials(new ApiToken(TOKEN_ID, Secret.of(TOKEN_SECRET)))
        .pin(Fingerprint.parse(pve.fingerprint()))
        .maxConcurrency(CONCURRENCY)
        .build();
    DiscoveryOptions reuse = DiscoveryOptions.defaults().withConfigMaxAge(Duration.ofMinutes(10));
    long baseline = retainedHeap();
    try (FileStateStore store = FileStateStore.open(Settings.builder().set(FileStoreSettings.DIRECTORY, dir).build())) {
      ProxmoxInventory inventory = ProxmoxInventory.of(new ProxmoxDiscovery(client), store, Clock.systemUTC(), Duration.ofDays(30));
      pve.resetCounters();
      resetPeaks();
      long began = System.nanoTime();
      InventorySync first = inventory.sync(reuse);
      long firstMs = (System.nanoTime() - began) / 1_000_000;
      long peak = peakHeap() - baseline;
      int maxInFlight = pve.requests().maxInFlight();
      long retained = retainedHeap() - baseline;
      long journal = Files.size(dir.resolve("journal.log"));

      began = System.nanoTime();
      InventorySync same = inventory.sync(reuse);
      long sameMs = (System.nanoTime() - began) / 1_000_000;

      List<URI> reads = reads(pve);
      began = System.nanoTime();
      int fetched = fetchAll(pve, reads);
      long bareMs = (System.nanoTime() - began) / 1_000_000;
      long rawMs = rawWrite(dir.resolve("raw-write.bin"), journal);
      return new Round(firstMs, first.requests().requests(), first.changes().size(), sameMs, same.requests().requests(),
          same.changes().size(), bareMs, fetched, journal, rawMs, retained, peak, maxInFlight);
    } finally {
      deleteTree(dir);
    }
  }

  /** Every URL a first sync reads: the cluster views, each node's lists and task pages, each config and storage content. */
  private List<URI> reads(ProxmoxSimulator pve) throws IOException, InterruptedException {
    String base = pve.baseUri().toString();
    HttpClient http = http(pve);
    JsonNode resources = JSON.readTree(http.send(get(pve, URI.create(base + "/cluster/resources")), HttpResponse.BodyHandlers.ofString())
        .body()).get("data");
    List<URI> uris = new ArrayList<>();
    for (String view : List.of("/version", "/cluster/status", "/cluster/resources", "/nodes")) {
      uris.add(URI.create(base + view));
    }
    for (String node : pve.nodes()) {
      for (String list : List.of("/status", "/qemu", "/lxc", "/storage")) {
        uris.add(URI.create(base + "/nodes/" + node + list));
      }
      for (int start = 0; start < options.tasksPerNode(); start += 1000) {
        uris.add(URI.create(base + "/nodes/" + node + "/tasks?start=" + start + "&limit=1000"));
      }
    }
    for (JsonNode item : resources) {
      String type = item.path("type").asText();
      if (type.equals("qemu") || type.equals("lxc")) {
        uris.add(URI.create(base + "/nodes/" + item.path("node").asText() + "/" + type + "/" + item.path("vmid").asText() + "/config"));
      } else if (type.equals("storage")) {
        uris.add(URI.create(base + "/nodes/" + item.path("node").asText() + "/storage/" + item.path("storage").asText() + "/content"));
      }
    }
    return uris;
  }

  /** Fetches each URI, {@link #CONCURRENCY} at a time, reading and dropping the bodies; how many answered 200. */
  private static int fetchAll(ProxmoxSimulator pve, List<URI> uris) throws IOException {
    HttpClient http = http(pve);
    Semaphore slots = new Semaphore(CONCURRENCY);
    List<CompletableFuture<Integer>> answers = new ArrayList<>();
    for (URI uri : uris) {
      slots.acquireUninterruptibly();
      answers.add(http.sendAsync(get(pve, uri), HttpResponse.BodyHandlers.discarding())
          .whenComplete((r, e) -> slots.release()).thenApply(HttpResponse::statusCode));
    }
    return (int) answers.stream().map(CompletableFuture::join).filter(code -> code == 200).count();
  }

  private static HttpClient http(ProxmoxSimulator pve) throws IOException {
    try {
      KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
      trust.load(null, null);
      trust.setCertificateEntry("pve", pve.certificate());
      TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init(trust);
      SSLContext tls = SSLContext.getInstance("TLS");
      tls.init(null, factory.getTrustManagers(), null);
      return HttpClient.newBuilder().sslContext(tls).build();
    } catch (java.security.GeneralSecurityException e) {
      throw new IOException("Could not trust the simulator's certificate: " + e.getMessage(), e);
    }
  }

  private static HttpRequest get(ProxmoxSimulator pve, URI uri) {
    return HttpRequest.newBuilder(uri).header("Authorization", "PVEAPIToken=" + TOKEN_ID + "=" + TOKEN_SECRET).GET().build();
  }

  /** One write and fsync of {@code bytes} bytes; its time in ms. */
  private static long rawWrite(Path file, long bytes) throws IOException {
    ByteBuffer data = ByteBuffer.allocate((int) Math.min(bytes, Integer.MAX_VALUE - 8));
    long began = System.nanoTime();
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
      while (data.hasRemaining()) {
        channel.write(data);
      }
      channel.force(true);
    }
    return (System.nanoTime() - began) / 1_000_000;
  }

  private static long retainedHeap() {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    Runtime rt = Runtime.getRuntime();
    return rt.totalMemory() - rt.freeMemory();
  }

  private static void resetPeaks() {
    ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
  }

  /** The sum of the heap pools' peaks since {@link #resetPeaks} (each pool's own peak: an upper bound). */
  private static long peakHeap() {
    return ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP)
        .mapToLong(p -> p.getPeakUsage().getUsed()).sum();
  }

  private static Round median(List<Round> rounds) {
    List<Round> byFirst = new ArrayList<>(rounds);
    byFirst.sort(Comparator.comparingLong(Round::firstMs));
    Round mid = byFirst.get(byFirst.size() / 2);
    List<Round> bySame = new ArrayList<>(rounds);
    bySame.sort(Comparator.comparingLong(Round::sameMs));
    Round sameMid = bySame.get(bySame.size() / 2);
    return new Round(mid.firstMs(), mid.firstRequests(), mid.firstChanges(), sameMid.sameMs(), sameMid.sameRequests(),
        sameMid.sameChanges(), mid.bareHttpMs(), mid.bareHttpRequests(), mid.journalBytes(), mid.rawWriteMs(), mid.retainedBytes(),
        mid.peakBytes(), mid.maxInFlight());
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
