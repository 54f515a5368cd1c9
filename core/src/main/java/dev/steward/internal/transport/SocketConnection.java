package dev.steward.internal.transport;

import dev.steward.ConnectionRefusedException;
import dev.steward.TcpConnection;
import dev.steward.TransportException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;

/**
 * A {@link TcpConnection} to this machine's 127.0.0.1 on a plain socket. Thread-safe as the
 * interface says: closing a socket makes a read blocked on it fail.
 */
final class SocketConnection implements TcpConnection {
  /** 127.0.0.1 itself: {@code InetAddress.getLoopbackAddress()} may be ::1, where an IPv4-only listener is not. */
  private static final byte[] LOOPBACK = {127, 0, 0, 1};

  private final Socket socket;
  private final InputStream input;
  private final OutputStream output;

  private SocketConnection(Socket socket) throws IOException {
    this.socket = socket;
    this.input = socket.getInputStream();
    this.output = socket.getOutputStream();
  }

  /** Connects to {@code port} within {@code timeout}; each later read waits at most {@code timeout} too. */
  static SocketConnection open(String host, int port, Duration timeout) {
    int millis = (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis()));
    Socket socket = new Socket();
    try {
      socket.setTcpNoDelay(true);
      socket.setSoTimeout(millis);
      socket.connect(new InetSocketAddress(InetAddress.getByAddress(LOOPBACK), port), millis);
      return new SocketConnection(socket);
    } catch (ConnectException e) {
      closeQuietly(socket);
      throw new ConnectionRefusedException(host, port, e);
    } catch (SocketTimeoutException e) {
      closeQuietly(socket);
      throw new TransportException(host, "Could not connect to 127.0.0.1:" + port + " on " + host + " within " + millis
          + " ms: the listener there does not accept connections", e);
    } catch (IOException e) {
      closeQuietly(socket);
      throw new TransportException(host, "Could not connect to 127.0.0.1:" + port + " on " + host + ": " + e.getMessage(), e);
    }
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
    closeQuietly(socket);
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException e) {
      // Nothing is left to release.
    }
  }
}
