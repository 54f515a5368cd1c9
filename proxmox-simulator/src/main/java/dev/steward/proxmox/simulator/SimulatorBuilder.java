package dev.steward.proxmox.simulator;

import dev.steward.proxmox.simulator.internal.api.Delays;
import dev.steward.proxmox.simulator.internal.auth.Account;
import dev.steward.proxmox.simulator.internal.auth.Accounts;
import dev.steward.proxmox.simulator.internal.auth.ApiToken;
import dev.steward.proxmox.simulator.internal.http.ConnectionPolicy;
import dev.steward.proxmox.simulator.internal.model.ClusterShape;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Settings of a {@link ProxmoxSimulator}; each method names its default. {@link #start()} checks
 * every setting, reports all bad ones in one {@link IllegalArgumentException}, copies them, and
 * starts a server; the builder can start more. Not thread-safe.
 *
 * <p>Without any {@link #token token} or {@link #user user}, the simulator knows the token
 * {@code steward@pve!probe} (auditor privileges, a secret derived from the seed) and the user
 * {@code root@pam} with password {@code simulator}.
 */
public final class SimulatorBuilder {
  /** The token a simulator knows when no account is given. */
  public static final String DEFAULT_TOKEN = "steward@pve!probe";
  /** The user a simulator knows when no account is given, and the password. */
  public static final String DEFAULT_USER = "root@pam";
  public static final String DEFAULT_PASSWORD = "simulator";

  private Profile profile = Profile.PVE_8_3;
  private int nodes = 3;
  private int qemuGuests = 14;
  private int lxcGuests = 6;
  private int storages = 4;
  private int tasksPerNode = 50;
  private int runningTasksPerNode = 1;
  private int logLines = 12;
  private long seed = 1;
  private Optional<String> clusterName = Optional.of("lab");
  private Duration clusterRefresh = Duration.ZERO;
  private Duration authDelay = Duration.ofSeconds(3);
  private Duration unreachableDelay = Duration.ofSeconds(3);
  private Duration timeoutDelay = Duration.ofSeconds(30);
  private Duration keepAliveIdle = Duration.ofSeconds(5);
  private int maxRequestsPerConnection = 100;
  private int maxConcurrentRequests = Integer.MAX_VALUE;
  private Duration latency = Duration.ZERO;
  private Clock clock = Clock.systemUTC();
  private InetAddress bindAddress = InetAddress.getLoopbackAddress();
  private int port;
  private final List<UserSpec> users = new ArrayList<>();
  private final List<TokenSpec> tokens = new ArrayList<>();

  // Checked at start(), with every other setting.
  private record UserSpec(String userid, String password, Optional<String> secondFactor, Set<Privilege> privileges) {}

  private record TokenSpec(String tokenId, String secret, Set<Privilege> privileges) {}

  SimulatorBuilder() {}

  /** The release to answer as; default {@link Profile#PVE_8_3}. */
  public SimulatorBuilder profile(Profile value) {
    profile = Objects.requireNonNull(value, "profile");
    return this;
  }

  /** Cluster nodes {@code pve1..pveN}; default 3. */
  public SimulatorBuilder nodes(int count) {
    nodes = count;
    return this;
  }

  /** Guests, two thirds VMs and one third containers; default 20 (14 + 6). */
  public SimulatorBuilder guests(int count) {
    return guests(count - count / 3, count / 3);
  }

  /** Guests of each type; vmids from 100, types shuffled, spread over the nodes. */
  public SimulatorBuilder guests(int qemu, int lxc) {
    qemuGuests = qemu;
    lxcGuests = lxc;
    return this;
  }

  /** Storages: {@code local}, {@code local-lvm}, {@code backup}, then shared {@code nfs-N}/{@code ceph-N}; default 4. */
  public SimulatorBuilder storages(int count) {
    storages = count;
    return this;
  }

  /** Tasks in each node's history, made up when asked for (no memory per task); default 50. */
  public SimulatorBuilder tasksPerNode(int count) {
    tasksPerNode = count;
    return this;
  }

  /** How many of each node's newest tasks still run; default 1. */
  public SimulatorBuilder runningTasksPerNode(int count) {
    runningTasksPerNode = count;
    return this;
  }

  /** Lines in a finished generated task's log, its final {@code TASK ...} line included; default 12. */
  public SimulatorBuilder logLines(int count) {
    logLines = count;
    return this;
  }

  /** The seed everything generated comes from; default 1. */
  public SimulatorBuilder seed(long value) {
    seed = value;
    return this;
  }

  /** The cluster's name ({@code /cluster/status}, a login's {@code clustername}); default {@code lab}. */
  public SimulatorBuilder clusterName(String name) {
    clusterName = Optional.of(Objects.requireNonNull(name, "name"));
    return this;
  }

  /** A single host, not clustered: no cluster item in {@code /cluster/status}, no {@code clustername}. Needs {@code nodes(1)}. */
  public SimulatorBuilder standalone() {
    clusterName = Optional.empty();
    return this;
  }

  /**
   * How often {@code /cluster/resources} and {@code /nodes} catch up with changes, on the
   * simulator's clock (PVE: about 10 s); default zero, at once.
   */
  public SimulatorBuilder clusterRefresh(Duration interval) {
    clusterRefresh = Objects.requireNonNull(interval, "interval");
    return this;
  }

  /** How long a refused auth step or login is held back after the request arrived; default 3 s, as pveproxy. */
  public SimulatorBuilder authDelay(Duration delay) {
    authDelay = Objects.requireNonNull(delay, "delay");
    return this;
  }

  /** How long a 595 for a node that is down takes; default 3 s. */
  public SimulatorBuilder unreachableDelay(Duration delay) {
    unreachableDelay = Objects.requireNonNull(delay, "delay");
    return this;
  }

  /** How long a 596 for a node that is down takes; default 30 s, pveproxy's forwarding timeout. */
  public SimulatorBuilder timeoutDelay(Duration delay) {
    timeoutDelay = Objects.requireNonNull(delay, "delay");
    return this;
  }

  /** How long an idle keep-alive connection stays open; default 5 s, as pveproxy. */
  public SimulatorBuilder keepAliveIdle(Duration idle) {
    keepAliveIdle = Objects.requireNonNull(idle, "idle");
    return this;
  }

  /** Requests one connection serves before it is closed; default 100, as pveproxy. */
  public SimulatorBuilder maxRequestsPerConnection(int count) {
    maxRequestsPerConnection = count;
    return this;
  }

  /** Requests worked on at once, the others wait their turn; default unlimited. */
  public SimulatorBuilder maxConcurrentRequests(int count) {
    maxConcurrentRequests = count;
    return this;
  }

  /** How long each request is worked on (inside the concurrency cap); default zero. */
  public SimulatorBuilder latency(Duration perRequest) {
    latency = Objects.requireNonNull(perRequest, "perRequest");
    return this;
  }

  /** Where tickets, uptimes and task times read the time; default the system clock (UTC). */
  public SimulatorBuilder clock(Clock value) {
    clock = Objects.requireNonNull(value, "clock");
    return this;
  }

  /** The port to listen on; default 0, any free port. */
  public SimulatorBuilder port(int value) {
    port = value;
    return this;
  }

  /** The address to listen on; default loopback. */
  public SimulatorBuilder bindAddress(InetAddress address) {
    bindAddress = Objects.requireNonNull(address, "address");
    return this;
  }

  /** An API token ({@code user@realm!name}) with the {@code PVEAuditor} privileges. */
  public SimulatorBuilder token(String tokenId, String secret) {
    return token(tokenId, secret, Privilege.AUDITOR);
  }

  /** An API token holding exactly {@code privileges}, for example the auditor ones without {@code Sys.Audit}. */
  public SimulatorBuilder token(String tokenId, String secret, Set<Privilege> privileges) {
    tokens.add(new TokenSpec(tokenId, secret, privileges));
    return this;
  }

  /** A user who logs in with {@code password} and holds every privilege ({@code Administrator}). */
  public SimulatorBuilder user(String userid, String password) {
    return user(userid, password, Privilege.ADMINISTRATOR);
  }

  public SimulatorBuilder user(String userid, String password, Set<Privilege> privileges) {
    users.add(new UserSpec(userid, password, Optional.empty(), privileges));
    return this;
  }

  /**
   * A user whose login needs a second factor: the first answer says {@code NeedTFA: 1}; the
   * second step posts {@code password=<secondFactor>}, for example {@code totp:123456}.
   */
  public SimulatorBuilder userWithSecondFactor(String userid, String password, String secondFactor) {
    users.add(new UserSpec(userid, password, Optional.ofNullable(secondFactor), Privilege.ADMINISTRATOR));
    return this;
  }

  /**
   * Checks the settings and starts a simulator.
   *
   * @throws IllegalArgumentException naming every bad setting
   * @throws java.io.UncheckedIOException when the port cannot be bound
   */
  public ProxmoxSimulator start() {
    return ProxmoxSimulator.start(settings());
  }

  SimulatorSettings settings() {
    List<String> problems = new ArrayList<>();
    List<Account> accounts = new ArrayList<>();
    List<ApiToken> apiTokens = new ArrayList<>();
    for (UserSpec user : users) {
      try {
        accounts.add(new Account(user.userid(), user.password(), user.secondFactor(), user.privileges()));
      } catch (IllegalArgumentException | NullPointerException e) {
        problems.add(e.getMessage());
      }
    }
    for (TokenSpec token : tokens) {
      try {
        apiTokens.add(new ApiToken(token.tokenId(), token.secret(), token.privileges()));
      } catch (IllegalArgumentException | NullPointerException e) {
        problems.add(e.getMessage());
      }
    }
    check(problems, nodes >= 1 && nodes <= 1000, "nodes is 1 to 1000, not " + nodes);
    check(problems, qemuGuests >= 0 && lxcGuests >= 0 && qemuGuests + lxcGuests <= 1_000_000,
        "guests are 0 to 1000000 of each type, not " + qemuGuests + " and " + lxcGuests);
    check(problems, storages >= 1 && storages <= 100, "storages is 1 to 100, not " + storages);
    check(problems, tasksPerNode >= 0 && tasksPerNode <= 10_000_000, "tasksPerNode is 0 to 10000000, not " + tasksPerNode);
    check(problems, runningTasksPerNode >= 0, "runningTasksPerNode is 0 or more, not " + runningTasksPerNode);
    check(problems, logLines >= 1 && logLines <= 10_000_000, "logLines is 1 to 10000000, not " + logLines);
    check(problems, clusterName.isPresent() || nodes == 1, "a standalone host has one node, not " + nodes);
    check(problems, clusterName.map(name -> name.matches("[A-Za-z0-9][A-Za-z0-9-]{0,14}")).orElse(true),
        "a cluster name is up to 15 letters, digits and dashes, not '" + clusterName.orElse("") + "'");
    check(problems, !clusterRefresh.isNegative(), "clusterRefresh is zero or more, not " + clusterRefresh);
    check(problems, !authDelay.isNegative() && !unreachableDelay.isNegative() && !timeoutDelay.isNegative(),
        "delays are zero or more, not " + authDelay + ", " + unreachableDelay + ", " + timeoutDelay);
    check(problems, keepAliveIdle.toMillis() >= 1, "keepAliveIdle is at least 1 ms, not " + keepAliveIdle);
    check(problems, maxRequestsPerConnection >= 1, "maxRequestsPerConnection is 1 or more, not " + maxRequestsPerConnection);
    check(problems, maxConcurrentRequests >= 1, "maxConcurrentRequests is 1 or more, not " + maxConcurrentRequests);
    check(problems, !latency.isNegative(), "latency is zero or more, not " + latency);
    check(problems, port >= 0 && port <= 65535, "port is 0 to 65535, not " + port);
    Set<String> ids = new LinkedHashSet<>();
    accounts.forEach(u -> check(problems, ids.add(u.userid()), "user " + u.userid() + " is given twice"));
    apiTokens.forEach(t -> check(problems, ids.add(t.tokenId()), "token " + t.tokenId() + " is given twice"));
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException("The Proxmox simulator cannot start: " + String.join("; ", problems));
    }
    if (accounts.isEmpty() && apiTokens.isEmpty()) {
      String secret = UUID.nameUUIDFromBytes(("steward-" + seed).getBytes(StandardCharsets.UTF_8)).toString();
      apiTokens.add(new ApiToken(DEFAULT_TOKEN, secret, Privilege.AUDITOR));
      accounts.add(new Account(DEFAULT_USER, DEFAULT_PASSWORD, Optional.empty(), Privilege.ADMINISTRATOR));
    }
    ClusterShape shape = new ClusterShape(nodes, qemuGuests, lxcGuests, storages, tasksPerNode, runningTasksPerNode,
        logLines, seed, clusterName, clusterRefresh);
    return new SimulatorSettings(profile, shape, new Accounts(accounts, apiTokens),
        new Delays(authDelay, unreachableDelay, timeoutDelay),
        new ConnectionPolicy(keepAliveIdle, maxRequestsPerConnection, maxConcurrentRequests, latency), clock, bindAddress, port);
  }

  private static void check(List<String> problems, boolean ok, String problem) {
    if (!ok) {
      problems.add(problem);
    }
  }
}
