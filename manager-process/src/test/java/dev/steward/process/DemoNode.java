package dev.steward.process;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * A tiny node for the integration tests, run as its own process: {@code --port N} listens on N and
 * serves until killed; {@code --exit N} fails like a node whose port is taken.
 */
public final class DemoNode {
  private DemoNode() {}

  public static void main(String[] args) throws IOException {
    if (args.length == 2 && args[0].equals("--exit")) {
      System.out.println("demo node starting");
      System.err.println("java.net.BindException: Address already in use");
      System.exit(Integer.parseInt(args[1]));
    }
    if (args.length == 2 && args[0].equals("--port")) {
      try (ServerSocket server = new ServerSocket(Integer.parseInt(args[1]), 50, InetAddress.getLoopbackAddress())) {
        System.out.println("demo node listening on " + server.getLocalPort());
        while (true) {
          try (Socket client = server.accept()) {
            client.getOutputStream().write("hello\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
          }
        }
      }
    }
    System.err.println("usage: DemoNode --port N | --exit N");
    System.exit(2);
  }
}
