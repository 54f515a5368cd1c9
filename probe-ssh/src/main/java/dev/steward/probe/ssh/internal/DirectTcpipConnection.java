package dev.steward.probe.ssh.internal;

import dev.steward.TcpConnection;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.sshd.client.channel.ChannelDirectTcpip;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.session.ConnectionService;
import org.apache.sshd.common.util.net.SshdSocketAddress;
import org.apache.sshd.common.channel.ChannelPipedInputStream;

/**
 * A {@link TcpConnection} carried by a direct-tcpip channel of a pooled session: the host's SSH
 * server connects to the port and relays the bytes. It holds one of the session's channel slots
 * until it is closed. Thread-safe as the interface says.
 */
final class DirectTcpipConnection implements TcpConnection {
  private final ChannelDirectTcpip channel;
  private final InputStream input;
  private final OutputStream output;
  private final Runnable release;
  private final AtomicBoolean closed = new AtomicBoolean();

  /**
   * @param channel an opened channel
   * @param readTimeout how long a read may wait for data
   * @param release gives the channel's slot back to the session, once
   */
  DirectTcpipConnection(ChannelDirectTcpip channel, Duration readTimeout, Runnable release) {
    this.channel = channel;
    this.release = release;
    InputStream piped = channel.getInvertedOut();
    if (piped instanceof ChannelPipedInputStream timed) {
      timed.setTimeout(Math.max(1, readTimeout.toMillis()));
    }
    this.input = new TimedInput(piped, readTimeout);
    this.output = channel.getInvertedIn();
  }

  /**
   * A direct-tcpip channel to {@code port} on the loopback of {@code session}'s host, registered
   * with the session and not yet opened. When the server says the port's side is done (EOF), the
   * input ends, as a socket's does: OpenSSH half-closes and keeps the channel open until this side
   * is done too, and SSHD's own channel would then leave a reader waiting for more.
   */
  static ChannelDirectTcpip channel(ClientSession session, int port) throws IOException {
    ChannelDirectTcpip channel = new ChannelDirectTcpip(new SshdSocketAddress("127.0.0.1", 0), new SshdSocketAddress("127.0.0.1", port)) {
      @Override
      public void handleEof() throws IOException {
        super.handleEof();
        OutputStream pipe = out;
        if (pipe != null) {
          pipe.close();
        }
      }
    };
    session.getService(ConnectionService.class).registerChannel(channel);
    return channel;
  }

  @Override
  public InputStream input() {
    return input;
  }

  @Override
  public OutputStream output() {
    return output;
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    try {
      // Wakes a read blocked in another thread; closing the channel alone may leave it waiting.
      input.close();
    } catch (IOException e) {
      // The pipe is being dropped anyway.
    } finally {
      // Gracefully: the server is told, so it closes its own connection to the port, and no one waits for it.
      channel.close(false);
      release.run();
    }
  }

  /**
   * Reports a read that waited out its timeout as a {@link SocketTimeoutException}, as a socket
   * would; SSHD's pipe throws a plain {@link SocketException} for it.
   */
  private static final class TimedInput extends FilterInputStream {
    private final long timeoutNanos;

    TimedInput(InputStream in, Duration timeout) {
      super(in);
      this.timeoutNanos = timeout.toNanos();
    }

    @Override
    public int read() throws IOException {
      long started = System.nanoTime();
      try {
        return super.read();
      } catch (SocketException e) {
        throw timedOut(e, started);
      }
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      long started = System.nanoTime();
      try {
        return super.read(b, off, len);
      } catch (SocketException e) {
        throw timedOut(e, started);
      }
    }

    private IOException timedOut(SocketException e, long started) {
      if (System.nanoTime() - started < timeoutNanos) {
        return e;
      }
      SocketTimeoutException timeout = new SocketTimeoutException("No data came within " + timeoutNanos / 1_000_000 + " ms");
      timeout.initCause(e);
      return timeout;
    }
  }
}
