package dev.steward.proxmox.simulator.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.proxmox.simulator.internal.tls.RotatingKeyManager;
import dev.steward.proxmox.simulator.internal.tls.SelfSignedCertificates;
import dev.steward.proxmox.simulator.internal.tls.ServerIdentity;
import dev.steward.testsupport.Poll;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;

class HttpsServerTest {
  private static final ServerIdentity IDENTITY = SelfSignedCertificates.generate("pve1", List.of("localhost"),
      List.of(InetAddress.getLoopbackAddress()), new SecureRandom());

  @Test
  void worksOnAtMostTheCappedNumberOfRequestsWhileTheOthersWait() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger working = new AtomicInteger();
    AtomicInteger mostWorking = new AtomicInteger();
    RequestHandler slow = request -> {
      mostWorking.accumulateAndGet(working.incrementAndGet(), Math::max);
      try {
        release.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      working.decrementAndGet();
      return HttpResponse.json(200, "OK", "{\"data\":null}");
    };
    ConnectionPolicy policy = new ConnectionPolicy(Duration.ofSeconds(30), 100, 2, Duration.ZERO);
    try (HttpsServer server = HttpsServer.start(server(), InetAddress.getLoopbackAddress(), 0, policy, Clock.systemUTC(), slow)) {
      // Clients of their own: the common pool may have a single thread on a small machine.
      ExecutorService clients = Executors.newFixedThreadPool(4);
      List<CompletableFuture<String>> answers = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        answers.add(CompletableFuture.supplyAsync(() -> statusLine(server.port()), clients));
      }

      Poll.until("all four requests to arrive", () -> server.counters().inFlight() == 4);
      assertThat(working.get()).isEqualTo(2);
      release.countDown();

      for (CompletableFuture<String> answer : answers) {
        assertThat(answer.get(30, TimeUnit.SECONDS)).isEqualTo("HTTP/1.1 200 OK");
      }
      assertThat(mostWorking.get()).isEqualTo(2);
      assertThat(server.counters().maxInFlight()).isEqualTo(4);
      Poll.until("every answer to be counted", () -> server.counters().served() == 4);
      clients.shutdown();
    }
  }

  @Test
  void answersAMalformedRequestWith400AndCloses() throws Exception {
    RequestHandler never = request -> {
      throw new AssertionError("a malformed request reached the handler");
    };
    ConnectionPolicy policy = new ConnectionPolicy(Duration.ofSeconds(30), 100, 10, Duration.ZERO);
    try (HttpsServer server = HttpsServer.start(server(), InetAddress.getLoopbackAddress(), 0, policy, Clock.systemUTC(), never);
        SSLSocket socket = (SSLSocket) client().getSocketFactory().createSocket("127.0.0.1", server.port())) {
      socket.getOutputStream().write("NONSENSE\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);

      assertThat(answer).startsWith("HTTP/1.1 400 Bad Request").contains("Connection: close");
    }
  }

  private static String statusLine(int port) {
    try (SSLSocket socket = (SSLSocket) client().getSocketFactory().createSocket("127.0.0.1", port)) {
      OutputStream out = socket.getOutputStream();
      out.write("GET /api2/json/version HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      String all = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
      return all.substring(0, all.indexOf("\r\n"));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static SSLContext server() throws Exception {
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(new KeyManager[] {new RotatingKeyManager(IDENTITY)}, null, null);
    return context;
  }

  private static SSLContext client() {
    try {
      KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(null, null);
      store.setCertificateEntry("server", IDENTITY.certificate());
      TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(store);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, trust.getTrustManagers(), null);
      return context;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
