package dev.steward.examples.fleet;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * The demo node the {@code local-fleet} scenario runs: a tiny TCP server on 127.0.0.1 that answers
 * every connection with one line, {@code <name> <version> <pid>}, and closes it. It stops on
 * SIGTERM like any well-behaved service, and exits with status 1 when its port is taken.
 *
 * <pre>java -cp steward.jar dev.steward.examples.fleet.DemoNode --port 18080 --version 1.0 [--name web-1]</pre>
 */
public final class DemoNode {
  private DemoNode() {}

  public static void main(String[] args) throws IOException {
    int port = -1;
    String version = "0";
    String name = System.getenv().getOrDefault("STEWARD_RESOURCE", "demo");
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--port" -> port = Integer.parseInt(args[i + 1]);
        case "--version" -> version = args[i + 1];
        case "--name" -> name = args[i + 1];
        default -> {
          System.err.println("demo node: unknown option " + args[i] + "; use --port N --version V [--name N]");
          System.exit(2);
        }
      }
    }
    if (port < 1 || port > 65535) {
      System.err.println("demo node: give --port with a number from 1 to 65535");
      System.exit(2);
    }
    ServerSocket server = new ServerSocket();
    try {
      server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
    } catch (IOException e) {
      System.err.println(Instant.now() + " demo node " + name + ": cannot listen on 127.0.0.1:" + port + ": " + e.getMessage());
      System.exit(1);
    }
    byte[] answer = (name + " " + version + " " + ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.UTF_8);
    System.out.println(Instant.now() + " demo node " + name + " version " + version + " listening on 127.0.0.1:" + port);
    System.out.flush();
    while (true) {
      try (Socket client = server.accept(); OutputStream out = client.getOutputStream()) {
        out.write(answer);
      } catch (IOException e) {
        System.err.println(Instant.now() + " demo node " + name + ": a connection failed: " + e.getMessage());
      }
    }
  }
}
