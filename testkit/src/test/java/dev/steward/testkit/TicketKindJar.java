package dev.steward.testkit;

import dev.steward.spi.KindProvider;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A third party's kind, built at test time: {@code ticket}, from {@code com.acme.ticket}. The
 * tickets wanted are named by the setting {@value #NAMES} (separated by commas), all on this
 * machine; each open ticket has a marker file {@code <name>.ticket} in the folder {@value
 * #DIRECTORY}, which a probe can list. Its plan:
 * <ul>
 *   <li>priority 1, REMOVE: a ticket recorded OPEN, REQUESTED or FAILED that is no longer wanted
 *       ("no longer wanted by acme.ticket.names"): its marker is deleted and its record CLOSED;
 *   <li>priority 2, ADD: a wanted ticket without a record, or CLOSED ("wanted by acme.ticket.names,
 *       not recorded"), one recorded REQUESTED or FAILED ("recorded as FAILED: writing its marker
 *       again"), one recorded OPEN whose marker is gone ("recorded as OPEN but its marker is gone");
 *       the record is made in its lifecycle {@code ticket}, the marker written, the record OPEN.
 * </ul>
 * A ticket whose host could not be observed gets nothing; an addition on such a host is held with
 * the reason. Actions are admitted in order of priority, type and target on top of what is under
 * way; those beyond a budget are held ("budget: at most 1 ADD in flight, 1 under way").
 */
final class TicketKindJar {
  static final String PROVIDER = "com.acme.ticket.TicketKindProvider";
  static final String NAMES = "acme.ticket.names";
  static final String DIRECTORY = "acme.ticket.directory";
  static final String DESCRIPTION = "tickets, one marker file each (test plugin built at test time)";

  private static final String PROVIDER_SOURCE = """
      package com.acme.ticket;

      import dev.steward.Setting;
      import dev.steward.reconcile.Kind;
      import dev.steward.spi.KindProvider;
      import dev.steward.spi.ProviderContext;
      import java.nio.file.Path;
      import java.util.Arrays;
      import java.util.List;
      import java.util.Set;
      import java.util.TreeSet;

      public final class TicketKindProvider implements KindProvider {
        public static final Setting<String> NAMES = Setting.text("acme.ticket.names", "the tickets wanted, separated by commas");
        public static final Setting<Path> DIRECTORY = Setting.path("acme.ticket.directory", "where each ticket's marker file is written");

        public String id() { return "ticket"; }

        public String description() { return "tickets, one marker file each (test plugin built at test time)"; }

        public List<Setting<?>> settings() { return List.of(NAMES, DIRECTORY); }

        public Kind create(ProviderContext context) {
          Set<String> names = new TreeSet<>();
          Arrays.stream(context.settings().get(NAMES).split(",")).map(String::strip).filter(s -> !s.isEmpty()).forEach(names::add);
          return new TicketKind(names, context.settings().get(DIRECTORY));
        }
      }
      """;

  private static final String KIND_SOURCE = """
      package com.acme.ticket;

      import dev.steward.Action;
      import dev.steward.ActionType;
      import dev.steward.Observation;
      import dev.steward.ResourceKey;
      import dev.steward.ResourceRecord;
      import dev.steward.StateStore;
      import dev.steward.drift.DriftClass;
      import dev.steward.drift.DriftEntry;
      import dev.steward.drift.DriftRules;
      import dev.steward.Lifecycle;
      import dev.steward.plan.HeldAction;
      import dev.steward.plan.Plan;
      import dev.steward.plan.PlanRequest;
      import dev.steward.reconcile.ActionContext;
      import dev.steward.reconcile.Kind;
      import dev.steward.reconcile.RecordAttributes;
      import dev.steward.status.StatusItem;
      import java.io.IOException;
      import java.io.UncheckedIOException;
      import java.nio.file.Files;
      import java.nio.file.Path;
      import java.util.ArrayList;
      import java.util.Comparator;
      import java.util.EnumMap;
      import java.util.HashMap;
      import java.util.List;
      import java.util.Map;
      import java.util.Optional;
      import java.util.OptionalInt;
      import java.util.Set;
      import java.util.TreeSet;

      final class TicketKind implements Kind {
        static final String REQUESTED = "REQUESTED";
        static final String OPEN = "OPEN";
        static final String FAILED = "FAILED";
        static final String CLOSED = "CLOSED";
        static final Lifecycle LIFECYCLE = Lifecycle.builder("ticket")
            .initial(REQUESTED)
            .allow(REQUESTED, OPEN, FAILED, CLOSED)
            .allow(OPEN, CLOSED, FAILED)
            .allow(FAILED, OPEN, CLOSED)
            .terminal(CLOSED)
            .build();
        private static final Comparator<Action> ORDER = Comparator.comparingInt(Action::priority)
            .thenComparing(Action::type).thenComparing(Action::target);

        private final Set<String> wanted;
        private final Path directory;

        TicketKind(Set<String> wanted, Path directory) {
          this.wanted = Set.copyOf(wanted);
          this.directory = directory;
        }

        public String id() { return "ticket"; }

        public Lifecycle lifecycle() { return LIFECYCLE; }

        public Optional<String> failedState() { return Optional.of(FAILED); }

        public Set<String> hosts(List<ResourceRecord> records) {
          Set<String> hosts = new TreeSet<>();
          hosts.add(ResourceKey.LOCAL);
          records.forEach(r -> hosts.add(r.key().host()));
          return hosts;
        }

        public DriftRules driftRules() {
          return DriftRules.builder(Set.of("ticket"))
              .known(this::isWanted)
              .expectsPresence(r -> r.state().equals(OPEN))
              .gone(r -> r.state().equals(CLOSED))
              .build();
        }

        private boolean isWanted(ResourceKey key) {
          return key.isLocal() && wanted.contains(key.name());
        }

        public Plan plan(PlanRequest request) {
          Map<ResourceKey, DriftEntry> drift = new HashMap<>();
          request.drift().entries().forEach(e -> drift.put(e.key(), e));
          Map<ResourceKey, ResourceRecord> records = new HashMap<>();
          request.records().forEach(r -> records.put(r.key(), r));
          Map<String, Observation> hosts = new HashMap<>();
          request.observations().forEach(o -> hosts.put(o.host(), o));
          List<Action> due = new ArrayList<>();
          List<HeldAction> held = new ArrayList<>();
          for (String name : new TreeSet<>(wanted)) {
            ResourceKey key = ResourceKey.local("ticket", name);
            ResourceRecord record = records.get(key);
            DriftEntry entry = drift.get(key);
            if (entry != null && entry.drift() == DriftClass.UNKNOWN) {
              continue;
            }
            String reason = null;
            if (record == null || record.state().equals(CLOSED)) {
              reason = "wanted by acme.ticket.names, not recorded";
            } else if (record.state().equals(REQUESTED) || record.state().equals(FAILED)) {
              reason = "recorded as " + record.state() + ": writing its marker again";
            } else if (entry != null && entry.drift() == DriftClass.STALE) {
              reason = "recorded as OPEN but its marker is gone";
            }
            if (reason != null) {
              Action add = new Action(ActionType.ADD, key, 2, reason);
              Observation host = hosts.get(key.host());
              if (host != null && !host.isReachable()) {
                held.add(new HeldAction(add, "host " + key.host() + " could not be observed: " + host.unreachableReason().get()));
              } else {
                due.add(add);
              }
            }
          }
          for (ResourceRecord record : request.records()) {
            DriftEntry entry = drift.get(record.key());
            boolean unknown = entry != null && entry.drift() == DriftClass.UNKNOWN;
            if (!unknown && !record.state().equals(CLOSED) && !isWanted(record.key())) {
              due.add(new Action(ActionType.REMOVE, record.key(), 1, "no longer wanted by acme.ticket.names"));
            }
          }
          due.sort(ORDER);
          Map<ActionType, Integer> underWay = new EnumMap<>(ActionType.class);
          underWay.putAll(request.underWay());
          List<Action> actions = new ArrayList<>();
          for (Action action : due) {
            int at = underWay.getOrDefault(action.type(), 0);
            OptionalInt limit = request.budgets().limit(action.type());
            if (limit.isPresent() && at >= limit.getAsInt()) {
              held.add(new HeldAction(action, "budget: at most " + limit.getAsInt() + " " + action.type() + " in flight, " + at + " under way"));
            } else {
              actions.add(action);
              underWay.put(action.type(), at + 1);
            }
          }
          held.sort(Comparator.comparing(HeldAction::action, ORDER));
          return new Plan(actions, held, request.now(), underWay);
        }

        public String act(Action action, ActionContext context) {
          StateStore store = context.store();
          ResourceKey key = action.target();
          Path marker = directory.resolve(key.name() + ".ticket");
          try {
            switch (action.type()) {
              case ADD: {
                Optional<ResourceRecord> found = store.find(key);
                if (found.isPresent() && found.get().state().equals(CLOSED)) {
                  store.delete(key);
                  context.deleted(found.get());
                  found = Optional.empty();
                }
                if (found.isEmpty()) {
                  context.created(store.create(key, LIFECYCLE.name(), Optional.empty(), action.reason()));
                }
                context.intend(key, ActionType.ADD);
                Files.createDirectories(directory);
                Files.writeString(marker, key.name() + "\\n");
                store.updateAttributes(key, Map.of(RecordAttributes.PENDING_ACTION, ""));
                context.move(store.get(key), OPEN, "marker written: " + action.reason());
                return "wrote " + marker.getFileName();
              }
              case REMOVE: {
                context.intend(key, ActionType.REMOVE);
                Files.deleteIfExists(marker);
                store.updateAttributes(key, Map.of(RecordAttributes.PENDING_ACTION, ""));
                context.move(store.get(key), CLOSED, action.reason());
                return "deleted " + marker.getFileName();
              }
              default:
                throw new IllegalArgumentException("The ticket kind plans no " + action.type() + " (asked for " + key + ")");
            }
          } catch (IOException e) {
            throw new UncheckedIOException("Could not change the marker " + marker + ": " + e.getMessage(), e);
          }
        }

        public Optional<StatusItem> statusItem(ResourceRecord record) {
          if (record.state().equals(CLOSED)) {
            return Optional.empty();
          }
          return Optional.of(new StatusItem(record.key().name(), record.key().kind(), record.state(), record.reason(), Map.of(),
              record.createdAt(), record.updatedAt()));
        }
      }
      """;

  private TicketKindJar() {}

  /** Compiles the ticket kind against Steward on the class path into {@code dir/jarName}. */
  static Path build(Path dir, String jarName) {
    return ProviderJars.build(dir, jarName,
        Map.of(PROVIDER, PROVIDER_SOURCE, "com.acme.ticket.TicketKind", KIND_SOURCE),
        Map.of(KindProvider.class.getName(), List.of(PROVIDER)));
  }
}
