package dev.steward.proxmox;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;

/**
 * A TLS server that reads each request and, for the first {@code drops} connections, closes the
 * connection: without a byte of answer (as pveproxy does to a kept-alive connection that sat idle
 * while the client was about to reuse it), or after the status line ({@link Drop#MID_ANSWER}, which
 * the JDK's client never retries on its own). Later connections get {@code GET /version}'s answer.
 * Its certificate is made by the JDK's keytool. One thread; closed by {@link #close()}.
 */
final class DroppingServer implements AutoCloseable {
  private static final String ANSWER = "{\"data\":{\"version\":\"8.3.5\",\"release\":\"8.3\",\"repoid\":\"dac3aa88bac3f300\"}}";

  private final SSLServerSocket listener;
  private final X509Certificate certificate;
  private final AtomicInteger connections = new AtomicInteger();
  private final Thread thread;

  /** How a connection is dropped. */
  enum Drop { BEFORE_ANSWER, MID_ANSWER }

  DroppingServer(Path dir, int drops, Drop how) throws Exception {
    Path store = dir.resolve("server.p12");
    char[] password = "changeit".toCharArray();
    Process keytool = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
        "-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=dropping", "-validity", "2",
        "-keystore", store.toString(), "-storetype", "PKCS12", "-storepass", "changeit")).redirectErrorStream(true).start();
    keytool.getInputStream().readAllBytes();
    if (keytool.waitFor() != 0) {
      throw new IllegalStateException("keytool failed");
    }
    KeyStore keys = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(store)) {
      keys.load(in, password);
    }
    certificate = (X509Certificate) keys.getCertificate("server");
    KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    factory.init(keys, password);
    SSLContext tls = SSLContext.getInstance("TLS");
    tls.init(factory.getKeyManagers(), null, null);
    listener = (SSLServerSocket) tls.getServerSocketFactory().createServerSocket(0, 10, InetAddress.getLoopbackAddress());
    thread = new Thread(() -> serve(drops, how), "dropping-server");
    thread.setDaemon(true);
    thread.start();
  }

  String url() {
    return "https://127.0.0.1:" + listener.getLocalPort();
  }

  Fingerprint fingerprint() {
    return Fingerprint.of(certificate);
  }

  int connections() {
    return connections.get();
  }

  private void serve(int drops, Drop how) {
    while (!listener.isClosed()) {
      try (Socket socket = listener.accept()) {
        int number = connections.incrementAndGet();
        readRequest(socket.getInputStream());
        if (number <= drops && how == Drop.MID_ANSWER) {
          socket.getOutputStream().write("HTTP/1.1 200 OK\r\n".getBytes(StandardCharsets.US_ASCII));
          socket.getOutputStream().flush();
        }
        if (number > drops) {
          byte[] body = ANSWER.getBytes(StandardCharsets.UTF_8);
          OutputStream out = socket.getOutputStream();
          out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json;charset=UTF-8\r\nContent-Length: " + body.length
              + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
          out.write(body);
          out.flush();
        }
      } catch (IOException e) {
        if (listener.isClosed()) {
          return;
        }
      }
    }
  }

  private static void readRequest(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int b;
    while ((b = in.read()) >= 0) {
      head.write(b);
      String text = head.toString(StandardCharsets.US_ASCII);
      if (text.endsWith("\r\n\r\n")) {
        return;
      }
    }
  }

  @Override
  public void close() {
    try {
      listener.close();
      thread.join(5000);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
