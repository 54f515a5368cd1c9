package dev.steward.docker.internal;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The versions {@code docker version} names on a host. Immutable.
 *
 * @param client the docker command's version, e.g. {@code 28.2.2}
 * @param clientApi the API version the command speaks with this daemon (negotiated)
 * @param server the engine's version, e.g. {@code 20.10.24+dfsg1}; empty when the daemon did not answer
 * @param serverApi the engine's newest API version
 */
record DockerVersion(String client, String clientApi, Optional<String> server, Optional<String> serverApi) {
  DockerVersion {
    Objects.requireNonNull(client, "client");
    Objects.requireNonNull(clientApi, "clientApi");
    Objects.requireNonNull(server, "server");
    Objects.requireNonNull(serverApi, "serverApi");
  }

  /**
   * The versions by component, as {@link dev.steward.ProcessManager#versions} hands them out:
   * {@code client}, {@code client-api}, then {@code server} and {@code server-api} when the daemon
   * answered. Unmodifiable.
   */
  Map<String, String> components() {
    Map<String, String> components = new LinkedHashMap<>();
    components.put("client", client);
    components.put("client-api", clientApi);
    server.ifPresent(v -> components.put("server", v));
    serverApi.ifPresent(v -> components.put("server-api", v));
    return Collections.unmodifiableMap(components);
  }

  @Override
  public String toString() {
    return "client " + client + " (API " + clientApi + "), server " + server.orElse("unknown") + " (API " + serverApi.orElse("unknown") + ")";
  }
}
