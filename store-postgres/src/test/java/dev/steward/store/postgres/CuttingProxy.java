package dev.steward.store.postgres;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A TCP proxy on 127.0.0.1 in front of the lab's server that can cut a session at its next COMMIT,
 * once: just before the COMMIT reaches the server (the transaction is lost), or just after (it
 * lands, but its answer never reaches the client). What a network failure during a commit looks
 * like to the store. Thread-safe.
 */
final class CuttingProxy implements AutoCloseable {
  /** What to do at the next COMMIT a client sends. */
  enum Cut { NONE, BEFORE_COMMIT, AFTER_COMMIT }

  private static final byte[] COMMIT = "COMMIT".getBytes(StandardCharsets.US_ASCII);

  private final ServerSocket server;
  private final String targetHost;
  private final int targetPort;
  private final AtomicReference<Cut> next = new AtomicReference<>(Cut.NONE);
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  private final AtomicInteger cuts = new AtomicInteger();

  CuttingProxy(String targetHost, int targetPort) throws IOException {
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    this.targetHost = targetHost;
    this.targetPort = targetPort;
    Thread accept = new Thread(this::accept, "cutting-proxy");
    accept.setDaemon(true);
    accept.start();
  }

  int port() {
    return server.getLocalPort();
  }

  /** Cuts the session that sends the next COMMIT, as {@code cut} says. */
  void cutAtNextCommit(Cut cut) {
    next.set(cut);
  }

  /** How many sessions were cut. */
  int cuts() {
    return cuts.get();
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        Socket upstream = new Socket(targetHost, targetPort);
        sockets.add(client);
        sockets.add(upstream);
        AtomicBoolean answersLost = new AtomicBoolean();
        pump(client, upstream, true, answersLost);
        pump(upstream, client, false, answersLost);
      } catch (IOException e) {
        return;
      }
    }
  }

  /** Copies one direction; {@code answersLost} set, the server's answers are dropped from then on. */
  private void pump(Socket from, Socket to, boolean fromClient, AtomicBoolean answersLost) {
    Thread t = new Thread(() -> {
      byte[] buffer = new byte[65536];
      try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
        int n;
        while ((n = in.read(buffer)) > 0) {
          if (!fromClient && answersLost.get()) {
            // The server answered the COMMIT, so it landed: the answer is lost with the session.
            cut(from, to);
            return;
          }
          Cut cut = fromClient && contains(buffer, n, COMMIT) ? next.getAndSet(Cut.NONE) : Cut.NONE;
          if (cut == Cut.BEFORE_COMMIT) {
            cut(from, to);
            return;
          }
          if (cut == Cut.AFTER_COMMIT) {
            answersLost.set(true);
          }
          out.write(buffer, 0, n);
          out.flush();
        }
      } catch (IOException e) {
        // The other direction closed the session.
      } finally {
        closeQuietly(from);
        closeQuietly(to);
      }
    }, "cutting-proxy-pump");
    t.setDaemon(true);
    t.start();
  }

  private void cut(Socket a, Socket b) {
    cuts.incrementAndGet();
    closeQuietly(a);
    closeQuietly(b);
  }

  private static boolean contains(byte[] buffer, int length, byte[] word) {
    outer:
    for (int i = 0; i + word.length <= length; i++) {
      for (int j = 0; j < word.length; j++) {
        if (buffer[i + j] != word[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException e) {
      // Closing a session that is gone already.
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
    sockets.forEach(CuttingProxy::closeQuietly);
  }
}
