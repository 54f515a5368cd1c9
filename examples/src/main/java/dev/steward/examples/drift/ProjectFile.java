package dev.steward.examples.drift;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.steward.mount.ProjectConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads project configurations (YAML). Strict, like fleet files: an unknown field, a duplicate key,
 * a wrong type or a bad value is an error that names the line, the field and what to write instead.
 * Relative key and known_hosts paths are read from the file's folder. Thread-safe.
 *
 * <pre>
 * server:
 *   host: 127.0.0.1
 *   port: 2231                    # optional, default 22
 *   user: root                    # optional, default root
 *   identity: /path/to/id_ed25519
 *   known_hosts: /path/to/known_hosts
 *   python: python3               # optional
 *   source_root: /srv/projects    # optional: projects below it that no configuration names are listed
 *   cleanup_dir: /var/lib/steward-drift   # optional
 *   pip_install_options: [--break-system-packages, --no-build-isolation]   # optional
 *   pip_uninstall_options: [--break-system-packages]                        # optional
 * client: laptop                  # optional, default this machine's host name
 * projects:
 *   - name: demo
 *     source: /srv/projects/demo
 *     mounts:
 *       - {source: /srv/projects/demo/etc/demo.yml, target: /etc/demo.yml}
 *     service: demo.service      # optional: what 'drift umount --restart' restarts
 * </pre>
 */
public final class ProjectFile {
  private ProjectFile() {}

  public static ProjectConfig read(Path file) {
    String text;
    try {
      text = Files.readString(file);
    } catch (NoSuchFileException e) {
      throw new ProjectFileException(file, 0, "", "no such file; give the path of a project configuration (YAML)", e);
    } catch (IOException e) {
      throw new ProjectFileException(file, 0, "", "cannot be read: " + e.getMessage(), e);
    }
    return parse(file, text);
  }

  public static ProjectConfig parse(Path file, String text) {
    ObjectMapper mapper = YAMLMapper.builder(new YAMLFactory())
        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
        .build();
    if (text.isBlank()) {
      throw new ProjectFileException(file, 0, "", "the file is empty; it needs 'server:' and 'projects:'", null);
    }
    Document document;
    try {
      document = mapper.readValue(text, Document.class);
    } catch (UnrecognizedPropertyException e) {
      TreeSet<String> known = new TreeSet<>();
      e.getKnownPropertyIds().forEach(id -> known.add(String.valueOf(id)));
      throw error(file, e, "unknown field '" + e.getPropertyName() + "'; the fields here are: " + String.join(", ", known));
    } catch (JsonMappingException e) {
      Throwable cause = e.getCause();
      throw error(file, e, cause instanceof IllegalArgumentException ? cause.getMessage() : e.getOriginalMessage());
    } catch (JsonProcessingException e) {
      throw error(file, e, e.getOriginalMessage());
    }
    if (document == null) {
      throw new ProjectFileException(file, 0, "", "the file is empty; it needs 'server:' and 'projects:'", null);
    }
    return document.toConfig(file);
  }

  private static ProjectFileException error(Path file, JsonProcessingException e, String problem) {
    JsonLocation location = e.getLocation();
    StringBuilder field = new StringBuilder();
    if (e instanceof JsonMappingException m) {
      for (JsonMappingException.Reference reference : m.getPath()) {
        if (reference.getFieldName() != null) {
          field.append(field.length() == 0 ? "" : ".").append(reference.getFieldName());
        } else if (reference.getIndex() >= 0) {
          field.append('[').append(reference.getIndex()).append(']');
        }
      }
    }
    String first = problem == null ? "not valid" : problem.lines().findFirst().orElse("not valid");
    return new ProjectFileException(file, location == null ? 0 : location.getLineNr(), field.toString(), first, e);
  }

  static final class Document {
    @JsonProperty("server")
    ServerEntry server;

    String client;

    @JsonProperty("projects")
    List<ProjectEntry> projects;

    @JsonSetter("client")
    void client(String value) {
      client = ProjectConfig.requireName(value, "client");
    }

    ProjectConfig toConfig(Path file) {
      if (server == null) {
        throw new ProjectFileException(file, 0, "server", "'server' is missing: give host, identity and known_hosts", null);
      }
      if (projects == null) {
        throw new ProjectFileException(file, 0, "projects", "'projects' is missing: list the projects (it may be [])", null);
      }
      ProjectConfig.Server s = server.server(file);
      List<ProjectConfig.Project> list = new ArrayList<>();
      Set<String> names = new HashSet<>();
      Set<String> targets = new HashSet<>();
      for (int i = 0; i < projects.size(); i++) {
        ProjectEntry entry = projects.get(i);
        String at = "projects[" + i + "]";
        if (entry == null || entry.project == null) {
          throw new ProjectFileException(file, entry == null ? 0 : entry.line, at, "each project needs name and source", null);
        }
        ProjectConfig.Project project = entry.project;
        if (!names.add(project.name())) {
          throw new ProjectFileException(file, entry.line, at + ".name", "two projects are named '" + project.name() + "'", null);
        }
        for (ProjectConfig.BindMount mount : project.mounts()) {
          if (!targets.add(mount.target())) {
            throw new ProjectFileException(file, entry.line, at + ".mounts",
                "the target " + mount.target() + " is mounted twice; each target takes one bind mount", null);
          }
          if (!(mount.source() + "/").startsWith(project.source() + "/")) {
            throw new ProjectFileException(file, entry.line, at + ".mounts", "the mount source " + mount.source()
                + " is not in the project's source " + project.source() + "; a project mounts its own files", null);
          }
        }
        list.add(project);
      }
      return new ProjectConfig(s, client == null ? defaultClient() : client, list);
    }
  }

  private static String defaultClient() {
    try {
      String name = InetAddress.getLocalHost().getHostName();
      return ProjectConfig.isValidName(name) ? name : "client";
    } catch (IOException e) {
      return "client";
    }
  }

  static final class ServerEntry {
    String host;
    int port = 22;
    String user = "root";
    String identity;
    String knownHosts;
    String python = "python3";
    String sourceRoot;
    String cleanupDir = "/var/lib/steward-drift";
    List<String> pipInstallOptions = List.of();
    List<String> pipUninstallOptions = List.of();

    @JsonSetter("host")
    void host(String value) {
      if (value == null || !value.matches("[A-Za-z0-9][A-Za-z0-9.-]{0,252}|\\[[0-9A-Fa-f:.]+\\]|[0-9A-Fa-f:]+")) {
        throw new IllegalArgumentException("'" + value + "' is not a host name or IP address");
      }
      host = value;
    }

    @JsonSetter("port")
    void port(int value) {
      if (value < 1 || value > 65535) {
        throw new IllegalArgumentException("a port is a number from 1 to 65535, got " + value);
      }
      port = value;
    }

    @JsonSetter("user")
    void user(String value) {
      if (value == null || !value.matches("[a-z_][a-z0-9_-]{0,31}")) {
        throw new IllegalArgumentException("'" + value + "' is not a user name (lowercase letters, digits, '_' and '-')");
      }
      user = value;
    }

    @JsonSetter("identity")
    void identity(String value) {
      identity = value;
    }

    @JsonSetter("known_hosts")
    void knownHosts(String value) {
      knownHosts = value;
    }

    @JsonSetter("python")
    void python(String value) {
      if (value == null || !value.matches("[A-Za-z0-9_./+-]{1,200}")) {
        throw new IllegalArgumentException("'" + value + "' is not a program name or path");
      }
      python = value;
    }

    @JsonSetter("source_root")
    void sourceRoot(String value) {
      sourceRoot = ProjectConfig.requirePath(value, "source_root");
    }

    @JsonSetter("cleanup_dir")
    void cleanupDir(String value) {
      cleanupDir = ProjectConfig.requirePath(value, "cleanup_dir");
    }

    @JsonSetter("pip_install_options")
    void pipInstallOptions(List<String> value) {
      pipInstallOptions = options(value);
    }

    @JsonSetter("pip_uninstall_options")
    void pipUninstallOptions(List<String> value) {
      pipUninstallOptions = options(value);
    }

    private static List<String> options(List<String> value) {
      for (String option : value) {
        if (option == null || !option.matches("--[a-z][a-z0-9-]*(=[A-Za-z0-9._/:=+-]*)?")) {
          throw new IllegalArgumentException("'" + option + "' is not a pip option such as --no-build-isolation");
        }
      }
      return List.copyOf(value);
    }

    ProjectConfig.Server server(Path file) {
      if (host == null) {
        throw new ProjectFileException(file, 0, "server.host", "'host' is missing: give the server's name or address", null);
      }
      if (identity == null || identity.isBlank()) {
        throw new ProjectFileException(file, 0, "server.identity", "'identity' is missing: give the private key to log in with", null);
      }
      if (knownHosts == null || knownHosts.isBlank()) {
        throw new ProjectFileException(file, 0, "server.known_hosts",
            "'known_hosts' is missing: give the known_hosts file that lists the server's host key", null);
      }
      Path folder = file.toAbsolutePath().getParent();
      return new ProjectConfig.Server(host, port, user, folder.resolve(identity), folder.resolve(knownHosts), python,
          Optional.ofNullable(sourceRoot), cleanupDir, pipInstallOptions, pipUninstallOptions);
    }
  }

  static final class ProjectEntry {
    ProjectConfig.Project project;
    int line;

    @com.fasterxml.jackson.annotation.JsonCreator
    ProjectEntry(@JsonProperty("name") String name, @JsonProperty("source") String source,
        @JsonProperty("mounts") List<MountEntry> mounts, @JsonProperty("service") String service) {
      List<ProjectConfig.BindMount> list = new ArrayList<>();
      if (mounts != null) {
        for (MountEntry mount : mounts) {
          if (mount == null) {
            throw new IllegalArgumentException("an empty mount; each needs source and target");
          }
          list.add(new ProjectConfig.BindMount(mount.source, mount.target));
        }
      }
      if (name == null) {
        throw new IllegalArgumentException("'name' is missing: give the project's name");
      }
      if (source == null) {
        throw new IllegalArgumentException("'source' is missing: give project " + name + "'s source directory on the server");
      }
      this.project = new ProjectConfig.Project(name, source, list, Optional.ofNullable(service));
    }
  }

  static final class MountEntry {
    @JsonProperty("source")
    String source;

    @JsonProperty("target")
    String target;
  }
}
