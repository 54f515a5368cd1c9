package dev.steward.status;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.steward.testsupport.Poll;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A live server takes 1,000 malformed requests and 200 abruptly closed connections, then still
 * answers {@code health}, and its threads and file descriptors come back to where they were.
 */
class StatusServerRobustnessTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MALFORMED = 1000;
  private static final int ABRUPT = 200;
  private static final int REQUEST_LIMIT = 4096;

  @TempDir
  Path temp;

  /** One bad request and the error code it must get. */
  private record Bad(byte[] line, int code) {}

  @Test
  @DisplayName("survives 1,000 malformed requests and 200 abrupt disconnects with threads and descriptors back where they were")
  void survivesGarbageAndAbruptClients() throws Exception {
    Instant t0 = Instant.parse("2026-11-22T10:00:00Z");
    try (StatusPublisher publisher = StatusPublisher.start(StatusOptions.builder(temp.resolve("run"), "default")
        .requestLimit(REQUEST_LIMIT).clientLimit(8).build())) {
      List<StatusItem> items = new ArrayList<>();
      for (int i = 0; i < 1000; i++) {
        items.add(StatusItem.of("item-" + i, "forward", "active", "", Map.of("local", "127.0.0.1:" + (10000 + i)), t0));
      }
      publisher.replaceAll(items);
      Path socket = publisher.location().socket();
      Random random = new Random(20261122L);

      // Warm up every path once, then let the client threads end: that is the baseline.
      sendMalformed(socket, malformed(random, 20));
      abrupt(socket, random, 8);
      Poll.until("client threads of the warm-up end", () -> clientThreads() == 0);
      int threadsBefore = Thread.getAllStackTraces().size();
      long descriptorsBefore = openDescriptors();

      List<Bad> bad = malformed(random, MALFORMED);
      int answered = sendMalformed(socket, bad);
      abrupt(socket, random, ABRUPT);

      assertThat(answered).isEqualTo(MALFORMED);
      // The last abrupt clients may still hold the client threads for a moment: busy is an answer too, ask again.
      java.util.Map<?, ?> health = Poll.value("a health answer", () -> {
        try {
          return java.util.Optional.of((java.util.Map<?, ?>) StatusClient.of(publisher.location()).call("health"));
        } catch (StatusRequestException e) {
          assertThat(e.code()).as(e.getMessage()).isEqualTo(StatusRequestException.BUSY);
          return java.util.Optional.empty();
        }
      });
      assertThat(health.get("healthy")).isEqualTo(true);
      assertThat(((Number) health.get("pid")).longValue()).isEqualTo(ProcessHandle.current().pid());
      assertThat(((Number) health.get("items")).intValue()).isEqualTo(1000);
      Poll.until("client threads end (" + clientThreads() + " left)", () -> clientThreads() == 0);
      Poll.until("threads back to " + threadsBefore, () -> Thread.getAllStackTraces().size() <= threadsBefore);
      Poll.until("descriptors back to " + descriptorsBefore, () -> openDescriptors() <= descriptorsBefore);
      assertThat(publisher.snapshot().items()).hasSize(1000);
    }
  }

  /** Sends each on a connection shared by up to 25 requests; an oversized one gets a connection of its own. Returns how many got the right error. */
  private static int sendMalformed(Path socket, List<Bad> requests) throws IOException {
    int answered = 0;
    RawSocket client = null;
    int onThisConnection = 0;
    for (Bad bad : requests) {
      boolean oversized = bad.line().length > REQUEST_LIMIT;
      if (client == null || oversized || onThisConnection == 25) {
        if (client != null) {
          client.close();
        }
        client = new RawSocket(socket);
        onThisConnection = 0;
      }
      client.send(bad.line());
      JsonNode answer = JSON.readTree(client.answer());
      String sent = new String(bad.line(), StandardCharsets.UTF_8);
      assertThat(answer.at("/error/code").asInt()).as("answer to %s: %s", sent.substring(0, Math.min(80, sent.length())), answer)
          .isEqualTo(bad.code());
      assertThat(answer.get("id").isNull()).isTrue();
      answered++;
      onThisConnection++;
      if (oversized) {
        client.close();
        client = null;
      }
    }
    if (client != null) {
      client.close();
    }
    return answered;
  }

  private static List<Bad> malformed(Random random, int count) {
    List<Bad> list = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      list.add(switch (i % 8) {
        case 0 -> bad(-32700, "{\"jsonrpc\":\"2.0\",\"id\":" + i + ",\"method\":");
        case 1 -> new Bad(garbage(random), -32700);
        case 2 -> bad(-32600, "[1,2,3]");
        case 3 -> bad(-32600, "\"just a string\"");
        case 4 -> bad(-32600, "{\"jsonrpc\":\"2.0\",\"id\":[" + i + "],\"method\":\"status\"}");
        case 5 -> bad(-32700, "{\"jsonrpc\":\"2.0\",\"id\":" + i + "}}}");
        case 6 -> new Bad(("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"" + "x".repeat(REQUEST_LIMIT + 10) + "\"}\n")
            .getBytes(StandardCharsets.UTF_8), -32600);
        default -> bad(-32700, "\u0000\u0001{" + i);
      });
    }
    return list;
  }

  private static Bad bad(int code, String line) {
    return new Bad((line + "\n").getBytes(StandardCharsets.UTF_8), code);
  }

  /** Random bytes that are never JSON: they start with a byte no JSON text starts with. */
  private static byte[] garbage(Random random) {
    byte[] bytes = new byte[1 + random.nextInt(200)];
    random.nextBytes(bytes);
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] == '\n') {
        bytes[i] = 'n';
      }
    }
    bytes[0] = (byte) 0xff;
    byte[] line = new byte[bytes.length + 1];
    System.arraycopy(bytes, 0, line, 0, bytes.length);
    line[bytes.length] = '\n';
    return line;
  }

  /** Clients that go away without a word: before sending, mid-request, before reading a large answer. */
  private static void abrupt(Path socket, Random random, int count) {
    for (int i = 0; i < count; i++) {
      try (RawSocket client = new RawSocket(socket)) {
        switch (i % 4) {
          case 0 -> { }
          case 1 -> client.send("{\"jsonrpc\":\"2.0\",\"id\":1,\"met");
          case 2 -> client.send("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"status\"}\n");
          default -> client.send(garbage(random)).send("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"status\"}\n{\"jsonrpc\"");
        }
      } catch (UncheckedIOException e) {
        // The server may already have closed: it tells clients beyond the client limit it is busy.
        assertThat(e.getCause()).hasMessageContaining("Broken pipe");
      }
    }
  }

  private static long clientThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().startsWith("steward-status-default-client-")).count();
  }

  private static long openDescriptors() {
    try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
      return fds.count();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
