package dev.steward.mount;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A project configuration as read from its file: the server, this client's name, and the projects
 * with their expected bind mounts. Names and paths are checked so they are safe on a remote shell
 * line, in a resource key and in a file name. Immutable.
 */
public record ProjectConfig(Server server, String client, List<Project> projects) {
  /** Project and client names: letters, digits, '.', '_', '+', '-'; starting with a letter or digit. */
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._+-]{0,63}");
  /** Remote paths: absolute, plain characters only, no '..' segment. */
  private static final Pattern PATH = Pattern.compile("/[A-Za-z0-9._/@+-]{0,1023}");

  public ProjectConfig {
    Objects.requireNonNull(server, "server");
    requireName(client, "client");
    projects = List.copyOf(projects);
  }

  public Optional<Project> project(String name) {
    return projects.stream().filter(p -> p.name().equals(name)).findFirst();
  }

  /** Project name to source path, as the ssh probe's projects setting takes them. */
  public Map<String, String> sourcePaths() {
    Map<String, String> paths = new LinkedHashMap<>();
    projects.forEach(p -> paths.put(p.name(), p.source()));
    return paths;
  }

  /**
   * How to reach the server and what to run there.
   *
   * @param address host name or IP address
   * @param port its SSH port
   * @param user who to log in as (root, or a user who may mount and pip install)
   * @param identity the private key
   * @param knownHosts the known_hosts file that must list the server's key
   * @param python the interpreter whose pip installs the projects
   * @param sourceRoot where projects live on the server; projects below it that no configuration
   *     names are listed as unknown
   * @param cleanupDir where each mounted project's cleanup file lives on the server
   * @param pipInstallOptions extra options of {@code pip install -e}, e.g. {@code --no-build-isolation}
   * @param pipUninstallOptions extra options of {@code pip uninstall}
   */
  public record Server(String address, int port, String user, Path identity, Path knownHosts, String python,
      Optional<String> sourceRoot, String cleanupDir, List<String> pipInstallOptions, List<String> pipUninstallOptions) {
    public Server {
      Objects.requireNonNull(address, "address");
      Objects.requireNonNull(user, "user");
      Objects.requireNonNull(identity, "identity");
      Objects.requireNonNull(knownHosts, "knownHosts");
      Objects.requireNonNull(python, "python");
      Objects.requireNonNull(sourceRoot, "sourceRoot");
      Objects.requireNonNull(cleanupDir, "cleanupDir");
      pipInstallOptions = List.copyOf(pipInstallOptions);
      pipUninstallOptions = List.copyOf(pipUninstallOptions);
    }

    /** The host as resource keys and the transport name it: {@code address} or {@code address:port}. */
    public String host() {
      return port == 22 ? address : address + ":" + port;
    }
  }

  /**
   * A project: its source directory on the server, the bind mounts it expects, and the systemd
   * service that serves it, if any ({@code drift umount --restart} restarts it).
   */
  public record Project(String name, String source, List<BindMount> mounts, Optional<String> service) {
    private static final java.util.regex.Pattern UNIT = java.util.regex.Pattern.compile("[A-Za-z0-9][A-Za-z0-9:_.@-]{0,254}");

    public Project {
      requireName(name, "project name");
      requirePath(source, "source of project " + name);
      mounts = List.copyOf(mounts);
      Objects.requireNonNull(service, "service");
      service.ifPresent(unit -> {
        if (!UNIT.matcher(unit).matches()) {
          throw new IllegalArgumentException("the service '" + unit + "' of project " + name + " is not a systemd unit name:"
              + " use letters, digits and : _ . @ -, e.g. demo.service");
        }
      });
    }

    /** A project served by no service of its own. */
    public Project(String name, String source, List<BindMount> mounts) {
      this(name, source, mounts, Optional.empty());
    }
  }

  /** {@code source} (in the project) bound onto {@code target}. */
  public record BindMount(String source, String target) {
    public BindMount {
      requirePath(source, "mount source");
      requirePath(target, "mount target");
    }
  }

  /** Whether {@code name} may name a project or a client. */
  public static boolean isValidName(String name) {
    return name != null && NAME.matcher(name).matches();
  }

  /**
   * {@code name}, when it may name a project or a client.
   *
   * @throws IllegalArgumentException saying what is allowed, when it may not
   */
  public static String requireName(String name, String what) {
    if (!isValidName(name)) {
      throw new IllegalArgumentException("the " + what + " '" + name + "' is not valid: use letters, digits, '.', '_', '+' and '-',"
          + " starting with a letter or digit, at most 64 characters");
    }
    return name;
  }

  /**
   * {@code path}, when it is safe as a remote path: absolute, plain characters, no '.' or '..'.
   *
   * @throws IllegalArgumentException saying what is allowed, when it is not
   */
  public static String requirePath(String path, String what) {
    if (path == null || !PATH.matcher(path).matches() || path.equals("/") || path.endsWith("/")
        || ("/" + path + "/").contains("/../") || ("/" + path + "/").contains("/./") || path.contains("//")) {
      throw new IllegalArgumentException("the " + what + " '" + path + "' is not valid: give an absolute path other than /,"
          + " of letters, digits and ._/@+- only, without '.', '..' or empty segments and without a trailing /");
    }
    return path;
  }
}
