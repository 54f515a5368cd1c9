package dev.steward.proxmox.simulator.internal.api;

import dev.steward.proxmox.simulator.internal.http.Percent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Finds the API method for a method and path below {@code /api2/json}. Patterns name their
 * variable parts in braces ({@code /nodes/{node}/qemu/{vmid}/config}); each variable becomes a
 * required parameter of the method's schema, typed by its name. A GET of a path that only leads
 * to methods (such as {@code /nodes/{node}}) is a directory index, as in PVE. Immutable once built.
 */
final class Router {
  private final List<Route> routes = new ArrayList<>();

  record Route(String method, List<String> segments, ParamSchema schema, Endpoint endpoint) {}

  record Match(Route route, Map<String, String> variables) {}

  Router add(String method, String pattern, ParamSchema schema, Endpoint endpoint) {
    List<String> segments = segments(pattern);
    segments.forEach(segment -> declare(schema, segment));
    routes.add(new Route(method, segments, schema, endpoint));
    return this;
  }

  Optional<Match> match(String method, String path) {
    List<String> given = segments(path);
    for (Route route : routes) {
      if (route.method().equals(method) && route.segments().size() == given.size()) {
        Optional<Map<String, String>> variables = bind(route.segments(), given);
        if (variables.isPresent()) {
          return Optional.of(new Match(route, variables.get()));
        }
      }
    }
    return Optional.empty();
  }

  /** The next segments below {@code path} that lead to methods, or empty when none do. */
  Optional<Index> index(String path) {
    List<String> given = segments(path);
    Set<String> children = new LinkedHashSet<>();
    Map<String, String> variables = Map.of();
    for (Route route : routes) {
      if (route.segments().size() > given.size()) {
        Optional<Map<String, String>> bound = bind(route.segments().subList(0, given.size()), given);
        if (bound.isPresent()) {
          children.add(route.segments().get(given.size()));
          variables = bound.get();
        }
      }
    }
    children.removeIf(Router::isVariable);
    return children.isEmpty() ? Optional.empty() : Optional.of(new Index(List.copyOf(children), variables, schemaFor(given)));
  }

  record Index(List<String> children, Map<String, String> variables, ParamSchema schema) {}

  // An index takes no parameters besides its own path variables.
  private ParamSchema schemaFor(List<String> given) {
    ParamSchema schema = ParamSchema.of();
    for (Route route : routes) {
      if (route.segments().size() > given.size() && bind(route.segments().subList(0, given.size()), given).isPresent()) {
        route.segments().subList(0, given.size()).forEach(segment -> declare(schema, segment));
        return schema;
      }
    }
    return schema;
  }

  // A variable's name says its type: node names, vmids and storage ids have formats of their own.
  private static void declare(ParamSchema schema, String segment) {
    if (!isVariable(segment)) {
      return;
    }
    String name = segment.substring(1, segment.length() - 1);
    switch (name) {
      case "node":
        schema.node(name).required(name);
        break;
      case "vmid":
        schema.vmid(name).required(name);
        break;
      case "storage":
        schema.storage(name).required(name);
        break;
      default:
        schema.string(name).required(name);
    }
  }

  private static Optional<Map<String, String>> bind(List<String> pattern, List<String> given) {
    Map<String, String> variables = new LinkedHashMap<>();
    for (int i = 0; i < pattern.size(); i++) {
      String segment = pattern.get(i);
      if (isVariable(segment)) {
        if (given.get(i).isEmpty()) {
          return Optional.empty();
        }
        variables.put(segment.substring(1, segment.length() - 1), given.get(i));
      } else if (!segment.equals(given.get(i))) {
        return Optional.empty();
      }
    }
    return Optional.of(variables);
  }

  private static boolean isVariable(String segment) {
    return segment.startsWith("{") && segment.endsWith("}");
  }

  private static List<String> segments(String path) {
    List<String> segments = new ArrayList<>();
    for (String segment : path.split("/")) {
      if (!segment.isEmpty()) {
        segments.add(Percent.decode(segment));
      }
    }
    return segments;
  }
}
