package dev.steward.probe.ssh.internal;

import dev.steward.probe.ssh.FailureReason;
import dev.steward.probe.ssh.HostKeyChangedException;
import dev.steward.probe.ssh.HostKeyUnknownException;
import dev.steward.probe.ssh.SshAuthenticationException;
import dev.steward.probe.ssh.SshConnectionException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.channels.InterruptedByTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.future.AuthFuture;
import org.apache.sshd.client.future.ConnectFuture;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.client.session.ClientSession.ClientSessionEvent;
import org.apache.sshd.common.AttributeRepository;
import org.apache.sshd.common.keyprovider.KeyIdentityProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One authenticated session per {@link Target}. The first caller for a target opens it; callers
 * that come meanwhile wait for that one instead of opening their own. A session found closed is
 * dropped and opened again; sessions that ran nothing for the idle time are closed by
 * {@link #closeIdle}. Thread-safe.
 */
final class SessionPool implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SessionPool.class);

  /** How a pool logs in. */
  record Login(Duration connectTimeout, Duration authTimeout, Optional<String> password, Optional<Path> agent, int maxChannels) {}

  /** A pooled session with its channel budget and the time it was last used. Thread-safe. */
  static final class Pooled {
    final ClientSession session;
    final Target target;
    private final Semaphore channels;
    private final AtomicInteger active = new AtomicInteger();
    private final AtomicLong lastUsed;

    Pooled(ClientSession session, Target target, int maxChannels, long now) {
      this.session = session;
      this.target = target;
      // One channel stays free for killing a timed-out command.
      this.channels = new Semaphore(Math.max(1, maxChannels - 1), true);
      this.lastUsed = new AtomicLong(now);
    }

    boolean usable() {
      return session.isOpen() && !session.isClosing();
    }

    /** Takes a channel slot, waiting at most {@code wait}; false when none came free. */
    boolean enter(Duration wait) throws InterruptedException {
      if (!channels.tryAcquire(wait.toNanos(), TimeUnit.NANOSECONDS)) {
        return false;
      }
      active.incrementAndGet();
      return true;
    }

    void leave(long now) {
      lastUsed.set(now);
      active.decrementAndGet();
      channels.release();
    }
  }

  private final SshClient client;
  private final KnownHostsVerifier verifier;
  private final Identities identities;
  private final Login login;
  private final Clock clock;
  private final ConcurrentHashMap<Target, CompletableFuture<Pooled>> sessions = new ConcurrentHashMap<>();

  SessionPool(SshClient client, KnownHostsVerifier verifier, Identities identities, Login login, Clock clock) {
    this.client = client;
    this.verifier = verifier;
    this.identities = identities;
    this.login = login;
    this.clock = clock;
  }

  /** The open session for {@code target}, opening one if there is none or it broke. */
  Pooled session(String host, Target target) {
    while (true) {
      CompletableFuture<Pooled> mine = new CompletableFuture<>();
      CompletableFuture<Pooled> existing = sessions.putIfAbsent(target, mine);
      if (existing == null) {
        try {
          Pooled opened = open(host, target);
          mine.complete(opened);
          return opened;
        } catch (RuntimeException e) {
          sessions.remove(target, mine);
          mine.completeExceptionally(e);
          throw e;
        }
      }
      Pooled pooled = await(host, existing);
      if (pooled.usable()) {
        return pooled;
      }
      discard(pooled);
    }
  }

  /** Drops {@code pooled} from the pool and closes it; the next caller opens a new session. */
  void discard(Pooled pooled) {
    sessions.computeIfPresent(pooled.target, (t, f) -> f.isDone() && !f.isCompletedExceptionally() && f.join() == pooled ? null : f);
    pooled.session.close(true);
  }

  int openSessions() {
    int open = 0;
    for (CompletableFuture<Pooled> f : sessions.values()) {
      if (f.isDone() && !f.isCompletedExceptionally() && f.join().usable()) {
        open++;
      }
    }
    return open;
  }

  /** Closes the sessions that run nothing and were last used at least {@code idle} ago. */
  void closeIdle(Duration idle) {
    long now = clock.millis();
    for (CompletableFuture<Pooled> f : sessions.values()) {
      if (!f.isDone() || f.isCompletedExceptionally()) {
        continue;
      }
      Pooled pooled = f.join();
      if (!pooled.usable() || (pooled.active.get() == 0 && now - pooled.lastUsed.get() >= idle.toMillis())) {
        LOG.debug("Closing the idle session to {}", pooled.target);
        discard(pooled);
      }
    }
  }

  long now() {
    return clock.millis();
  }

  private Pooled await(String host, CompletableFuture<Pooled> opening) {
    Duration wait = login.connectTimeout().plus(login.authTimeout()).plusSeconds(5);
    try {
      return opening.get(wait.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new SshConnectionException(host, FailureReason.OTHER, "Could not open a session to " + host + ": " + e.getCause(), e.getCause());
    } catch (TimeoutException e) {
      throw new SshConnectionException(host, FailureReason.TIMEOUT, "Gave up waiting for the session to " + host
          + " that another command is opening, after " + wait.toMillis() + " ms", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SshConnectionException(host, FailureReason.OTHER, "Interrupted while waiting for the session to " + host, e);
    }
  }

  private Pooled open(String host, Target target) {
    long started = System.nanoTime();
    ConnectFuture connecting;
    AtomicReference<KnownHostsVerifier.Refusal> refused = new AtomicReference<>();
    try {
      connecting = client.connect(target.user(), target.hostName(), target.port(),
          AttributeRepository.ofAttributesMap(Map.of(KnownHostsVerifier.TARGET, target, KnownHostsVerifier.REFUSAL, refused)));
    } catch (IOException | RuntimeException e) {
      throw connectFailure(host, target, e);
    }
    try {
      if (!connecting.await(login.connectTimeout().toMillis())) {
        connecting.cancel();
        throw timeout(host, target, "connecting", login.connectTimeout());
      }
    } catch (IOException e) {
      throw connectFailure(host, target, e);
    }
    if (connecting.getException() != null) {
      throw connectFailure(host, target, connecting.getException());
    }
    ClientSession session = connecting.getSession();
    try {
      Duration left = login.connectTimeout().minusNanos(System.nanoTime() - started);
      Set<ClientSessionEvent> kex = session.waitFor(EnumSet.of(ClientSessionEvent.WAIT_AUTH, ClientSessionEvent.AUTHED,
          ClientSessionEvent.CLOSED), left.isNegative() ? Duration.ofMillis(1) : left);
      if (kex.contains(ClientSessionEvent.CLOSED) || !session.isOpen()) {
        throw closedDuringLogin(host, target, session, refused.get(), "the key exchange");
      }
      if (kex.contains(ClientSessionEvent.TIMEOUT)) {
        throw timeout(host, target, "the key exchange", login.connectTimeout());
      }
      List<String> offered = new ArrayList<>();
      List<KeyPair> keys = new ArrayList<>();
      for (Identities.Loaded loaded : identities.forTarget(target)) {
        keys.addAll(loaded.keys());
        offered.add(loaded.file() + loaded.problem().map(p -> " (not used: it " + p + ")").orElse(""));
      }
      session.setKeyIdentityProvider(keys.isEmpty() ? KeyIdentityProvider.EMPTY_KEYS_PROVIDER : context -> keys);
      login.agent().ifPresent(agent -> offered.add("the ssh-agent at " + agent));
      login.password().ifPresent(password -> {
        session.addPasswordIdentity(password);
        offered.add("a password");
      });
      AuthFuture auth = session.auth();
      if (!auth.await(login.authTimeout().toMillis())) {
        throw timeout(host, target, "authentication", login.authTimeout());
      }
      if (!auth.isSuccess()) {
        if (refused.get() != null || !session.isOpen()) {
          throw closedDuringLogin(host, target, session, refused.get(), "authentication");
        }
        throw new SshAuthenticationException(host, target.user(), offered, "Could not log into " + describe(host, target)
            + " as " + target.user() + ": the server accepted none of "
            + (offered.isEmpty() ? "nothing (no identity file exists, no ssh-agent, no password)" : String.join(", ", offered))
            + ". Check the user (steward.ssh.user, user@host or User in the ssh config), add the public key to the user's"
            + " ~/.ssh/authorized_keys on the host, or name the right key in steward.ssh.identity-files", auth.getException());
      }
      LOG.debug("Opened a session to {} in {} ms", target, Duration.ofNanos(System.nanoTime() - started).toMillis());
      return new Pooled(session, target, login.maxChannels(), clock.millis());
    } catch (IOException e) {
      session.close(true);
      if (refused.get() != null) {
        throw closedDuringLogin(host, target, session, refused.get(), "the key exchange");
      }
      throw connectFailure(host, target, e);
    } catch (RuntimeException e) {
      session.close(true);
      throw e;
    }
  }

  private SshConnectionException closedDuringLogin(String host, Target target, ClientSession session,
      KnownHostsVerifier.Refusal refusal, String stage) {
    session.close(true);
    Path file = verifier.file();
    if (refusal instanceof KnownHostsVerifier.Unknown u) {
      String others = u.otherTypes().isEmpty() ? ""
          : " (it lists only " + String.join(", ", u.otherTypes()) + " keys for this host, so even accept-new will not add this one)";
      String keyscan = "ssh-keyscan " + (target.port() == 22 ? "" : "-p " + target.port() + " ") + "-t " + shortType(u.keyType())
          + " " + target.hostName() + " >> " + file;
      return new HostKeyUnknownException(host, u.keyType(), u.fingerprint(), file, "The host key of " + describe(host, target)
          + " is not known: the server shows the " + u.keyType() + " key " + u.fingerprint() + ", which " + file
          + " does not list" + others + ". If that is the right fingerprint (on the server: ssh-keygen -lf /etc/ssh/ssh_host_*_key.pub),"
          + " trust it with steward.ssh.host-key-policy=accept-new for one run, or add it with: " + keyscan);
    }
    if (refusal instanceof KnownHostsVerifier.Changed c) {
      return new HostKeyChangedException(host, c.expectedFingerprint(), c.actualFingerprint(), file, c.lineNumber(),
          "REFUSED: the host key of " + describe(host, target) + " has changed. " + file + " line " + c.lineNumber()
          + " lists the " + c.keyType() + " key " + c.expectedFingerprint() + ", but the server shows " + c.actualFingerprint()
          + ". Either the host was reinstalled or someone is intercepting the connection. The known_hosts line: " + c.line()
          + " . Only if you know why it changed, remove that line (ssh-keygen -R '" + target.knownHostsName() + "' -f " + file
          + ") and connect again");
    }
    if (refusal instanceof KnownHostsVerifier.Revoked r) {
      return new SshConnectionException(host, FailureReason.HOST_KEY_CHANGED, "REFUSED: " + describe(host, target)
          + " shows the key " + r.fingerprint() + ", which " + file + " line " + r.lineNumber() + " marks @revoked", null);
    }
    if (refusal instanceof KnownHostsVerifier.Unreadable u) {
      return new SshConnectionException(host, FailureReason.OTHER, "Could not check the host key of " + describe(host, target)
          + " against " + file + ": " + u.problem() + "; fix the file or point steward.ssh.known-hosts at another", null);
    }
    return new SshConnectionException(host, FailureReason.SESSION_BROKEN, "The connection to " + describe(host, target)
        + " closed during " + stage + ". The server's log says why: often no key exchange, cipher or host key algorithm in"
        + " common (see steward.ssh.kex-algorithms), or its MaxStartups, AllowUsers or a firewall", null);
  }

  private static String shortType(String keyType) {
    if (keyType.startsWith("ecdsa")) {
      return "ecdsa";
    }
    return keyType.startsWith("ssh-") ? keyType.substring(4) : keyType;
  }

  private static SshConnectionException timeout(String host, Target target, String stage, Duration limit) {
    String setting = stage.equals("authentication") ? "steward.ssh.auth-timeout" : "steward.ssh.connect-timeout";
    return new SshConnectionException(host, FailureReason.TIMEOUT, "Timed out after " + limit.toMillis() + " ms in " + stage
        + " with " + describe(host, target) + ": the host does not answer on that port, or too slowly. Check that sshd runs"
        + " there and that no firewall drops the packets, or raise " + setting, null);
  }

  private SshConnectionException connectFailure(String host, Target target, Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof ConnectException) {
        return new SshConnectionException(host, FailureReason.REFUSED, "Could not connect to " + describe(host, target)
            + ": connection refused. Is sshd running there, and is the port right (host:port, steward.ssh.port or Port in"
            + " the ssh config)?", error);
      }
      if (t instanceof UnknownHostException || t instanceof UnresolvedAddressException || t instanceof NoRouteToHostException) {
        return new SshConnectionException(host, FailureReason.UNREACHABLE, "Could not reach " + describe(host, target)
            + ": " + (t instanceof NoRouteToHostException ? "no route to the host" : "the host name does not resolve")
            + ". Check the name (or HostName in the ssh config)", error);
      }
      if (t instanceof SocketTimeoutException || t instanceof InterruptedByTimeoutException) {
        return timeout(host, target, "connecting", login.connectTimeout());
      }
    }
    return new SshConnectionException(host, FailureReason.OTHER, "Could not connect to " + describe(host, target) + ": "
        + error.getMessage(), error);
  }

  /** "web1 (alice@10.0.0.5 port 2222)": the name the caller used and where it led. */
  static String describe(String host, Target target) {
    return host + " (" + target.user() + "@" + target.hostName() + " port " + target.port() + ")";
  }

  @Override
  public void close() {
    for (CompletableFuture<Pooled> f : sessions.values()) {
      if (f.isDone() && !f.isCompletedExceptionally()) {
        f.join().session.close(true);
      }
    }
    sessions.clear();
  }
}
