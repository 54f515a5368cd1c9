package dev.steward;

/**
 * Identifies a managed resource: its kind, its name and the host it lives on.
 *
 * <p>Names are restricted to characters that are safe in a shell word, a file name and a systemd
 * unit name, so a key can reach a remote command without quoting surprises. The host {@value
 * #LOCAL} means this machine.
 *
 * @param kind lowercase kind such as {@code node}, {@code service}, {@code mount}
 * @param name the name within the kind, e.g. {@code web-1}
 * @param host the host name or address, or {@value #LOCAL}
 */
public record ResourceKey(String kind, String name, String host) implements Comparable<ResourceKey> {
  /** The host name that means "this machine". */
  public static final String LOCAL = "local";

  public ResourceKey {
    Names.require(Names.KIND, kind, "Resource kind",
        "use lowercase letters, digits and '-', starting with a letter");
    Names.require(Names.NAME, name, "Resource name",
        "use letters, digits and . _ @ : + -, starting with a letter or digit, at most 255 characters");
    Names.require(Names.HOST, host, "Host",
        "use a host name, an IP address or '" + LOCAL + "'");
  }

  /** A resource on this machine. */
  public static ResourceKey local(String kind, String name) {
    return new ResourceKey(kind, name, LOCAL);
  }

  public static ResourceKey of(String kind, String name, String host) {
    return new ResourceKey(kind, name, host);
  }

  /** Parses the form printed by {@link #toString()}: {@code kind/name@host}. */
  public static ResourceKey parse(String text) {
    int slash = text.indexOf('/');
    int at = text.lastIndexOf('@');
    if (slash <= 0 || at < slash) {
      throw new IllegalArgumentException(
          "'" + Names.printable(text) + "' is not a resource key: write kind/name@host, e.g. node/web-1@local");
    }
    return new ResourceKey(text.substring(0, slash), text.substring(slash + 1, at), text.substring(at + 1));
  }

  public boolean isLocal() {
    return LOCAL.equals(host);
  }

  @Override
  public int compareTo(ResourceKey other) {
    // Written out rather than a comparator chain: plans sort many thousands of keys.
    int byKind = kind.compareTo(other.kind);
    if (byKind != 0) {
      return byKind;
    }
    int byHost = host.compareTo(other.host);
    return byHost != 0 ? byHost : name.compareTo(other.name);
  }

  @Override
  public String toString() {
    return kind + "/" + name + "@" + host;
  }
}
