package dev.steward.node;

import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Where a fleet's nodes serve Prometheus metrics, and which of them become attributes of their
 * records, so the node selectors can rank nodes by them ({@code least-records} reads {@code
 * records}, {@code most-shunned} reads {@code shunned}). Node {@code i} serves on {@code basePort + i - 1},
 * on the node's own host: the scrape goes through the host's transport (over SSH, a direct-tcpip
 * channel), so the port need not be open to anyone else.
 *
 * @param basePort the metrics port of node 1
 * @param path the path of the metrics page, e.g. {@code /metrics}
 * @param attributes record attribute to the metric whose value it takes (summed over the metric's
 *     series), e.g. {@code records -> node_records_stored}
 */
public record MetricsSource(int basePort, String path, Map<String, String> attributes) {
  private static final Pattern METRIC = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
  private static final Pattern ATTRIBUTE = Pattern.compile("[a-z][a-z0-9_]{0,40}");

  public MetricsSource {
    if (basePort < 1 || basePort > 65535) {
      throw new IllegalArgumentException("The metrics port " + basePort + " is not a port: use a number from 1 to 65535");
    }
    Objects.requireNonNull(path, "path");
    if (!path.startsWith("/") || path.chars().anyMatch(c -> c <= ' ' || c >= 127)) {
      throw new IllegalArgumentException("The metrics path '" + path + "' must start with / and hold no spaces, e.g. /metrics");
    }
    attributes = Map.copyOf(attributes);
    if (attributes.isEmpty()) {
      throw new IllegalArgumentException("Metrics need at least one attribute to fill, e.g. records: node_records_stored");
    }
    attributes.forEach((attribute, metric) -> {
      if (!ATTRIBUTE.matcher(attribute).matches()) {
        throw new IllegalArgumentException("Attribute name '" + attribute + "' is not valid: use lowercase letters, digits and _");
      }
      if (!METRIC.matcher(metric).matches()) {
        throw new IllegalArgumentException("'" + metric + "' is not a Prometheus metric name (letters, digits, _ and :)");
      }
    });
  }

  /** The metrics port of node {@code index} (from 1). */
  public int port(int index) {
    return basePort + index - 1;
  }
}
