package dev.steward.probe.ssh.internal;

import dev.steward.Command;
import dev.steward.CommandResult;
import dev.steward.CommandTimeoutException;
import dev.steward.ConnectionRefusedException;
import dev.steward.TcpConnection;
import dev.steward.TransportException;
import dev.steward.probe.ssh.FailureReason;
import dev.steward.probe.ssh.SshConnectionException;
import dev.steward.probe.ssh.SshTransport;
import dev.steward.spi.support.ConnectArguments;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumSet;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.channel.ChannelDirectTcpip;
import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.channel.ClientChannelEvent;
import org.apache.sshd.client.future.OpenFuture;
import org.apache.sshd.common.SshConstants;
import org.apache.sshd.common.channel.exception.SshChannelOpenException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code ssh} transport: each command is one exec channel on the host's pooled session. A
 * command whose channel cannot be opened because the session broke gets one new session and one
 * more try; a command that was already running when its session broke is reported, not run again,
 * since it may have done its work. A TCP connection to a port on the host's loopback is a
 * direct-tcpip channel of the same session. Thread-safe.
 */
final class SshClientTransport implements SshTransport {
  private static final Logger LOG = LoggerFactory.getLogger(SshClientTransport.class);
  /** How long to wait for a channel to open, and for the output of a killed command. */
  private static final Duration CHANNEL_WAIT = Duration.ofSeconds(10);
  private static final Duration DRAIN_AFTER_KILL = Duration.ofSeconds(2);

  private final SshClient client;
  private final TargetResolver resolver;
  private final SessionPool pool;
  private final Duration defaultTimeout;
  private final int outputLimit;
  private final boolean sudo;
  private final ScheduledExecutorService reaper;

  SshClientTransport(SshClient client, TargetResolver resolver, SessionPool pool, Duration defaultTimeout, int outputLimit,
      boolean sudo, Duration idleClose) {
    this.client = client;
    this.resolver = resolver;
    this.pool = pool;
    this.defaultTimeout = defaultTimeout;
    this.outputLimit = outputLimit;
    this.sudo = sudo;
    this.reaper = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "steward-ssh-idle-close");
      t.setDaemon(true);
      return t;
    });
    long every = Math.max(100, Math.min(idleClose.toMillis() / 4, 30_000));
    reaper.scheduleWithFixedDelay(() -> {
      try {
        pool.closeIdle(idleClose);
      } catch (RuntimeException e) {
        LOG.warn("Closing idle ssh sessions failed", e);
      }
    }, every, every, TimeUnit.MILLISECONDS);
  }

  @Override
  public CommandResult run(String host, Command command) {
    Target target = resolver.resolve(host);
    String line = RemoteCommand.line(host, command, sudo);
    Duration timeout = command.timeout().orElse(defaultTimeout);
    boolean reopened = false;
    while (true) {
      SessionPool.Pooled pooled = pool.session(host, target);
      enter(host, pooled, timeout, "'" + command.display() + "'", "did not start");
      ChannelExec channel = null;
      OutputCapture stdout = OutputCapture.stdout(outputLimit);
      OutputCapture stderr = OutputCapture.stderr(outputLimit);
      long started = System.nanoTime();
      try {
        try {
          channel = openChannel(pooled, line, stdout, stderr, started, timeout);
        } catch (IOException | RuntimeException e) {
          if (pooled.usable()) {
            throw new TransportException(host, "Could not start '" + command.display() + "' on " + host + ": " + e.getMessage()
                + (isRefusedChannel(e) ? " (the server refused every channel until the command's timeout; it may allow fewer"
                    + " sessions per connection than steward.ssh.max-channels: lower it)" : ""), e);
          }
          pool.discard(pooled);
          if (reopened) {
            throw new SshConnectionException(host, FailureReason.SESSION_BROKEN, "The session to " + host
                + " broke again right after it was reopened; '" + command.display() + "' did not run", e);
          }
          LOG.info("The session to {} broke; opening a new one for '{}'", host, command.display());
          reopened = true;
          continue;
        }
        return finish(host, command, pooled, channel, stdout, stderr, timeout, started);
      } finally {
        pooled.leave(pool.now());
      }
    }
  }

  /**
   * Opens a direct-tcpip channel to {@code port} on the host's 127.0.0.1, as {@code ssh -L} does.
   * It takes one of the session's channels until the connection is closed; the timeout bounds the
   * wait for that channel and its opening together, once the session is open. A channel that cannot be
   * opened because the session broke gets one new session and one more try, as a command does:
   * nothing ran yet.
   */
  @Override
  public TcpConnection connect(String host, int port, Duration timeout) {
    ConnectArguments.check(port, timeout);
    Target target = resolver.resolve(host);
    String address = "127.0.0.1:" + port;
    long started = System.nanoTime();
    boolean reopened = false;
    while (true) {
      SessionPool.Pooled pooled = pool.session(host, target);
      enter(host, pooled, timeout, "The connection to " + address, "did not open");
      ChannelDirectTcpip channel = null;
      try {
        channel = DirectTcpipConnection.channel(pooled.session, port);
        OpenFuture opening = channel.open();
        // The wait for a free channel counts against the timeout too.
        if (!opening.await(Math.max(1, timeout.minusNanos(System.nanoTime() - started).toMillis()))) {
          throw new TransportException(host, "The connection to " + address + " on " + host + " did not open within "
              + timeout.toMillis() + " ms: the SSH server there did not answer in time", null);
        }
        if (!opening.isOpened()) {
          throw opening.getException() instanceof IOException io ? io : new IOException(opening.getException());
        }
        return new DirectTcpipConnection(channel, timeout, () -> pooled.leave(pool.now()));
      } catch (IOException | RuntimeException e) {
        if (channel != null) {
          channel.close(true);
        }
        pooled.leave(pool.now());
        if (e instanceof TransportException t) {
          throw t;
        }
        if (pooled.usable()) {
          throw refusedConnection(host, port, e);
        }
        pool.discard(pooled);
        if (reopened) {
          throw new SshConnectionException(host, FailureReason.SESSION_BROKEN, "The session to " + host
              + " broke again right after it was reopened; the connection to " + address + " did not open", e);
        }
        LOG.info("The session to {} broke; opening a new one for a connection to port {}", host, port);
        reopened = true;
      }
    }
  }

  /** Why the server refused a direct-tcpip channel, in words that say what to change. */
  private static TransportException refusedConnection(String host, int port, Exception e) {
    String address = "127.0.0.1:" + port;
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SshChannelOpenException refused) {
        if (refused.getReasonCode() == SshConstants.SSH_OPEN_CONNECT_FAILED) {
          return new ConnectionRefusedException(host, port, e);
        }
        if (refused.getReasonCode() == SshConstants.SSH_OPEN_ADMINISTRATIVELY_PROHIBITED) {
          return new TransportException(host, "The SSH server of " + host + " does not forward connections, so the connection to "
              + address + " cannot be opened through it. Allow it there (AllowTcpForwarding yes or local in"
              + " sshd_config, and no restrict or no-port-forwarding on the key in authorized_keys)", e);
        }
        return new TransportException(host, "The SSH server of " + host + " refused the connection to " + address + ": "
            + refused.getMessage() + " (reason " + refused.getReasonCode() + ")", e);
      }
    }
    return new TransportException(host, "The connection to " + address + " on " + host + " could not be opened: " + e.getMessage(), e);
  }

  /** Takes a channel slot of {@code pooled}, waiting at most {@code timeout}; a TransportException when none came free. */
  private static void enter(String host, SessionPool.Pooled pooled, Duration timeout, String what, String failed) {
    try {
      if (!pooled.enter(timeout)) {
        throw new TransportException(host, what + " " + failed + " on " + host + ": all channels of its session stayed busy for "
            + timeout.toMillis() + " ms (steward.ssh.max-channels)", null);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TransportException(host, "Interrupted while " + what + " waited for a channel to " + host, e);
    }
  }

  /**
   * Opens the command's channel. A server that refuses it while the session is fine is at its
   * limit of channels (OpenSSH frees a channel's slot a moment after it closed): wait a little and
   * try again, until the command's timeout.
   */
  private static ChannelExec openChannel(SessionPool.Pooled pooled, String line, OutputCapture stdout, OutputCapture stderr,
      long started, Duration timeout) throws IOException {
    long pause = 2;
    while (true) {
      ChannelExec channel = pooled.session.createExecChannel(line);
      channel.setOut(stdout);
      channel.setErr(stderr);
      try {
        channel.open().verify(CHANNEL_WAIT);
        return channel;
      } catch (IOException | RuntimeException e) {
        channel.close(true);
        long left = timeout.toNanos() - (System.nanoTime() - started);
        if (!isRefusedChannel(e) || !pooled.usable() || left < TimeUnit.MILLISECONDS.toNanos(pause)) {
          throw e;
        }
        java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(pause));
        if (Thread.currentThread().isInterrupted()) {
          throw e;
        }
        pause = Math.min(pause * 2, 100);
      }
    }
  }

  private static boolean isRefusedChannel(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SshChannelOpenException) {
        return true;
      }
    }
    return false;
  }

  private CommandResult finish(String host, Command command, SessionPool.Pooled pooled, ChannelExec channel,
      OutputCapture stdout, OutputCapture stderr, Duration timeout, long started) {
    try (ChannelExec ch = channel) {
      try (OutputStream in = ch.getInvertedIn()) {
        if (command.stdin().isPresent()) {
          in.write(command.stdin().get().getBytes(StandardCharsets.UTF_8));
        }
      } catch (IOException e) {
        // The command exited without reading all of its input; its exit status tells the story.
      }
      long left = timeout.toNanos() - (System.nanoTime() - started);
      Set<ClientChannelEvent> events = ch.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
      if (events.contains(ClientChannelEvent.TIMEOUT) && !events.contains(ClientChannelEvent.CLOSED)) {
        kill(host, pooled, stdout.pid());
        ch.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), DRAIN_AFTER_KILL.toMillis());
        ch.close(true);
        throw new CommandTimeoutException(host, command, timeout, stdout.text(), stderr.text());
      }
      Integer status = ch.getExitStatus();
      String signal = ch.getExitSignal();
      int exit;
      if (status != null) {
        exit = status;
      } else if (signal != null) {
        exit = RemoteCommand.statusForSignal(signal);
      } else {
        pool.discard(pooled);
        throw new SshConnectionException(host, FailureReason.SESSION_BROKEN, "The session to " + host + " broke while '"
            + command.display() + "' ran; it may or may not have finished. Check the host before running it again", null);
      }
      return new CommandResult(host, command, exit, stdout.text(), stderr.text(), stdout.truncated(), stderr.truncated(),
          Duration.ofNanos(System.nanoTime() - started));
    } catch (IOException e) {
      throw new TransportException(host, "Lost '" + command.display() + "' on " + host + ": " + e.getMessage(), e);
    }
  }

  /** Kills the timed-out command's process group on a channel of its own. Best effort. */
  private void kill(String host, SessionPool.Pooled pooled, OptionalLong pid) {
    if (pid.isEmpty() || !pooled.usable()) {
      return;
    }
    try (ChannelExec killer = pooled.session.createExecChannel(RemoteCommand.kill(pid.getAsLong(), sudo))) {
      killer.setOut(OutputStream.nullOutputStream());
      killer.setErr(OutputStream.nullOutputStream());
      killer.open().verify(CHANNEL_WAIT);
      killer.getInvertedIn().close();
      killer.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), CHANNEL_WAIT.toMillis());
    } catch (IOException | RuntimeException e) {
      LOG.warn("Could not kill the timed-out command (pid {}) on {}: {}", pid.getAsLong(), host, e.getMessage());
    }
  }

  @Override
  public int openSessions() {
    return pool.openSessions();
  }

  @Override
  public void closeIdleSessions() {
    pool.closeIdle(Duration.ZERO);
  }

  @Override
  public void close() {
    reaper.shutdownNow();
    try {
      pool.close();
    } finally {
      try {
        client.stop();
      } catch (RuntimeException e) {
        LOG.debug("Stopping the SSH client failed", e);
      }
    }
  }
}
