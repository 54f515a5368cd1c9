package dev.steward.proxmox.simulator.internal.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.steward.proxmox.simulator.NodeOutage;
import dev.steward.proxmox.simulator.Profile;
import dev.steward.proxmox.simulator.internal.auth.Accounts;
import dev.steward.proxmox.simulator.internal.auth.Authenticator;
import dev.steward.proxmox.simulator.internal.auth.Principal;
import dev.steward.proxmox.simulator.internal.auth.Tickets;
import dev.steward.proxmox.simulator.internal.http.FormData;
import dev.steward.proxmox.simulator.internal.http.HttpRequest;
import dev.steward.proxmox.simulator.internal.http.HttpResponse;
import dev.steward.proxmox.simulator.internal.http.RequestHandler;
import dev.steward.proxmox.simulator.internal.model.Cluster;
import dev.steward.proxmox.simulator.internal.model.ClusterState;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The request path of pveproxy, in its order:
 * <ol>
 *   <li>a method other than GET, POST, PUT and DELETE: 501, empty body;
 *   <li>{@code /access/ticket}: the login, without auth;
 *   <li>the auth step: 401 with an empty body after the auth delay;
 *   <li>the method for the path: 501 when there is none (a GET of a directory is its index);
 *   <li>forwarding to the path's node: 500 for a node the cluster does not know, 595/596 with
 *       an empty body after a delay for one that is down;
 *   <li>parameters (path parts included): 400 with {@code errors};
 *   <li>the handler: 403 for a missing privilege, 400/500 for its own errors, else 200.
 * </ol>
 * Thread-safe.
 */
public final class ApiService implements RequestHandler {
  private static final String PREFIX = "/api2/json";
  private static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "DELETE");
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final Cluster cluster;
  private final Profile profile;
  private final Authenticator authenticator;
  private final LoginEndpoint login;
  private final Delays delays;
  private final Router router = new Router();

  public ApiService(Cluster cluster, Profile profile, Supplier<String> fingerprint, Accounts accounts, Tickets tickets, Delays delays) {
    this.cluster = cluster;
    this.profile = profile;
    this.delays = delays;
    this.authenticator = new Authenticator(accounts, tickets);
    this.login = new LoginEndpoint(accounts, tickets, profile, cluster.shape().clusterName(), delays.auth());
    ApiContext context = new ApiContext(cluster, profile, fingerprint);
    new ClusterEndpoints(context).register(router);
    new NodeEndpoints(context).register(router);
    new StorageEndpoints(context).register(router);
    new TaskEndpoints(context).register(router);
  }

  @Override
  public HttpResponse handle(HttpRequest request) {
    String method = request.method();
    if (!METHODS.contains(method)) {
      return HttpResponse.empty(501, "method '" + method + "' not available");
    }
    if (!request.path().equals(PREFIX) && !request.path().startsWith(PREFIX + "/")) {
      return notImplemented(method, request.path());
    }
    String path = request.path().substring(PREFIX.length());
    try {
      if (path.replaceAll("/+$", "").equals("/access/ticket")) {
        return ticket(request, method, path);
      }
      Authenticator.Result auth = authenticator.authenticate(request);
      if (auth.failure().isPresent()) {
        return HttpResponse.empty(401, auth.failure().get().reason()).delayedBy(delays.auth());
      }
      return route(request, method, path, auth.principal().orElseThrow());
    } catch (ApiException e) {
      return Envelope.error(profile, e);
    }
  }

  // No auth here: this is where a client gets its ticket. GET answers null, as PVE's dummy does.
  private HttpResponse ticket(HttpRequest request, String method, String path) {
    switch (method) {
      case "POST":
        return login.login(fields(request));
      case "GET":
        return Envelope.success(Reply.of(NullNode.getInstance()));
      default:
        return notImplemented(method, path);
    }
  }

  private HttpResponse route(HttpRequest request, String method, String path, Principal principal) {
    Optional<Router.Match> match = router.match(method, path);
    ParamSchema schema;
    Map<String, String> variables;
    Endpoint endpoint;
    if (match.isPresent()) {
      schema = match.get().route().schema();
      variables = match.get().variables();
      endpoint = match.get().route().endpoint();
    } else {
      Optional<Router.Index> index = method.equals("GET") ? router.index(path) : Optional.empty();
      if (index.isEmpty()) {
        return notImplemented(method, path);
      }
      schema = index.get().schema();
      variables = index.get().variables();
      endpoint = call -> indexOf(index.get().children());
    }
    ClusterState live = cluster.live();
    Map<String, List<String>> fields = fields(request);
    Optional<String> node = Optional.ofNullable(variables.get("node"));
    if (node.isPresent()) {
      String resolved = node.get().equals("localhost") ? cluster.entryNode() : node.get();
      if (live.node(resolved).isEmpty()) {
        throw new ApiException(500, "hostname lookup '" + resolved + "' failed - failed to get address info for: "
            + resolved + ": Name or service not known");
      }
      NodeOutage outage = live.outages().get(resolved);
      if (outage != null && !resolved.equals(cluster.entryNode())) {
        return HttpResponse.empty(outage.status(), outage.reason()).delayedBy(delays.of(outage));
      }
      variables = new LinkedHashMap<>(variables);
      variables.put("node", resolved);
    }
    variables.forEach((name, value) -> fields.put(name, List.of(value)));
    Params params = schema.validate(fields);
    return Envelope.success(endpoint.handle(new Call(principal, params, live)));
  }

  private static Reply indexOf(List<String> children) {
    ArrayNode items = Json.array();
    children.forEach(child -> items.addObject().put("subdir", child));
    return Reply.of(items);
  }

  private HttpResponse notImplemented(String method, String path) {
    return Envelope.error(profile, 501, "Method '" + method + " " + path + "' not implemented", Map.of());
  }

  /** The query's fields, and for a write the body's (a form or a JSON object) after them. */
  private static Map<String, List<String>> fields(HttpRequest request) {
    Map<String, List<String>> fields = new LinkedHashMap<>(FormData.parse(request.rawQuery()));
    if (request.method().equals("GET") || request.body().length == 0) {
      return fields;
    }
    String type = request.header("Content-Type").orElse("").toLowerCase(Locale.ROOT);
    if (type.startsWith("application/json")) {
      try {
        JsonNode json = MAPPER.readTree(request.bodyText());
        for (Map.Entry<String, JsonNode> field : json.properties()) {
          fields.computeIfAbsent(field.getKey(), k -> new ArrayList<>()).add(field.getValue().asText());
        }
      } catch (IOException e) {
        throw ApiException.parameter("body", "unable to parse JSON body - " + e.getMessage());
      }
      return fields;
    }
    FormData.parse(request.bodyText()).forEach((name, values) -> fields.computeIfAbsent(name, k -> new ArrayList<>()).addAll(values));
    return fields;
  }
}
