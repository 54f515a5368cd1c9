package dev.steward.proxmox.simulator.internal.http;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;

/**
 * What to answer: status, reason phrase, a JSON body (empty for none) and how long after the
 * request <em>arrived</em> the answer may leave at the earliest, as pveproxy pads refused logins
 * and delays failed forwarding. The connection's {@code Connection} header is not part of it: the
 * server decides that (every status of 400 or more closes). Immutable.
 */
public record HttpResponse(int status, String reason, byte[] body, Duration delay) {
  public HttpResponse {
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(delay, "delay");
    // A reason phrase is one line of visible text (RFC 9112 4); Perl's die messages end in "\n".
    reason = reason.replaceAll("[\\r\\n]+", " ").strip();
    body = body.clone();
  }

  public static HttpResponse json(int status, String reason, String json) {
    return new HttpResponse(status, reason, json.getBytes(StandardCharsets.UTF_8), Duration.ZERO);
  }

  public static HttpResponse empty(int status, String reason) {
    return new HttpResponse(status, reason, new byte[0], Duration.ZERO);
  }

  /** The same answer, sent no earlier than {@code delay} after the request arrived. */
  public HttpResponse delayedBy(Duration delay) {
    return new HttpResponse(status, reason, body, delay);
  }

  @Override
  public byte[] body() {
    return body.clone();
  }

  public String bodyText() {
    return new String(body, StandardCharsets.UTF_8);
  }

  int bodyLength() {
    return body.length;
  }

  byte[] bodyBytes() {
    return body;
  }
}
