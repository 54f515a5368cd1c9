package dev.steward.proxmox;

import java.util.Optional;

/**
 * 595, 596, 597 or 599: pveproxy forwards calls for {@code /nodes/<other>/...} to that node and
 * could not reach it (595: connecting failed; 596: TLS or the request timed out, after up to 30 s;
 * 597: the answer broke off; 599: a reused forwarding connection was closed). Transient; the
 * cluster views ({@code /cluster/resources}) still answer for that node.
 */
public final class NodeUnreachableException extends ProxmoxException {
  private static final long serialVersionUID = 1L;
  private final String node;

  public NodeUnreachableException(String request, int status, Optional<String> node, String message) {
    super(Kind.NODE_UNREACHABLE, request, status, message, null);
    this.node = node.orElse(null);
  }

  /** The node the call was for, when the path names one. */
  public Optional<String> node() {
    return Optional.ofNullable(node);
  }
}
