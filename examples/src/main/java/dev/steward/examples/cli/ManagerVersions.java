package dev.steward.examples.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.steward.Command;
import dev.steward.CommandResult;
import dev.steward.CoreSettings;
import dev.steward.ProcessManager;
import dev.steward.ResourceKey;
import dev.steward.Settings;
import dev.steward.Transport;
import dev.steward.TransportException;
import dev.steward.Transports;
import dev.steward.discovery.ExtensionPoint;
import dev.steward.discovery.ProviderInfo;
import dev.steward.discovery.ProviderRegistry;
import dev.steward.spi.ProviderContext;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What each process manager drives on each host {@code steward providers --host} names ({@link
 * ProcessManager#versions}): every process manager provider found, made from the runner's settings
 * over the transport the runner's fleets use ({@code local} here, {@code ssh} elsewhere). A manager
 * that cannot be made, or cannot reach the host or finds no tool there, is one row saying why,
 * never an error of the command. Not thread-safe: one command at a time.
 */
final class ManagerVersions {
  private static final Logger LOG = LoggerFactory.getLogger(ManagerVersions.class);
  /** The component cell of a row without versions. */
  static final String NONE = "-";

  /**
   * What one manager said of one host.
   *
   * @param manager the manager's id
   * @param host the host asked about
   * @param components its versions by component, in the manager's order; empty when it names none or failed
   * @param problem why there are none, when the manager failed: {@code unavailable: ...} or {@code cannot be made: ...}
   */
  record Row(String manager, String host, Map<String, String> components, Optional<String> problem) {
    Row {
      components = Collections.unmodifiableMap(new LinkedHashMap<>(components));
    }
  }

  /** One manager to ask, made when first needed; its making may fail. */
  record Candidate(String id, Supplier<ProcessManager> make) {}

  private ManagerVersions() {}

  /**
   * Checks each host name, as a node's key would.
   *
   * @throws IllegalArgumentException naming the first that is not a host name
   */
  static void requireHostNames(List<String> hosts) {
    for (String host : hosts) {
      ResourceKey.of("node", "versions", host);
    }
  }

  /**
   * Asks every process manager provider of {@code registry}, made from {@code settings}, about
   * each of {@code hosts}; the managers and transports it made are closed before it returns.
   */
  static List<Row> read(ProviderRegistry registry, Settings settings, List<String> hosts) {
    List<AutoCloseable> made = new ArrayList<>();
    try {
      Transport transport = transport(registry, settings, hosts, made);
      List<Candidate> candidates = new ArrayList<>();
      for (ProviderInfo provider : registry.providers(ExtensionPoint.PROCESS_MANAGER)) {
        Settings chosen = settings.toBuilder().set(CoreSettings.PROCESS_MANAGER, provider.id()).build();
        candidates.add(new Candidate(provider.id(), () -> own(made,
            registry.create(ExtensionPoint.PROCESS_MANAGER, ProviderContext.of(chosen, transport)))));
      }
      return collect(hosts, candidates);
    } finally {
      for (int i = made.size() - 1; i >= 0; i--) {
        close(made.get(i));
      }
    }
  }

  /**
   * For each host, each candidate's versions there; each candidate is made once, at its first host.
   * A candidate that cannot be made, or fails on a host, gives that host one row saying why.
   */
  static List<Row> collect(List<String> hosts, List<Candidate> candidates) {
    Map<String, ProcessManager> managers = new LinkedHashMap<>();
    Map<String, String> unmade = new LinkedHashMap<>();
    List<Row> rows = new ArrayList<>();
    for (String host : hosts) {
      for (Candidate candidate : candidates) {
        String id = candidate.id();
        if (!managers.containsKey(id) && !unmade.containsKey(id)) {
          try {
            managers.put(id, candidate.make().get());
          } catch (RuntimeException e) {
            LOG.debug("Could not make the {} process manager", id, e);
            unmade.put(id, "cannot be made from these settings: " + oneLine(e));
          }
        }
        if (unmade.containsKey(id)) {
          rows.add(new Row(id, host, Map.of(), Optional.of(unmade.get(id))));
          continue;
        }
        try {
          rows.add(new Row(id, host, managers.get(id).versions(host), Optional.empty()));
        } catch (RuntimeException e) {
          LOG.debug("The {} process manager could not say its versions on {}", id, host, e);
          rows.add(new Row(id, host, Map.of(), Optional.of("unavailable: " + oneLine(e))));
        }
      }
    }
    return List.copyOf(rows);
  }

  /** MANAGER HOST COMPONENT VERSION, a row per component; a manager without versions has one row saying why. */
  static void printTable(PrintWriter out, List<Row> rows) {
    TextTable table = new TextTable("MANAGER", "HOST", "COMPONENT", "VERSION");
    for (Row row : rows) {
      if (row.problem().isPresent()) {
        table.row(row.manager(), row.host(), NONE, row.problem().get());
      } else if (row.components().isEmpty()) {
        table.row(row.manager(), row.host(), NONE, "(it names no versions)");
      } else {
        row.components().forEach((component, version) -> table.row(row.manager(), row.host(), component, version));
      }
    }
    table.print(out);
  }

  /** Each row as {@code {"manager", "host", "components": {...}, "problem": null or text}}, in that order. */
  static void addJson(ArrayNode array, List<Row> rows) {
    for (Row row : rows) {
      ObjectNode node = array.addObject().put("manager", row.manager()).put("host", row.host());
      ObjectNode components = node.putObject("components");
      row.components().forEach(components::put);
      node.put("problem", row.problem().orElse(null));
    }
  }

  /**
   * The runner's transport: {@code local} for this machine, {@code ssh} for any other host, made
   * only when a host needs it. An ssh transport that cannot be made fails each remote host's
   * commands with the reason.
   */
  private static Transport transport(ProviderRegistry registry, Settings settings, List<String> hosts, List<AutoCloseable> made) {
    Transport local = own(made, registry.create(ExtensionPoint.TRANSPORT, settings.toBuilder().set(CoreSettings.TRANSPORT, "local").build()));
    if (hosts.stream().allMatch(Transports.LOCAL_NAMES::contains)) {
      return local;
    }
    Transport remote;
    try {
      remote = own(made, registry.create(ExtensionPoint.TRANSPORT, settings.toBuilder().set(CoreSettings.TRANSPORT, "ssh").build()));
    } catch (RuntimeException e) {
      remote = new Unreachable("could not make the ssh transport: " + oneLine(e));
    }
    return Transports.byHost(local, remote);
  }

  /** A transport that reaches no host, for the reason it was given. */
  private record Unreachable(String reason) implements Transport {
    @Override
    public CommandResult run(String host, Command command) {
      throw new TransportException(host, "Cannot reach " + host + ": " + reason, null);
    }
  }

  private static <T> T own(List<AutoCloseable> made, T part) {
    if (part instanceof AutoCloseable closeable) {
      made.add(closeable);
    }
    return part;
  }

  private static void close(AutoCloseable part) {
    try {
      part.close();
    } catch (Exception e) {
      LOG.warn("Could not close {}: {}", part, e.toString());
    }
  }

  /** The message of {@code e} on one line (a table cell), its type when it has none. */
  static String oneLine(RuntimeException e) {
    String message = e.getMessage();
    return message == null || message.isBlank() ? e.getClass().getSimpleName() : message.strip().replaceAll("\\s*\\R\\s*", " ");
  }
}
