package dev.steward;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The settings core reads, with their defaults. Each plugin module has a class like this for its
 * own keys.
 */
public final class CoreSettings {
  private static final Pattern PROVIDER_ID = Pattern.compile("[a-z][a-z0-9-]{0,62}");
  private static final String ID_RULE = "be a provider id: lowercase letters, digits and '-', starting with a letter";

  public static final Setting<String> TRANSPORT = providerId("steward.transport",
      "id of the Transport provider that runs commands on hosts").withDefault("local");

  public static final Setting<String> PROBE = providerId("steward.probe",
      "id of the Probe provider that observes hosts");

  public static final Setting<String> PROCESS_MANAGER = providerId("steward.process-manager",
      "id of the ProcessManager provider that starts and stops processes");

  public static final Setting<String> FIREWALL = providerId("steward.firewall",
      "id of the FirewallManager provider that opens and closes ports").withDefault("none");

  public static final Setting<String> NODE_SELECTOR = providerId("steward.node-selector",
      "id of the NodeSelector provider that chooses which nodes to remove").withDefault("youngest");

  public static final Setting<String> STATE_STORE = providerId("steward.state-store",
      "id of the StateStore provider that remembers records").withDefault("file");

  public static final Setting<String> LEADER_ELECTION = providerId("steward.leader-election",
      "id of the LeaderElection provider that picks the one instance that acts when several share a store").withDefault("file");

  public static final Setting<String> KIND = providerId("steward.kind",
      "id of the Kind provider to build when settings name one (a kind of resource the loop keeps)").withDefault("node");

  public static final Setting<Duration> COMMAND_TIMEOUT = Setting.duration("steward.command.timeout",
          "how long a command may run before it is killed, unless the command sets its own timeout")
      .withDefault(Duration.ofSeconds(60))
      .require(d -> !d.isNegative() && !d.isZero(), "be positive");

  public static final Setting<Long> COMMAND_OUTPUT_LIMIT = Setting.bytes("steward.command.output-limit",
          "bytes of stdout and of stderr kept per command; the rest is dropped and flagged")
      .withDefault(1024L * 1024)
      .require(n -> n >= 1024 && n <= Integer.MAX_VALUE - 8, "be between 1k and 2g");

  public static final Setting<Integer> HISTORY_LIMIT = Setting.integer("steward.store.history-limit",
          "how many of its last transitions a store keeps per record")
      .withDefault(20)
      .require(n -> n >= 1 && n <= 10_000, "be between 1 and 10000");

  public static final Setting<Integer> CHANGE_LIMIT = Setting.integer("steward.store.change-limit",
          "how many of its last changes (see StateStore.observe) a store keeps per resource")
      .withDefault(100)
      .require(n -> n >= 1 && n <= 100_000, "be between 1 and 100000");

  public static final Setting<Duration> CHANGE_RETENTION = Setting.duration("steward.store.change-retention",
          "how long a store keeps a change (see StateStore.observe)")
      .withDefault(Duration.ofDays(30))
      .require(d -> !d.isNegative() && !d.isZero(), "be positive");

  public static final Setting<String> INSTANCE = Setting.text("steward.instance",
          "the name of this Steward instance; it keeps the processes, status files and sockets of two instances on one host apart")
      .withDefault("default")
      .require(s -> Names.NAME.matcher(s).matches() && s.length() <= 64,
          "be at most 64 letters, digits and . _ @ : + -, starting with a letter or digit");

  public static final Setting<Clock> CLOCK = Setting.object("steward.clock", Clock.class,
      "the clock every timestamp comes from").withDefault(Clock.systemUTC());

  public static final Setting<Lifecycles> LIFECYCLES = Setting.object("steward.lifecycles", Lifecycles.class,
      "the lifecycle tables records may follow").withDefault(Lifecycles.standard());

  private static final List<Setting<?>> ALL = List.of(TRANSPORT, PROBE, PROCESS_MANAGER, FIREWALL,
      NODE_SELECTOR, STATE_STORE, LEADER_ELECTION, KIND, COMMAND_TIMEOUT, COMMAND_OUTPUT_LIMIT, HISTORY_LIMIT, CHANGE_LIMIT, CHANGE_RETENTION, INSTANCE, CLOCK, LIFECYCLES);

  private CoreSettings() {}

  /** Every core key, in a stable order. */
  public static List<Setting<?>> all() {
    return ALL;
  }

  private static Setting<String> providerId(String name, String description) {
    return Setting.text(name, description).require(s -> PROVIDER_ID.matcher(s).matches(), ID_RULE);
  }
}
