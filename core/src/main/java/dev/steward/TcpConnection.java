package dev.steward;

import java.io.InputStream;
import java.io.OutputStream;

/**
 * A TCP connection to a port on a host's own loopback, opened by {@link Transport#connect}: bytes
 * written to {@link #output()} reach the program listening there, and what it sends back comes out
 * of {@link #input()}. Over SSH the bytes travel inside the host's session, so the port need not be
 * reachable from here and the host needs no tool of its own.
 *
 * <p>A read that waits longer than the timeout given to {@code connect} throws a {@link
 * java.net.SocketTimeoutException}. One thread may read while another writes; {@link #close()} may
 * be called from any thread, at any time, and more than once, and makes a read blocked in another
 * thread fail at once.
 */
public interface TcpConnection extends AutoCloseable {
  /** What the other end sends; ends when it closes its side. */
  InputStream input();

  /** What is sent to the other end. */
  OutputStream output();

  /** Closes the connection and releases what it holds (a channel of an SSH session). Never throws. */
  @Override
  void close();
}
