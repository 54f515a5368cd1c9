package dev.steward.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.steward.testsupport.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("The status socket speaks newline-delimited JSON-RPC 2.0")
class StatusServerTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");

  @TempDir
  Path temp;

  private final AtomicInteger pauses = new AtomicInteger();
  private final AtomicInteger resumes = new AtomicInteger();
  private final AtomicInteger reloads = new AtomicInteger();
  private StatusPublisher publisher;
  private Path socket;

  @BeforeEach
  void start() {
    publisher = StatusPublisher.start(StatusOptions.builder(temp.resolve("run"), "default")
        .clock(new MutableClock(T0))
        .idleTimeout(Duration.ofMillis(300))
        .requestLimit(1024)
        .onPause(pauses::incrementAndGet)
        .onResume(resumes::incrementAndGet)
        .onReload(reloads::incrementAndGet)
        .method("echo", params -> params)
        .method("add", params -> {
          if (!params.path("a").isInt() || !params.path("b").isInt()) {
            throw new IllegalArgumentException("give integers a and b");
          }
          return JSON.getNodeFactory().numberNode(params.get("a").intValue() + params.get("b").intValue());
        })
        .method("fail", params -> {
          throw new IllegalStateException("broken on purpose");
        })
        .build());
    publisher.put(StatusItem.of("fwd-web", "forward", "active", "", Map.of("local", "127.0.0.1:8080"), T0));
    socket = publisher.location().socket();
  }

  @AfterEach
  void stop() {
    publisher.close();
  }

  private JsonNode ask(RawSocket client, String line) throws Exception {
    return JSON.readTree(client.send(line + "\n").answer());
  }

  @Test
  void answersStatusWithTheSnapshotAndTheRequestId() throws Exception {
    try (RawSocket client = new RawSocket(socket)) {
      JsonNode answer = ask(client, "{\"jsonrpc\":\"2.0\",\"id\":\"abc\",\"method\":\"status\"}");

      assertThat(answer.get("jsonrpc").asText()).isEqualTo("2.0");
      assertThat(answer.get("id").asText()).isEqualTo("abc");
      assertThat(answer.at("/result/items/0/id").asText()).isEqualTo("fwd-web");
      assertThat(answer.at("/result/pid").asLong()).isEqualTo(ProcessHandle.current().pid());
      assertThat(ask(client, "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"health\"}").at("/result/healthy").asBoolean()).isTrue();
    }
  }

  @Test
  void pauseAndResumeRunTheEmbeddersHooksOnceAndShowInTheStatus() {
    StatusClient client = StatusClient.of(publisher.location());

    assertThat(((java.util.Map<?, ?>) client.call("pause")).get("changed")).isEqualTo(true);
    assertThat(((java.util.Map<?, ?>) client.call("pause")).get("changed")).as("already paused").isEqualTo(false);
    assertThat(pauses).hasValue(1);
    assertThat(publisher.paused()).isTrue();
    assertThat(client.report().snapshot().orElseThrow().paused()).isTrue();

    assertThat(((java.util.Map<?, ?>) client.call("resume")).get("paused")).isEqualTo(false);
    assertThat(resumes).hasValue(1);
    assertThat(client.report().snapshot().orElseThrow().paused()).isFalse();

    assertThat(((java.util.Map<?, ?>) client.call("reload")).get("reloaded")).isEqualTo(true);
    assertThat(reloads).hasValue(1);
  }

  @Test
  void runsTheEmbeddersMethodsWithTheirParams() {
    StatusClient client = StatusClient.of(publisher.location());

    assertThat(client.call("add", java.util.Map.of("a", 2, "b", 3))).isEqualTo(5);
    assertThatThrownBy(() -> client.call("add", java.util.Map.of("a", "x")))
        .isInstanceOfSatisfying(StatusRequestException.class, e -> assertThat(e.code()).isEqualTo(-32602))
        .hasMessageContaining("give integers a and b");
    assertThatThrownBy(() -> client.call("fail"))
        .isInstanceOfSatisfying(StatusRequestException.class, e -> assertThat(e.code()).isEqualTo(-32603))
        .hasMessageContaining("broken on purpose");
  }

  @Test
  void answersEachKindOfBadRequestWithItsErrorAndKeepsServing() throws Exception {
    try (RawSocket client = new RawSocket(socket)) {
      assertError(ask(client, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"nope\"}"), 1, -32601, "Method not found: 'nope'");
      assertError(ask(client, "{not json"), null, -32700, "Parse error");
      assertError(ask(client, "[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"health\"}]"), null, -32600, "batches are not supported");
      assertError(ask(client, "42"), null, -32600, "a request is a JSON object");
      assertError(ask(client, "{\"jsonrpc\":\"1.0\",\"id\":2,\"method\":\"health\"}"), 2, -32600, "\"jsonrpc\" must be \"2.0\"");
      assertError(ask(client, "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":5}"), 3, -32600, "\"method\" must be a string");
      assertError(ask(client, "{\"jsonrpc\":\"2.0\",\"id\":{},\"method\":\"health\"}"), null, -32600, "\"id\" must be");
      assertError(ask(client, "{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"echo\",\"params\":3}"), 4, -32600, "\"params\" must be");

      assertThat(ask(client, "{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"health\"}").at("/result/healthy").asBoolean()).isTrue();
    }
  }

  @Test
  @DisplayName("answers JSON-RPC 2.0 and the simpler shape {method, params} word for word as the README documents them")
  void answersBothRequestShapesWordForWord() throws Exception {
    try (RawSocket client = new RawSocket(socket)) {
      assertThat(client.send("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"add\",\"params\":{\"a\":2,\"b\":3}}\n").answer())
          .isEqualTo("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":5}");
      assertThat(client.send("{\"method\":\"add\",\"params\":{\"a\":2,\"b\":3}}\n").answer()).isEqualTo("{\"result\":5}");
      assertThat(client.send("{\"method\":\"nope\"}\n").answer())
          .isEqualTo("{\"error\":\"Method not found: 'nope'; this instance answers add, echo, fail, health, pause, reload, resume, status\"}");
      assertThat(client.send("{\"method\":\"add\",\"params\":{\"a\":\"x\"}}\n").answer())
          .isEqualTo("{\"error\":\"Invalid params: give integers a and b\"}");
      assertThat(client.send("{\"method\":7}\n").answer()).isEqualTo("{\"error\":\"Invalid request: \\\"method\\\" must be a string\"}");
      assertThat(client.send("{\"method\":\"fail\"}\n").answer()).startsWith("{\"error\":\"The method 'fail' failed: ");
      JsonNode status = ask(client, "{\"method\":\"status\"}");
      assertThat(status.fieldNames()).toIterable().containsExactly("result");
      assertThat(status.at("/result/items/0/id").asText()).isEqualTo("fwd-web");
      assertThat(ask(client, "{\"method\":\"pause\",\"params\":{}}").has("result")).isTrue();
      assertThat(pauses).hasValue(1);
    }
  }

  @Test
  void answersNothingToANotificationButDoesIt() throws Exception {
    try (RawSocket client = new RawSocket(socket)) {
      client.send("{\"jsonrpc\":\"2.0\",\"method\":\"pause\"}\n\n");

      JsonNode next = ask(client, "{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"health\"}");
      assertThat(next.get("id").asInt()).as("the first answer is to the request, not the notification").isEqualTo(9);
      assertThat(next.at("/result/paused").asBoolean()).isTrue();
    }
  }

  @Test
  void refusesAnOversizedRequestAndCloses() throws Exception {
    try (RawSocket client = new RawSocket(socket)) {
      client.send("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"echo\",\"params\":{\"x\":\"" + "y".repeat(5000) + "\"}}\n");

      assertError(JSON.readTree(client.answer()), null, -32600, "at most 1024 bytes");
      assertThat(client.readLine(Duration.ofSeconds(30))).as("then the server closes").isEmpty();
    }
    assertThat(((java.util.Map<?, ?>) StatusClient.of(publisher.location()).call("health")).get("healthy")).isEqualTo(true);
  }

  @Test
  void tellsAClientThatSendsNothingThatItTimedOutAndCloses() throws Exception {
    try (RawSocket silent = new RawSocket(socket); RawSocket halfway = new RawSocket(socket)) {
      halfway.send("{\"jsonrpc\":\"2.0\",\"id\":1,");

      assertError(JSON.readTree(silent.answer()), null, -32000, "Idle timeout");
      assertThat(silent.readLine(Duration.ofSeconds(30))).isEmpty();
      assertError(JSON.readTree(halfway.answer()), null, -32000, "Idle timeout");
      assertThat(halfway.readLine(Duration.ofSeconds(30))).isEmpty();
    }
  }

  @Test
  void aClientThatDisconnectsMidRequestLeavesOthersServed() throws Exception {
    try (RawSocket leaving = new RawSocket(socket)) {
      leaving.send("{\"jsonrpc\":\"2.0\",\"id\":1,\"meth");
    }
    assertThat(((java.util.Map<?, ?>) StatusClient.of(publisher.location()).call("health")).get("healthy")).isEqualTo(true);
  }

  private static void assertError(JsonNode answer, Integer id, int code, String message) {
    assertThat(answer.get("jsonrpc").asText()).isEqualTo("2.0");
    if (id == null) {
      assertThat(answer.get("id").isNull()).as("id of %s", answer).isTrue();
    } else {
      assertThat(answer.get("id").asInt()).isEqualTo(id);
    }
    assertThat(answer.at("/error/code").asInt()).as("code of %s", answer).isEqualTo(code);
    assertThat(answer.at("/error/message").asText()).contains(message);
    assertThat(answer.has("result")).isFalse();
  }
}
