package dev.steward.status;

import dev.steward.CoreSettings;
import dev.steward.Settings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where one instance's status lives: {@code <dir>/<name>.status.json}, the socket {@code
 * <dir>/<name>.sock} and the lock {@code <dir>/<name>.lock}. For items on a remote host the name is
 * {@code <instance>-<hash>}, a short stable hash of the host, so instances for several hosts never
 * collide and the name stays short enough for a socket path.
 *
 * @param directory the status directory, absolute and normalized
 * @param name the base name of the files
 */
public record StatusLocation(Path directory, String name) {
  /** The most bytes a unix socket path may have on Linux ({@code sun_path} is 108 with the NUL). */
  public static final int MAX_SOCKET_PATH_BYTES = 107;

  /** What binding adds to the directory: {@code /.sXXXXXX/s} (see {@code StatusServer}). */
  private static final int BIND_PATH_EXTRA_BYTES = "/.s000000/s".length();
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@:+-]{0,80}");

  public StatusLocation {
    directory = Objects.requireNonNull(directory, "directory").toAbsolutePath().normalize();
    Objects.requireNonNull(name, "name");
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("Status name '" + name + "' is not valid: use at most 81 letters, digits"
          + " and . _ @ : + -, starting with a letter or digit");
    }
  }

  /** The location of a local instance. */
  public static StatusLocation of(Path directory, String instance) {
    return new StatusLocation(directory, instance);
  }

  /**
   * The location of an instance managing {@code host}; {@code local} (or blank) means this machine.
   * The host is taken in its {@linkplain #canonicalHost canonical form}, so {@code
   * ssh://deploy@web-2:22}, {@code deploy@web-2} and {@code web-2} name the same instance.
   */
  public static StatusLocation of(Path directory, String instance, String host) {
    return new StatusLocation(directory, isLocal(host) ? instance : instance + "-" + hostHash(canonicalHost(host)));
  }

  /**
   * A host as status names hash it: without an {@code ssh://} scheme, a {@code user@} and the
   * default port 22, in lower case; {@code ssh://deploy@Web-2:2222} is {@code web-2:2222}.
   */
  public static String canonicalHost(String host) {
    String h = host.strip();
    if (h.regionMatches(true, 0, "ssh://", 0, 6)) {
      h = h.substring(6);
    }
    if (h.endsWith("/")) {
      h = h.substring(0, h.length() - 1);
    }
    int at = h.lastIndexOf('@');
    if (at >= 0) {
      h = h.substring(at + 1);
    }
    boolean bracketed = h.startsWith("[");
    boolean defaultPort = bracketed ? h.endsWith("]:22") : h.endsWith(":22") && h.indexOf(':') == h.length() - 3;
    if (defaultPort) { // host:22 or [v6]:22; a bare IPv6 address has more than one ':' and no port
      h = h.substring(0, h.length() - 3);
    }
    if (h.startsWith("[") && h.endsWith("]")) {
      h = h.substring(1, h.length() - 1);
    }
    return h.toLowerCase(java.util.Locale.ROOT);
  }

  /** From {@link StatusSettings#DIRECTORY} and {@link CoreSettings#INSTANCE}. */
  public static StatusLocation of(Settings settings) {
    return of(settings.get(StatusSettings.DIRECTORY), settings.get(CoreSettings.INSTANCE));
  }

  static boolean isLocal(String host) {
    return host == null || host.isBlank() || host.equals("local");
  }

  /** The first 10 hex digits of the SHA-256 of the host name in lower case: stable across runs and machines. */
  static String hostHash(String host) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256")
          .digest(host.strip().toLowerCase(java.util.Locale.ROOT).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 5);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
    }
  }

  public Path file() {
    return directory.resolve(name + ".status.json");
  }

  public Path socket() {
    return directory.resolve(name + ".sock");
  }

  public Path lock() {
    return directory.resolve(name + ".lock");
  }

  /**
   * Why the socket path cannot be used, or empty when it can: Linux refuses unix socket paths of
   * more than {@value #MAX_SOCKET_PATH_BYTES} bytes.
   */
  public Optional<String> socketPathProblem() {
    // The socket is first bound at <dir>/.sXXXXXX/s, a private directory, and then renamed: both must fit.
    int bytes = Math.max(socket().toString().getBytes(StandardCharsets.UTF_8).length,
        directory.toString().getBytes(StandardCharsets.UTF_8).length + BIND_PATH_EXTRA_BYTES);
    if (bytes > MAX_SOCKET_PATH_BYTES) {
      return Optional.of("The status socket path " + socket() + " needs " + bytes + " bytes; unix sockets allow at most "
          + MAX_SOCKET_PATH_BYTES + ". Choose a shorter status directory with " + StatusSettings.DIRECTORY.name()
          + " (e.g. $XDG_RUNTIME_DIR/steward) or a shorter instance name.");
    }
    return Optional.empty();
  }
}
