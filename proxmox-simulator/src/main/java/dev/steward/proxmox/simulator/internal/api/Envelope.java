package dev.steward.proxmox.simulator.internal.api;

import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.steward.proxmox.simulator.Profile;
import dev.steward.proxmox.simulator.internal.http.HttpResponse;
import java.util.Map;

/**
 * pve-http-server's standard JSON formatter ({@code Formatter/Standard.pm prepare_response_data}):
 * {@code {"data": ...}} with {@code total} when set and not 0; errors as {@code {"data": null}} with
 * {@code errors} for parameters and, from libpve-http-server-perl 5.2.0, {@code message}; the
 * message is the reason phrase either way. Stateless.
 */
final class Envelope {
  private Envelope() {}

  static HttpResponse success(Reply reply) {
    ObjectNode body = Json.object();
    body.set("data", reply.data());
    reply.total().ifPresent(total -> {
      if (total != 0) {
        body.put("total", total);
      }
    });
    return HttpResponse.json(200, "OK", Json.write(body));
  }

  static HttpResponse error(Profile profile, int status, String message, Map<String, String> errors) {
    ObjectNode body = Json.object();
    body.set("data", NullNode.getInstance());
    if (!errors.isEmpty()) {
      ObjectNode fields = body.putObject("errors");
      errors.forEach(fields::put);
    }
    if (profile.errorBodiesHaveMessage()) {
      body.put("message", message + "\n");
    }
    return HttpResponse.json(status, message, Json.write(body));
  }

  static HttpResponse error(Profile profile, ApiException e) {
    return error(profile, e.status(), e.getMessage(), e.errors());
  }
}
