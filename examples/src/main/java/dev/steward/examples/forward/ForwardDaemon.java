package dev.steward.examples.forward;

import dev.steward.status.StatusItem;
import dev.steward.status.StatusOptions;
import dev.steward.status.StatusPublisher;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A small port forwarder, written the way a tool that embeds Steward publishes its status. Each
 * forward listens on {@code 127.0.0.1:LOCALPORT} and relays connections to its target. A check
 * every {@code checkEvery} binds what is not bound yet (a port another process holds is retried;
 * after {@value #CONFLICT_AFTER} attempts the forward is a {@code conflict}) and probes each
 * target (one that does not answer leaves the forward {@code pending}); every result goes to the
 * {@link StatusPublisher}. {@code pause} closes the listeners, {@code resume} binds them again,
 * {@code reload} retries everything at once. Thread-safe.
 */
public final class ForwardDaemon implements AutoCloseable {
  /** Failed binds in a row after which a forward is reported as a conflict. */
  public static final int CONFLICT_AFTER = 5;
  private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

  private final List<Forward> forwards = new ArrayList<>();
  private final Clock clock;
  private final ScheduledExecutorService checker;
  private StatusPublisher publisher;
  private boolean paused; // guarded by this
  private boolean closed; // guarded by this

  private ForwardDaemon(List<ForwardSpec> specs, Clock clock) {
    this.clock = clock;
    Instant now = clock.instant();
    for (ForwardSpec spec : specs) {
      forwards.add(new Forward(spec, now));
    }
    this.checker = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "forward-check");
      t.setDaemon(true);
      return t;
    });
  }

  /**
   * Starts publishing status with {@code options} (its pause, resume and reload hooks are the
   * daemon's), checks every forward once, and then every {@code checkEvery}.
   *
   * @throws dev.steward.status.InstanceRunningException when an instance of that name runs already
   */
  public static ForwardDaemon start(StatusOptions.Builder options, List<ForwardSpec> specs, Clock clock, Duration checkEvery) {
    ForwardDaemon daemon = new ForwardDaemon(specs, clock);
    daemon.publisher = StatusPublisher.start(options.clock(clock)
        .onPause(() -> daemon.setPaused(true))
        .onResume(() -> daemon.setPaused(false))
        .onReload(daemon::reload)
        .build());
    daemon.checkAll();
    long every = checkEvery.toMillis();
    daemon.checker.scheduleWithFixedDelay(daemon::checkAll, every, every, TimeUnit.MILLISECONDS);
    return daemon;
  }

  public StatusPublisher publisher() {
    return publisher;
  }

  private synchronized void setPaused(boolean pause) {
    paused = pause;
    forwards.forEach(f -> f.attempts = 0);
    checkAll();
  }

  private synchronized void reload() {
    forwards.forEach(f -> f.attempts = 0);
    checkAll();
  }

  private synchronized void checkAll() {
    if (closed) {
      return;
    }
    for (Forward forward : forwards) {
      forward.check(paused);
      publisher.put(StatusItem.of(forward.spec.id(), "forward", forward.state, forward.reason, forward.attributes(),
          forward.firstAttempt));
    }
  }

  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      forwards.forEach(Forward::unbind);
    }
    checker.shutdownNow();
    publisher.close();
  }

  /** One forward and what the last check found. Guarded by the daemon. */
  private static final class Forward {
    final ForwardSpec spec;
    final Instant firstAttempt;
    ServerSocket listener;
    int attempts;
    String state = "pending";
    String reason = "not checked yet";

    Forward(ForwardSpec spec, Instant firstAttempt) {
      this.spec = spec;
      this.firstAttempt = firstAttempt;
    }

    Map<String, String> attributes() {
      Map<String, String> attributes = new LinkedHashMap<>();
      attributes.put("local", "127.0.0.1:" + spec.localPort());
      attributes.put("remote", spec.targetHost() + ":" + spec.targetPort());
      attributes.put("bind_attempts", String.valueOf(attempts));
      return attributes;
    }

    void check(boolean paused) {
      if (paused) {
        unbind();
        state = "paused";
        reason = "paused by a client; 'steward resume' starts it again";
        return;
      }
      if (listener == null && !bind()) {
        state = attempts >= CONFLICT_AFTER ? "conflict" : "pending";
        reason = attempts >= CONFLICT_AFTER ? "port already in use after " + attempts + " retry attempts"
            : "port already in use, retrying (attempt " + attempts + " of " + CONFLICT_AFTER + ")";
        return;
      }
      try (Socket probe = new Socket()) {
        probe.connect(new InetSocketAddress(spec.targetHost(), spec.targetPort()), 500);
        state = "active";
        reason = "";
      } catch (IOException e) {
        state = "pending";
        reason = "target " + spec.targetHost() + ":" + spec.targetPort() + " does not answer (" + e.getMessage() + ")";
      }
    }

    private boolean bind() {
      ServerSocket socket = null;
      try {
        socket = new ServerSocket();
        socket.setReuseAddress(true);
        socket.bind(new InetSocketAddress(LOOPBACK, spec.localPort()), 50);
      } catch (IOException e) {
        closeQuietly(socket);
        if (e instanceof BindException) {
          attempts++;
          return false;
        }
        throw new java.io.UncheckedIOException("Could not listen on 127.0.0.1:" + spec.localPort(), e);
      }
      attempts = 0;
      listener = socket;
      ServerSocket bound = socket;
      Thread acceptor = new Thread(() -> acceptLoop(bound), "forward-" + spec.id());
      acceptor.setDaemon(true);
      acceptor.start();
      return true;
    }

    void unbind() {
      closeQuietly(listener);
      listener = null;
    }

    private void acceptLoop(ServerSocket bound) {
      while (!bound.isClosed()) {
        Socket client;
        try {
          client = bound.accept();
        } catch (IOException e) {
          return; // closed: paused or stopped
        }
        Thread relay = new Thread(() -> relay(client), "forward-" + spec.id() + "-relay");
        relay.setDaemon(true);
        relay.start();
      }
    }

    private void relay(Socket client) {
      try (client; Socket target = new Socket()) {
        target.connect(new InetSocketAddress(spec.targetHost(), spec.targetPort()), 1000);
        Thread back = new Thread(() -> pipe(target, client), "forward-" + spec.id() + "-back");
        back.setDaemon(true);
        back.start();
        pipe(client, target);
        back.join();
      } catch (IOException e) {
        // the target refused or a side went away: the client sees its connection closed
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    private static void pipe(Socket from, Socket to) {
      try {
        InputStream in = from.getInputStream();
        OutputStream out = to.getOutputStream();
        in.transferTo(out);
        to.shutdownOutput();
      } catch (SocketException e) {
        // closed on the other side
      } catch (IOException e) {
        // the same
      }
    }

    private static void closeQuietly(ServerSocket socket) {
      if (socket != null) {
        try {
          socket.close();
        } catch (IOException ignored) {
          // nothing held any more
        }
      }
    }
  }
}
