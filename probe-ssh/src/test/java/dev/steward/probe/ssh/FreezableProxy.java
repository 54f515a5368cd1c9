package dev.steward.probe.ssh;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP relay on 127.0.0.1 to another port whose open connections can be frozen: bytes stop
 * flowing, both ways, but nothing is closed, as when a host hangs or a network path dies
 * silently. Connections opened after the freeze flow normally.
 */
final class FreezableProxy implements AutoCloseable {
  private final ServerSocket listener;
  private final int target;
  private final List<Connection> connections = new CopyOnWriteArrayList<>();

  private static final class Connection {
    final Socket client;
    final Socket server;
    volatile boolean frozen;

    Connection(Socket client, Socket server) {
      this.client = client;
      this.server = server;
    }
  }

  FreezableProxy(int target) throws IOException {
    this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    this.target = target;
    Thread acceptor = new Thread(this::accept, "freezable-proxy");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  int port() {
    return listener.getLocalPort();
  }

  /** Stops the bytes of every connection open now. */
  void freezeOpenConnections() {
    connections.forEach(c -> c.frozen = true);
  }

  private void accept() {
    try {
      while (true) {
        Socket client = listener.accept();
        Socket server = new Socket(InetAddress.getLoopbackAddress(), target);
        Connection connection = new Connection(client, server);
        connections.add(connection);
        pump(connection, client, server);
        pump(connection, server, client);
      }
    } catch (IOException e) {
      // closed
    }
  }

  private static void pump(Connection connection, Socket from, Socket to) {
    Thread t = new Thread(() -> {
      byte[] buffer = new byte[16384];
      try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
        int n;
        while ((n = in.read(buffer)) > 0) {
          if (connection.frozen) {
            // Swallow and hold: the peer never hears from us again.
            continue;
          }
          out.write(buffer, 0, n);
          out.flush();
        }
      } catch (IOException e) {
        // one side closed
      }
    }, "freezable-proxy-pump");
    t.setDaemon(true);
    t.start();
  }

  @Override
  public void close() throws IOException {
    listener.close();
    for (Connection c : connections) {
      c.client.close();
      c.server.close();
    }
  }
}
