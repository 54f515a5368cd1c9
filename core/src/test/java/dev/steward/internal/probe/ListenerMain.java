package dev.steward.internal.probe;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/**
 * A tiny node for the probe's integration tests, run in its own JVM: listens on a free TCP port
 * and binds a free UDP port on 127.0.0.1, prints {@code tcp:PORT udp:PORT}, and stays until its
 * standard input closes.
 */
public final class ListenerMain {
  private ListenerMain() {}

  public static void main(String[] args) throws IOException {
    InetAddress loopback = InetAddress.getLoopbackAddress();
    try (ServerSocket tcp = new ServerSocket();
        DatagramSocket udp = new DatagramSocket(new InetSocketAddress(loopback, 0))) {
      tcp.bind(new InetSocketAddress(loopback, 0));
      System.out.println("tcp:" + tcp.getLocalPort() + " udp:" + udp.getLocalPort());
      System.out.flush();
      while (System.in.read() >= 0) {
        // wait for the test to close our input, or to kill us
      }
    }
  }
}
