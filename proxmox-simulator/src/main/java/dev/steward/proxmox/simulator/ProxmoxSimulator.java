package dev.steward.proxmox.simulator;

import dev.steward.proxmox.simulator.internal.api.ApiService;
import dev.steward.proxmox.simulator.internal.auth.Accounts;
import dev.steward.proxmox.simulator.internal.auth.ApiToken;
import dev.steward.proxmox.simulator.internal.auth.Tickets;
import dev.steward.proxmox.simulator.internal.http.HttpsServer;
import dev.steward.proxmox.simulator.internal.http.ServerCounters;
import dev.steward.proxmox.simulator.internal.model.Cluster;
import dev.steward.proxmox.simulator.internal.model.SimulatorClock;
import dev.steward.proxmox.simulator.internal.tls.RotatingKeyManager;
import dev.steward.proxmox.simulator.internal.tls.SelfSignedCertificates;
import dev.steward.proxmox.simulator.internal.tls.ServerIdentity;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An HTTPS server that answers like the Proxmox VE API ({@code /api2/json}) of a cluster generated
 * from a seed, for the calls a read-only discovery client makes. Start one with {@link #builder()}:
 *
 * <pre>{@code
 * try (ProxmoxSimulator pve = ProxmoxSimulator.builder().profile(Profile.PVE_8_3).nodes(3).guests(20)
 *     .authDelay(Duration.ofMillis(20)).token("steward@pve!probe", "secret").start()) {
 *   URI api = pve.baseUri();           // https://127.0.0.1:<port>/api2/json
 *   String pin = pve.fingerprint();    // AB:CD:... (SHA-256 of the served certificate)
 *   pve.markNodeDown("pve2");          // per-node calls for pve2 now answer 595
 * }
 * }</pre>
 *
 * <p>It answers as the cluster's first node ({@link #entryNode()}); calls under
 * {@code /nodes/{other}} behave as if pveproxy forwarded them. The methods that change the
 * cluster stand for what an administrator or another tool would do; they act at once (the
 * cluster-wide views follow after the cluster refresh interval, zero by default).
 *
 * <p>Thread-safe. {@link #close()} stops the server and drops open connections.
 */
public final class ProxmoxSimulator implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ProxmoxSimulator.class);

  private final HttpsServer server;
  private final Cluster cluster;
  private final Tickets tickets;
  private final RotatingKeyManager keys;
  private final Accounts accounts;
  private final Profile profile;
  private final SecureRandom random;
  private final List<String> certificateNames;
  private final List<InetAddress> certificateAddresses;

  private ProxmoxSimulator(SimulatorSettings settings) {
    this.profile = settings.profile();
    this.random = new SecureRandom();
    SimulatorClock clock = new SimulatorClock(settings.clock());
    this.cluster = new Cluster(settings.shape(), clock);
    this.accounts = settings.accounts();
    this.tickets = new Tickets(clock, random);
    this.certificateNames = List.of("localhost", cluster.entryNode());
    this.certificateAddresses = certificateAddresses(settings.bindAddress());
    this.keys = new RotatingKeyManager(newIdentity());
    ApiService api = new ApiService(cluster, profile, this::fingerprint, accounts, tickets, settings.delays());
    this.server = HttpsServer.start(tls(keys), settings.bindAddress(), settings.port(), settings.connections(), clock, api);
    LOG.info("Proxmox VE {} simulator for {} nodes and {} guests at {} (certificate {})", profile.version(),
        settings.shape().nodes(), settings.shape().guests(), baseUri(), fingerprint());
  }

  /** A builder with the defaults each of its methods names. */
  public static SimulatorBuilder builder() {
    return new SimulatorBuilder();
  }

  static ProxmoxSimulator start(SimulatorSettings settings) {
    return new ProxmoxSimulator(settings);
  }

  /** {@code https://<address>:<port>/api2/json}, the base every API path is relative to. */
  public URI baseUri() {
    InetAddress address = server.address();
    String host = address instanceof Inet6Address ? "[" + address.getHostAddress() + "]" : address.getHostAddress();
    return URI.create("https://" + host + ":" + server.port() + "/api2/json");
  }

  public int port() {
    return server.port();
  }

  /** The served certificate's SHA-256 fingerprint as Proxmox prints it: 32 uppercase hex pairs joined by {@code :}. */
  public String fingerprint() {
    return keys.current().fingerprint();
  }

  /** The certificate served now (self-signed), for a client that trusts exactly this one. */
  public X509Certificate certificate() {
    return keys.current().certificate();
  }

  /**
   * Serves a new certificate on a new key from the next TLS handshake on, as after a renewal;
   * connections already open keep the old one. {@code /nodes} reports the new fingerprint.
   *
   * @return the new fingerprint
   */
  public String rotateCertificate() {
    keys.use(newIdentity());
    LOG.info("The simulator serves a new certificate: {}", fingerprint());
    return fingerprint();
  }

  public Profile profile() {
    return profile;
  }

  /** The node the simulator answers as, {@code pve1}. */
  public String entryNode() {
    return cluster.entryNode();
  }

  /** Every node's name, {@code pve1} to {@code pveN}. */
  public List<String> nodes() {
    return cluster.nodeNames();
  }

  /** Every guest as it is now, by vmid. */
  public List<GuestSummary> guests() {
    List<GuestSummary> guests = new ArrayList<>();
    cluster.live().guests().values().forEach(g -> guests.add(
        new GuestSummary(g.vmid(), g.type(), g.node(), g.name(), g.running(), g.template(), g.memoryMb())));
    return List.copyOf(guests);
  }

  /** The {@code Authorization} header value of the first configured API token, {@code PVEAPIToken=user@realm!name=secret}. */
  public Optional<String> tokenHeader() {
    return accounts.tokens().stream().findFirst().map(ApiToken::authorizationHeader);
  }

  /**
   * Migrates guest {@code vmid} to {@code targetNode}, logging a finished {@code qmigrate} or
   * {@code vzmigrate} task on the node it left.
   *
   * @return the migration task's UPID
   * @throws IllegalArgumentException for an unknown guest or node, or the node the guest is on
   * @throws IllegalStateException when the target node is down
   */
  public String migrate(int vmid, String targetNode) {
    return cluster.migrate(vmid, targetNode);
  }

  /** Sets guest {@code vmid}'s memory (config {@code memory}, list {@code maxmem}). */
  public void setMemory(int vmid, long megabytes) {
    cluster.setMemory(vmid, megabytes);
  }

  /**
   * Sets config key {@code key} of guest {@code vmid}. {@code name}/{@code hostname}, {@code cores},
   * {@code memory} and {@code tags} show in the lists too; any other key only in {@code config}.
   */
  public void setConfig(int vmid, String key, String value) {
    cluster.setConfig(vmid, key, value);
  }

  /** Starts guest {@code vmid} (a new pid, uptime from now); a running guest stays as it is. */
  public void startGuest(int vmid) {
    cluster.setRunning(vmid, true);
  }

  public void stopGuest(int vmid) {
    cluster.setRunning(vmid, false);
  }

  public void deleteGuest(int vmid) {
    cluster.delete(vmid);
  }

  /** Adds a guest; its vmid. */
  public int addGuest(NewGuest guest) {
    return cluster.add(guest);
  }

  /** Takes {@code node} down as {@link NodeOutage#UNREACHABLE}: per-node calls answer 595. */
  public void markNodeDown(String node) {
    markNodeDown(node, NodeOutage.UNREACHABLE);
  }

  /**
   * Takes {@code node} down: the cluster views still answer ({@code online: 0}, its guests
   * {@code unknown}), calls forwarded to it fail as {@code outage} says after its delay.
   *
   * @throws IllegalArgumentException for an unknown node or the {@linkplain #entryNode() entry node}
   */
  public void markNodeDown(String node, NodeOutage outage) {
    cluster.markDown(node, outage);
  }

  public void bringNodeUp(String node) {
    cluster.markUp(node);
  }

  /**
   * Starts a task on {@code node}: running, with an empty log, listed with {@code source=active}.
   *
   * @param id the task's id, often a vmid; may be empty
   * @param user {@code user@realm} or {@code user@realm!token}
   * @return its UPID
   */
  public String startTask(String node, String type, String id, String user) {
    return cluster.tasks().start(node, type, id, user, cluster.clock().epochSecond()).upid().text();
  }

  /**
   * Ends the running task {@code upid} now: its log gets the final line, its status the outcome.
   *
   * @throws IllegalArgumentException when there is no such task or it has ended
   */
  public void finishTask(String upid, TaskOutcome outcome) {
    cluster.tasks().finish(upid, outcome, cluster.clock().epochSecond());
  }

  /** Moves the simulator's clock on (on top of the clock it was given): tickets age, uptimes grow. */
  public void advanceClock(Duration by) {
    cluster.clock().advance(by);
  }

  /** Every ticket and CSRF token issued so far stops working, as if each had passed its 2 hours. */
  public void expireTickets() {
    tickets.revokeAll();
  }

  /** What the server counted since start or the last {@link #resetCounters()}. */
  public RequestCounters requests() {
    ServerCounters c = server.counters();
    return new RequestCounters(c.served(), c.inFlight(), c.maxInFlight(), c.connections(), c.idleClosed(), c.capClosed());
  }

  /** Starts counting afresh, for a benchmark's measured phase. */
  public void resetCounters() {
    server.counters().reset();
  }

  @Override
  public void close() {
    server.close();
  }

  @Override
  public String toString() {
    return "ProxmoxSimulator[" + profile.version() + " at " + baseUri() + "]";
  }

  private ServerIdentity newIdentity() {
    return SelfSignedCertificates.generate(cluster.entryNode(), certificateNames, certificateAddresses, random);
  }

  private static List<InetAddress> certificateAddresses(InetAddress bind) {
    List<InetAddress> addresses = new ArrayList<>();
    try {
      addresses.add(InetAddress.getByName("127.0.0.1"));
      addresses.add(InetAddress.getByName("::1"));
    } catch (UnknownHostException e) {
      throw new IllegalStateException("Literal addresses need no lookup", e);
    }
    if (!bind.isAnyLocalAddress() && !addresses.contains(bind)) {
      addresses.add(bind);
    }
    return addresses;
  }

  private static SSLContext tls(RotatingKeyManager keys) {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(new KeyManager[] {keys}, null, null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("The JDK cannot set up TLS: " + e.getMessage(), e);
    }
  }
}
