package dev.steward.probe.ssh.internal.host;

import dev.steward.Command;
import dev.steward.CommandResult;
import dev.steward.CommandTimeoutException;
import dev.steward.FirewallRule;
import dev.steward.HostMetrics;
import dev.steward.Observation;
import dev.steward.ObservedResource;
import dev.steward.ResourceKey;
import dev.steward.StewardException;
import dev.steward.Transport;
import dev.steward.TransportException;
import dev.steward.observe.ContainerSummary;
import dev.steward.observe.CpuTimes;
import dev.steward.observe.DockerPs;
import dev.steward.observe.EditableInstall;
import dev.steward.observe.Findmnt;
import dev.steward.observe.KernelStat;
import dev.steward.observe.ListeningSocket;
import dev.steward.observe.LoadAverage;
import dev.steward.observe.MemoryInfo;
import dev.steward.observe.Mount;
import dev.steward.observe.MountInfo;
import dev.steward.observe.OutputParseException;
import dev.steward.observe.PipEditables;
import dev.steward.observe.ProcLoadavg;
import dev.steward.observe.ProcMeminfo;
import dev.steward.observe.ProcNet;
import dev.steward.observe.ProcStat;
import dev.steward.observe.SystemctlShow;
import dev.steward.observe.SystemdUnit;
import dev.steward.observe.Ufw;
import dev.steward.observe.UfwStatus;
import dev.steward.probe.ssh.SshConnectionException;
import dev.steward.probe.ssh.SshProbe;
import dev.steward.probe.ssh.internal.Parallel;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Observes one host per call with one {@link ProbeScript} run through the transport. The mount
 * table and pip's list decide which projects exist, so when either cannot be read the host is
 * unknown (never "has no projects"); every other area that fails or whose tool is missing is
 * left out and named in the {@code probe/ssh} resource's attributes.
 *
 * <p>Thread-safe: hosts may be observed concurrently; the CPU baseline per host is the only state.
 */
final class HostProbe implements SshProbe {
  private static final Logger LOG = LoggerFactory.getLogger(HostProbe.class);
  private static final String TOKEN_LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
  /** A CPU figure measured over fewer ticks per CPU than this (50 ms) is noise: the previous window is used. */
  private static final int MIN_TICKS_PER_CPU = 5;

  /** What to look at and where. */
  record Options(Optional<String> sourceRoot, Map<String, String> projects, String python, Set<String> areas,
      List<String> units, Duration timeout, int concurrency) {
    Options {
      projects = Map.copyOf(projects);
      areas = Set.copyOf(areas);
      units = List.copyOf(units);
    }
  }

  private final Supplier<Transport> transport;
  private final Clock clock;
  private final Options options;
  private final Random random;
  private final Map<String, CpuTimes> cpuBaselines = new ConcurrentHashMap<>();

  HostProbe(Supplier<Transport> transport, Clock clock, Options options, Random random) {
    this.transport = transport;
    this.clock = clock;
    this.options = options;
    this.random = random;
  }

  /** Observes up to {@code steward.probe.ssh.concurrency} hosts at once; a slow or dead host holds only its own worker. */
  @Override
  public List<Observation> observeAll(java.util.Collection<String> hosts) {
    List<String> distinct = List.copyOf(new java.util.LinkedHashSet<>(hosts));
    distinct.forEach(HostProbe::requireValidHost);
    return Parallel.map(distinct, options.concurrency(), "steward-ssh-probe", this::observe);
  }

  @Override
  public Observation observe(String host) {
    Instant at = clock.instant();
    requireValidHost(host);
    ProbeScript script = script();
    CommandResult result;
    try {
      result = transport.get().run(host, Command.of("sh", "-c", script.text()).withTimeout(options.timeout()));
    } catch (SshConnectionException e) {
      return unreachable(host, at, e.reason().name().toLowerCase(Locale.ROOT).replace('_', ' ') + ": " + e.getMessage());
    } catch (CommandTimeoutException e) {
      return unreachable(host, at, "the probe's commands did not finish within " + options.timeout().toSeconds()
          + " s (steward.probe.ssh.timeout)");
    } catch (TransportException e) {
      return unreachable(host, at, e.getMessage());
    }
    if (!result.succeeded()) {
      return unreachable(host, at, "the probe's script exited " + result.exitCode() + " on " + host
          + firstLine(result.stderr()).map(line -> ": " + line).orElse(""));
    }
    try {
      return read(host, at, script.parse(result.stdout()), result.elapsed());
    } catch (HostUnknown e) {
      return unreachable(host, at, e.getMessage());
    } catch (OutputParseException e) {
      return unreachable(host, at, e.getMessage());
    }
  }

  private Observation unreachable(String host, Instant at, String reason) {
    LOG.info("{} is unknown: {}", host, reason);
    return Observation.unreachable(host, at, reason);
  }

  private static void requireValidHost(String host) {
    try {
      ResourceKey.of("probe", "ssh", host);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("The ssh probe cannot observe '" + host + "': " + e.getMessage()
          + ". Name the host without a user (set steward.ssh.user, or User in ~/.ssh/config)", e);
    }
  }

  ProbeScript script() {
    List<ProbeScript.Section> sections = new ArrayList<>();
    Set<String> areas = options.areas();
    if (areas.contains("metrics")) {
      sections.add(ProbeScript.Section.of("stat-start", "cat", "cat", "/proc/stat"));
    }
    if (areas.contains("editables")) {
      sections.add(ProbeScript.Section.of("editables", options.python(), options.python(), "-m", "pip", "list", "-v", "-e",
          "--format=json", "--disable-pip-version-check", "--no-color", "--no-input"));
    }
    if (areas.contains("mounts")) {
      sections.add(ProbeScript.Section.of("mounts", "findmnt", "findmnt", "--json"));
      sections.add(ProbeScript.Section.of("mountinfo", "cat", "cat", "/proc/self/mountinfo").fallbackFor("findmnt"));
    }
    if (areas.contains("units")) {
      List<String> argv = new ArrayList<>(List.of("env", "TZ=UTC", "systemctl", "show", "--no-pager",
          "-p", "Id,LoadState,ActiveState,SubState,MainPID,ExecMainStartTimestamp"));
      argv.addAll(options.units());
      sections.add(new ProbeScript.Section("units", "systemctl", argv, Optional.empty()));
    }
    if (areas.contains("containers")) {
      sections.add(ProbeScript.Section.of("containers", "docker", "docker", "ps", "-a", "--no-trunc", "--format", "{{json .}}"));
    }
    if (areas.contains("firewall")) {
      sections.add(ProbeScript.Section.of("firewall", "ufw", "ufw", "status", "verbose"));
    }
    if (areas.contains("ports")) {
      for (String table : List.of("tcp", "tcp6", "udp", "udp6")) {
        sections.add(ProbeScript.Section.of("net-" + table, "cat", "cat", "/proc/net/" + table));
      }
    }
    if (areas.contains("metrics")) {
      sections.add(ProbeScript.Section.of("meminfo", "cat", "cat", "/proc/meminfo"));
      sections.add(ProbeScript.Section.of("loadavg", "cat", "cat", "/proc/loadavg"));
      sections.add(ProbeScript.Section.of("statfs", "stat", "stat", "-f", "-c", "%a %b", "/"));
      sections.add(ProbeScript.Section.of("stat-end", "cat", "cat", "/proc/stat"));
    }
    return new ProbeScript(token(), sections);
  }

  private String token() {
    StringBuilder token = new StringBuilder(24);
    synchronized (random) {
      for (int i = 0; i < 24; i++) {
        token.append(TOKEN_LETTERS.charAt(random.nextInt(TOKEN_LETTERS.length())));
      }
    }
    return token.toString();
  }

  private Observation read(String host, Instant at, Map<String, ProbeScript.Outcome> outcomes, Duration elapsed) {
    Notes notes = new Notes();
    List<ObservedResource> resources = new ArrayList<>();
    Set<String> areas = options.areas();

    List<EditableInstall> editables = List.of();
    if (areas.contains("editables")) {
      editables = editables(outcomes.get("editables"), notes);
    }
    List<Mount> mounts = List.of();
    if (areas.contains("mounts")) {
      mounts = mounts(outcomes, notes);
    }
    if (areas.contains("editables") || areas.contains("mounts")) {
      ProjectResources.Result projects = ProjectResources.of(host, options.sourceRoot(), options.projects(), editables, mounts);
      resources.addAll(projects.projects());
      projects.skipped().forEach(why -> LOG.debug("{}: {}", host, why));
      if (!projects.skipped().isEmpty()) {
        notes.attributes.put("skipped.projects", String.join("; ", projects.skipped()));
      }
    }
    if (areas.contains("units")) {
      optional("units", outcomes.get("units"), SystemctlShow::parse, notes).ifPresent(units -> units(host, units, resources, notes));
    }
    if (areas.contains("containers")) {
      optional("containers", outcomes.get("containers"), DockerPs::parse, notes).ifPresent(list -> containers(host, list, resources));
    }
    if (areas.contains("firewall")) {
      optional("firewall", outcomes.get("firewall"), Ufw::parseStatus, notes).ifPresent(status -> firewall(host, status, resources));
    }
    if (areas.contains("ports")) {
      ports(host, outcomes, resources, notes);
    }
    Optional<HostMetrics> metrics = areas.contains("metrics") ? metrics(host, outcomes, notes) : Optional.empty();

    notes.attributes.put("observed", String.join(",", notes.observed));
    notes.attributes.put("elapsed_ms", Long.toString(elapsed.toMillis()));
    resources.add(new ObservedResource(ResourceKey.of("probe", "ssh", host), Set.of(), notes.attributes));
    if (!notes.problems.isEmpty()) {
      LOG.info("{}: not observed: {}", host, String.join("; ", notes.problems));
    }
    return new Observation(host, at, Optional.empty(), resources, metrics);
  }

  private List<EditableInstall> editables(ProbeScript.Outcome outcome, Notes notes) {
    if (outcome instanceof ProbeScript.Missing missing) {
      notes.skip("editables", missing.tool() + " is not installed");
      return List.of();
    }
    ProbeScript.Ran ran = ran("editables", outcome);
    if (!ran.succeeded()) {
      if (ran.stderr().contains("No module named pip")) {
        notes.skip("editables", options.python() + " has no pip");
        return List.of();
      }
      throw new HostUnknown("'" + options.python() + " -m pip list' failed (exit " + ran.exitCode() + "): " + ran.firstErrorLine()
          + "; without it the editable installs are unknown");
    }
    List<EditableInstall> installs = PipEditables.parse(ran.stdout());
    notes.observed.add("editables");
    return installs;
  }

  private List<Mount> mounts(Map<String, ProbeScript.Outcome> outcomes, Notes notes) {
    ProbeScript.Outcome findmnt = outcomes.get("mounts");
    if (findmnt instanceof ProbeScript.Ran ran) {
      if (!ran.succeeded()) {
        throw new HostUnknown("findmnt --json failed (exit " + ran.exitCode() + "): " + ran.firstErrorLine()
            + "; without the mount table the bind mounts are unknown");
      }
      notes.observed.add("mounts");
      return Findmnt.parseJson(ran.stdout());
    }
    ProbeScript.Ran info = ran("mountinfo", outcomes.get("mountinfo"));
    if (!info.succeeded()) {
      throw new HostUnknown("findmnt is not installed and /proc/self/mountinfo cannot be read: " + info.firstErrorLine());
    }
    notes.observed.add("mounts");
    notes.attributes.put("mounts.source", MountInfo.SOURCE + " (findmnt is not installed)");
    return MountInfo.parse(info.stdout());
  }

  /** An essential section that must have run. */
  private static ProbeScript.Ran ran(String name, ProbeScript.Outcome outcome) {
    if (outcome instanceof ProbeScript.Ran ran) {
      return ran;
    }
    if (outcome instanceof ProbeScript.Missing missing) {
      throw new HostUnknown(missing.tool() + " is not installed, so " + name + " cannot be read");
    }
    throw new HostUnknown("the probe's script printed nothing for " + name);
  }

  /** A section whose absence or failure is noted, not fatal. */
  private static <T> Optional<T> optional(String area, ProbeScript.Outcome outcome, Function<String, T> parser, Notes notes) {
    if (outcome instanceof ProbeScript.Missing missing) {
      notes.skip(area, missing.tool() + " is not installed");
      return Optional.empty();
    }
    if (!(outcome instanceof ProbeScript.Ran ran)) {
      notes.fail(area, "no output");
      return Optional.empty();
    }
    if (!ran.succeeded()) {
      notes.fail(area, "exit " + ran.exitCode() + (ran.firstErrorLine().isEmpty() ? "" : ": " + ran.firstErrorLine()));
      return Optional.empty();
    }
    try {
      T value = parser.apply(ran.stdout());
      notes.observed.add(area);
      return Optional.of(value);
    } catch (OutputParseException e) {
      notes.fail(area, e.getMessage());
      return Optional.empty();
    }
  }

  private static void units(String host, List<SystemdUnit> units, List<ObservedResource> out, Notes notes) {
    int unnamed = 0;
    for (SystemdUnit unit : units) {
      if (unit.id().isEmpty() || !unit.found()) {
        continue;
      }
      Map<String, String> attributes = new TreeMap<>();
      attributes.put("load_state", unit.loadState());
      attributes.put("active_state", unit.activeState());
      attributes.put("sub_state", unit.subState());
      unit.mainPid().ifPresent(pid -> attributes.put("pid", Long.toString(pid)));
      unit.mainStartedAt().ifPresent(t -> attributes.put("started_at", t.toString()));
      try {
        out.add(new ObservedResource(ResourceKey.of("unit", unit.id().get(), host), Set.of(), attributes));
      } catch (IllegalArgumentException e) {
        unnamed++;
      }
    }
    if (unnamed > 0) {
      notes.attributes.put("skipped.units", unnamed + " unit(s) whose names cannot be resource names (e.g. with '\\')");
    }
  }

  private static void containers(String host, List<ContainerSummary> containers, List<ObservedResource> out) {
    for (ContainerSummary container : containers) {
      String name = container.names().isEmpty() ? container.id() : container.names().get(0);
      Map<String, String> attributes = new TreeMap<>();
      attributes.put("id", container.id());
      attributes.put("image", container.image());
      attributes.put("state", container.state());
      attributes.put("status", container.status());
      container.created().ifPresent(t -> attributes.put("created_at", t.toString()));
      out.add(new ObservedResource(ResourceKey.of("container", name, host), Set.of(), attributes));
    }
  }

  private static void firewall(String host, UfwStatus status, List<ObservedResource> out) {
    Map<String, String> attributes = new TreeMap<>();
    attributes.put("active", Boolean.toString(status.active()));
    status.logging().ifPresent(l -> attributes.put("logging", l));
    status.defaults().forEach((direction, policy) -> attributes.put("default." + direction, policy));
    attributes.put("rules", Integer.toString(status.rules().size()));
    out.add(new ObservedResource(ResourceKey.of("firewall", "ufw", host), Set.of(), attributes));
    List<FirewallRule> rules = status.firewallRules();
    for (int i = 0; i < rules.size(); i++) {
      FirewallRule rule = rules.get(i);
      Map<String, String> ruleAttributes = new TreeMap<>();
      ruleAttributes.put("port", Integer.toString(rule.port()));
      ruleAttributes.put("protocol", rule.protocol().name().toLowerCase(Locale.ROOT));
      ruleAttributes.put("comment", rule.comment());
      out.add(new ObservedResource(ResourceKey.of("firewall-rule", Integer.toString(i + 1), host), Set.of(), ruleAttributes));
    }
  }

  private static void ports(String host, Map<String, ProbeScript.Outcome> outcomes, List<ObservedResource> out, Notes notes) {
    Map<String, Function<String, List<ListeningSocket>>> tables = new LinkedHashMap<>();
    tables.put("tcp", ProcNet::tcp);
    tables.put("tcp6", ProcNet::tcp6);
    tables.put("udp", ProcNet::udp);
    tables.put("udp6", ProcNet::udp6);
    TreeMap<String, TreeSet<String>> addresses = new TreeMap<>();
    Map<String, ListeningSocket> first = new TreeMap<>();
    boolean any = false;
    for (Map.Entry<String, Function<String, List<ListeningSocket>>> table : tables.entrySet()) {
      ProbeScript.Outcome outcome = outcomes.get("net-" + table.getKey());
      if (outcome instanceof ProbeScript.Ran ran && !ran.succeeded() && table.getKey().endsWith("6")) {
        continue; // no IPv6 in the host's kernel
      }
      Optional<List<ListeningSocket>> sockets = optional("ports", outcome, table.getValue(), new Notes());
      if (sockets.isEmpty()) {
        notes.fail("ports", "/proc/net/" + table.getKey() + " could not be read");
        continue;
      }
      any = true;
      for (ListeningSocket socket : sockets.get()) {
        addresses.computeIfAbsent(socket.endpoint(), e -> new TreeSet<>()).add(socket.address());
        first.putIfAbsent(socket.endpoint(), socket);
      }
    }
    if (any) {
      notes.observed.add("ports");
    }
    addresses.forEach((endpoint, bound) -> {
      ListeningSocket socket = first.get(endpoint);
      Map<String, String> attributes = new TreeMap<>();
      attributes.put("protocol", socket.protocol().lowercase());
      attributes.put("port", Integer.toString(socket.port()));
      attributes.put("addresses", String.join(",", bound));
      attributes.put("uid", Long.toString(socket.uid()));
      out.add(new ObservedResource(ResourceKey.of("listener", endpoint, host), Set.of(), attributes));
    });
  }

  private Optional<HostMetrics> metrics(String host, Map<String, ProbeScript.Outcome> outcomes, Notes notes) {
    Notes quiet = new Notes();
    Optional<KernelStat> start = optional("metrics", outcomes.get("stat-start"), ProcStat::parse, quiet);
    Optional<KernelStat> end = optional("metrics", outcomes.get("stat-end"), ProcStat::parse, quiet);
    Optional<MemoryInfo> memory = optional("metrics", outcomes.get("meminfo"), ProcMeminfo::parse, quiet);
    Optional<LoadAverage> load = optional("metrics", outcomes.get("loadavg"), ProcLoadavg::parse, quiet);
    Optional<Double> disk = optional("metrics", outcomes.get("statfs"), DiskSpace::freePercent, quiet);
    if (start.isEmpty() || end.isEmpty() || memory.isEmpty() || load.isEmpty() || disk.isEmpty()) {
      notes.fail("metrics", String.join("; ", quiet.problems));
      return Optional.empty();
    }
    KernelStat now = end.get();
    CpuTimes previous = cpuBaselines.put(host, now.cpu());
    CpuTimes baseline = start.get().cpu();
    long minimum = (long) MIN_TICKS_PER_CPU * now.cpus();
    if (previous != null && now.cpu().total() - previous.total() >= minimum) {
      baseline = previous;
    }
    OptionalDouble busy = now.cpu().busyPercentSince(baseline);
    double cpu = Math.max(0, Math.min(100, busy.orElse(0)));
    notes.observed.add("metrics");
    return Optional.of(new HostMetrics(cpu, clamp(memory.get().usedPercent()), clamp(disk.get()), load.get().load1(), now.cpus()));
  }

  private static double clamp(double percent) {
    return Math.max(0, Math.min(100, percent));
  }

  private static Optional<String> firstLine(String text) {
    return text.lines().map(String::strip).filter(l -> !l.isEmpty()).findFirst();
  }

  /** What was observed and what was not, for the {@code probe/ssh} resource. */
  private static final class Notes {
    final Set<String> observed = new TreeSet<>(Comparator.comparingInt(dev.steward.probe.ssh.SshProbeSettings.AREAS::indexOf));
    final Map<String, String> attributes = new TreeMap<>();
    final List<String> problems = new ArrayList<>();

    void skip(String area, String why) {
      attributes.merge("skipped." + area, why, (a, b) -> a + "; " + b);
      problems.add(area + " skipped (" + why + ")");
    }

    void fail(String area, String why) {
      attributes.merge("failed." + area, why, (a, b) -> a + "; " + b);
      problems.add(area + " failed (" + why + ")");
    }
  }

  /** The host answered, but what decides its projects could not be read: the host is unknown. */
  private static final class HostUnknown extends StewardException {
    private static final long serialVersionUID = 1L;

    HostUnknown(String message) {
      super(message);
    }
  }
}
