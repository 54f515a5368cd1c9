package dev.steward.proxmox.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A test client of a simulator on the JDK's HttpClient, trusting exactly the simulator's
 * certificate. Requests take headers as name, value pairs.
 */
final class Api {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final ProxmoxSimulator simulator;
  private final HttpClient client;

  Api(ProxmoxSimulator simulator) {
    this.simulator = simulator;
    this.client = HttpClient.newBuilder().sslContext(Trust.exactly(simulator.certificate()))
        .connectTimeout(Duration.ofSeconds(10)).build();
  }

  /** A GET with the simulator's first token. */
  Answer get(String path) {
    return send("GET", path, "", "Authorization", simulator.tokenHeader().orElseThrow());
  }

  Answer get(String path, String... headers) {
    return send("GET", path, "", headers);
  }

  Answer post(String path, Map<String, String> form, String... headers) {
    String body = form.entrySet().stream()
        .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
    List<String> all = new ArrayList<>(List.of(headers));
    all.add("Content-Type");
    all.add("application/x-www-form-urlencoded");
    return send("POST", path, body, all.toArray(String[]::new));
  }

  Answer send(String method, String path, String body, String... headers) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(simulator.baseUri() + path))
        .timeout(Duration.ofSeconds(60))
        .method(method, body.isEmpty() ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    for (int i = 0; i < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    long started = System.nanoTime();
    try {
      HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
      return new Answer(response.statusCode(), response.headers().map(), response.body(),
          Duration.ofNanos(System.nanoTime() - started));
    } catch (IOException e) {
      throw new UncheckedIOException(method + " " + path + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Logs in as {@code userid}; the login's {@code data}. */
  JsonNode login(String userid, String password) {
    Answer answer = post("/access/ticket", Map.of("username", userid, "password", password));
    if (answer.status() != 200) {
      throw new AssertionError("Login of " + userid + " failed: " + answer);
    }
    return answer.data();
  }

  /** An answer: status, headers by lower-case name, body, and how long it took. */
  record Answer(int status, Map<String, List<String>> headers, String body, Duration elapsed) {
    JsonNode json() {
      try {
        return MAPPER.readTree(body);
      } catch (IOException e) {
        throw new AssertionError("Not JSON: " + body, e);
      }
    }

    JsonNode data() {
      return json().get("data");
    }

    String header(String name) {
      return headers.getOrDefault(name.toLowerCase(Locale.ROOT), List.of("")).get(0);
    }

    @Override
    public String toString() {
      return status + " " + body;
    }
  }
}
