package dev.steward.examples.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.steward.examples.cli.ProxmoxDiscoverCommand.Shown;
import dev.steward.proxmox.ClusterNode;
import dev.steward.proxmox.DiscoveryFailure;
import dev.steward.proxmox.DiscoveryResult;
import dev.steward.proxmox.Guest;
import dev.steward.proxmox.GuestType;
import dev.steward.proxmox.PveVersion;
import dev.steward.proxmox.ResourceType;
import dev.steward.proxmox.StoragePool;
import dev.steward.proxmox.Task;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;

/**
 * What {@code steward proxmox discover} prints of one {@link DiscoveryResult}: the types asked for,
 * only on the node asked for, as tables or as one JSON document with the same content. Not
 * thread-safe.
 */
final class DiscoveryReport {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final double GIB = 1024.0 * 1024 * 1024;

  /** One line of the failures: what could not be read, on which node, and why. */
  record Problem(String type, Optional<String> node, String reason) {
    String describe() {
      return "failed: " + type + node.map(n -> " on " + n).orElse("") + ": " + reason;
    }
  }

  private final DiscoveryResult result;
  private final Set<Shown> shown;
  private final Optional<String> node;

  DiscoveryReport(DiscoveryResult result, Set<Shown> shown, Optional<String> node) {
    this.result = result;
    this.shown = Set.copyOf(shown);
    this.node = node;
  }

  void printTables(PrintWriter out) {
    if (shown.contains(Shown.NODE)) {
      TextTable table = new TextTable("NAME", "STATUS", "CPU", "MEM", "UPTIME");
      nodes().forEach(n -> table.row(n.name(), lower(n.state()),
          n.usage().map(u -> percent(u.cpu()) + " of " + u.maxCpu()).orElse("-"),
          n.usage().map(u -> gib(u.memory()) + "/" + gib(u.maxMemory()) + " GiB").orElse("-"),
          n.usage().map(u -> uptime(u.uptimeSeconds())).orElse("-")));
      section(out, "Nodes", nodes().size(), table);
    }
    if (shown.contains(Shown.VM)) {
      section(out, "VMs", guests(GuestType.QEMU).size(), guestTable(guests(GuestType.QEMU)));
    }
    if (shown.contains(Shown.LXC)) {
      section(out, "Containers", guests(GuestType.LXC).size(), guestTable(guests(GuestType.LXC)));
    }
    if (shown.contains(Shown.STORAGE)) {
      TextTable table = new TextTable("NAME", "NODE", "TYPE", "CONTENT", "USED/TOTAL");
      storages().forEach(s -> table.row(s.storage(), s.node(), s.type(), String.join(",", s.content()),
          s.used().isPresent() && s.total().isPresent() ? gib(s.used().getAsLong()) + "/" + gib(s.total().getAsLong()) + " GiB"
              : lower(s.state())));
      section(out, "Storage", storages().size(), table);
    }
    if (shown.contains(Shown.TASK)) {
      TextTable table = new TextTable("UPID", "NODE", "TYPE", "ID", "USER", "STATUS", "START");
      tasks().forEach(t -> table.row(t.upid().shortName(), t.node(), t.upid().type(), t.upid().id(), t.upid().user(),
          lower(t.state()) + t.exitStatus().filter(s -> !t.state().succeeded()).map(s -> " (" + s + ")").orElse(""),
          t.startTime().truncatedTo(ChronoUnit.SECONDS).toString()));
      section(out, "Tasks", tasks().size(), table);
    }
    problems().forEach(p -> out.println(p.describe()));
    out.println(summary());
  }

  void printJson(PrintWriter out) {
    ObjectNode document = JSON.createObjectNode();
    document.put("server", result.server());
    document.put("version", result.version().map(PveVersion::version).orElse(null));
    document.put("cluster", result.clusterName().orElse(null));
    if (shown.contains(Shown.NODE)) {
      ArrayNode array = document.putArray("nodes");
      for (ClusterNode n : nodes()) {
        ObjectNode item = array.addObject().put("name", n.name()).put("status", lower(n.state()));
        n.usage().ifPresent(u -> item.put("cpu", u.cpu()).put("max_cpu", u.maxCpu()).put("memory", u.memory())
            .put("max_memory", u.maxMemory()).put("uptime_seconds", u.uptimeSeconds()));
      }
    }
    if (shown.contains(Shown.VM)) {
      guestJson(document.putArray("vms"), guests(GuestType.QEMU));
    }
    if (shown.contains(Shown.LXC)) {
      guestJson(document.putArray("containers"), guests(GuestType.LXC));
    }
    if (shown.contains(Shown.STORAGE)) {
      ArrayNode array = document.putArray("storage");
      for (StoragePool s : storages()) {
        ObjectNode item = array.addObject().put("name", s.storage()).put("node", s.node()).put("type", s.type())
            .put("status", lower(s.state())).put("shared", s.shared());
        s.content().forEach(item.putArray("content")::add);
        putOptional(item, "used", s.used());
        putOptional(item, "total", s.total());
      }
    }
    if (shown.contains(Shown.TASK)) {
      ArrayNode array = document.putArray("tasks");
      for (Task t : tasks()) {
        array.addObject().put("upid", t.upid().text()).put("node", t.node()).put("type", t.upid().type())
            .put("id", t.upid().id()).put("user", t.upid().user()).put("status", lower(t.state()))
            .put("exit_status", t.exitStatus().orElse(null)).put("start", t.startTime().toString())
            .put("end", t.endTime().map(Instant::toString).orElse(null));
      }
    }
    ArrayNode failures = document.putArray("failures");
    problems().forEach(p -> failures.addObject().put("type", p.type()).put("node", p.node().orElse(null)).put("reason", p.reason()));
    document.put("requests", result.requests().requests());
    document.put("millis", elapsed().toMillis());
    try {
      out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(document));
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException("Could not write JSON", e);
    }
  }

  /**
   * What the discovery could not read of the types shown: its failures, and each node whose lists
   * were not read (a node that is down is never asked, so it is no failure of a request).
   */
  List<Problem> problems() {
    List<Problem> problems = new ArrayList<>();
    Set<ResourceType> read = shownTypes();
    for (DiscoveryFailure f : result.failures()) {
      if (read.contains(f.type()) && f.node().map(this::onNode).orElse(true)) {
        problems.add(new Problem(f.type().word(), f.node(), f.item().map(i -> i + ": ").orElse("") + f.reason()));
      }
    }
    for (ResourceType type : read) {
      result.coverage(type).nodesNotSeen().forEach((name, why) -> {
        boolean reported = problems.stream().anyMatch(p -> p.type().equals(type.word()) && p.node().equals(Optional.of(name)));
        if (onNode(name) && !reported) {
          problems.add(new Problem(type.word(), Optional.of(name), "not read: " + why));
        }
      });
    }
    return problems;
  }

  String summary() {
    return "server " + result.server() + ", " + result.version().map(v -> "Proxmox VE " + v.version()).orElse("version unknown")
        + ", " + result.requests().requests() + " requests, " + elapsed().toMillis() + " ms";
  }

  private Set<ResourceType> shownTypes() {
    Set<ResourceType> types = new TreeSet<>();
    shown.forEach(s -> types.add(s.read));
    return types;
  }

  private Duration elapsed() {
    return Duration.between(result.startedAt(), result.finishedAt());
  }

  private boolean onNode(String name) {
    return node.map(name::equals).orElse(true);
  }

  private List<ClusterNode> nodes() {
    return result.nodes().stream().filter(n -> onNode(n.name())).toList();
  }

  private List<Guest> guests(GuestType type) {
    return result.guests().stream().filter(g -> g.type() == type && onNode(g.node())).toList();
  }

  private List<StoragePool> storages() {
    return result.storages().stream().filter(s -> onNode(s.node())).toList();
  }

  private List<Task> tasks() {
    return result.tasks().stream().filter(t -> onNode(t.node())).toList();
  }

  private static TextTable guestTable(List<Guest> guests) {
    TextTable table = new TextTable("VMID", "NAME", "NODE", "STATUS", "MEM");
    guests.forEach(g -> table.row(String.valueOf(g.vmid()), g.name().orElse("-"), g.node(), lower(g.state()), memory(g)));
    return table;
  }

  private static void guestJson(ArrayNode array, List<Guest> guests) {
    for (Guest g : guests) {
      ObjectNode item = array.addObject().put("vmid", g.vmid()).put("name", g.name().orElse(null)).put("node", g.node())
          .put("status", lower(g.state()));
      g.usage().ifPresent(u -> item.put("memory", u.memory()));
      putOptional(item, "max_memory", g.maxMemory());
    }
  }

  private static String memory(Guest guest) {
    String max = guest.maxMemory().isPresent() ? gib(guest.maxMemory().getAsLong()) : "-";
    return guest.usage().map(u -> gib(u.memory()) + "/" + max + " GiB").orElse(max.equals("-") ? "-" : max + " GiB");
  }

  private static void section(PrintWriter out, String title, int count, TextTable table) {
    out.println(title + " (" + count + ")");
    table.print(out);
    out.println();
  }

  private static void putOptional(ObjectNode item, String field, OptionalLong value) {
    if (value.isPresent()) {
      item.put(field, value.getAsLong());
    } else {
      item.putNull(field);
    }
  }

  private static String lower(Enum<?> value) {
    return value.name().toLowerCase(Locale.ROOT);
  }

  private static String gib(long bytes) {
    return String.format(Locale.ROOT, "%.1f", bytes / GIB);
  }

  private static String percent(double fraction) {
    return String.format(Locale.ROOT, "%.0f%%", fraction * 100);
  }

  private static String uptime(long seconds) {
    long days = seconds / 86_400;
    long hours = seconds % 86_400 / 3_600;
    return days > 0 ? days + "d " + hours + "h" : hours + "h " + seconds % 3_600 / 60 + "m";
  }
}
