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
 * like to the store. It can also take the server away: {@link #down()} cuts every session and
 * refuses new ones, {@link #silence()} lets nothing through either way while the sessions stay
 * open (a partition), {@link #up()} ends both. Thread-safe.
 */
public final class CuttingProxy implements AutoCloseable {
  /** What to do at the next COMMIT a client sends. */
  enum Cut { NONE, BEFORE_COMMIT, AFTER_COMMIT }

  private static final byte[] COMMIT = "COMMIT".getBytes(StandardCharsets.US_ASCII);

  private final ServerSocket server;
  private final String targetHost;
  private final int targetPort;
  private final AtomicReference<Cut> next = new AtomicReference<>(Cut.NONE);
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  private final AtomicInteger cuts = new AtomicInteger();
  private final AtomicBoolean refusing = new AtomicBoolean();
  private final AtomicBoolean silent = new AtomicBoolean();
  private final AtomicBoolean downAfterCut = new AtomicBoolean();

  public CuttingProxy(String targetHost, int targetPort) throws IOException {
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    this.targetHost = targetHost;
    this.targetPort = targetPort;
    Thread accept = new Thread(this::accept, "cutting-proxy");
    accept.setDaemon(true);
    accept.start();
  }

  public int port() {
    return server.getLocalPort();
  }

  /** Cuts the session that sends the next COMMIT, as {@code cut} says. */
  void cutAtNextCommit(Cut cut) {
    next.set(cut);
  }

  /** Cuts the session that sends the next COMMIT before it reaches the server, and then refuses every session until {@link #up()}. */
  public void downAtNextCommit() {
    downAfterCut.set(true);
    next.set(Cut.BEFORE_COMMIT);
  }

  /** How many sessions were cut. */
  public int cuts() {
    return cuts.get();
  }

  /** Cuts every session and refuses new ones until {@link #up()}: the server is gone. */
  public void down() {
    refusing.set(true);
    sockets.forEach(CuttingProxy::closeQuietly);
  }

  /** Lets nothing through, either way, until {@link #up()}; sessions stay open and hear nothing: a partition. */
  public void silence() {
    silent.set(true);
  }

  /** The server is back: sessions are accepted and carried again. */
  public void up() {
    silent.set(false);
    refusing.set(false);
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        if (refusing.get()) {
          closeQuietly(client);
          continue;
        }
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
          if (silent.get()) {
            continue; // lost in the partition
          }
          if (!fromClient && answersLost.get()) {
            // The server answered the COMMIT, so it landed: the answer is lost with the session.
            cut(from, to);
            return;
          }
          Cut cut = fromClient && contains(buffer, n, COMMIT) ? next.getAndSet(Cut.NONE) : Cut.NONE;
          if (cut == Cut.BEFORE_COMMIT) {
            if (downAfterCut.getAndSet(false)) {
              refusing.set(true);
            }
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
    refusing.set(true);
    server.close();
    sockets.forEach(CuttingProxy::closeQuietly);
  }
}
