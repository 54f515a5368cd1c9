package dev.steward.docker.internal;

import dev.steward.ProcessSpec;
import dev.steward.ResourceKey;
import dev.steward.observe.OutputParseException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * How one packed node is started in its pack container: its command, environment and working
 * directory (given to {@code docker exec} as arguments and its {@code -w} option, never through a
 * shell), its version, and the hash of all that with its pack's. Immutable and thread-safe.
 *
 * @param key the node
 * @param directory its directory in the container ({@link #directoryOf})
 * @param argv its command and arguments
 * @param environment its variables, Steward's markers among them
 * @param workdir its working directory, when its spec names one
 * @param version the version it runs; empty when its spec names none
 * @param hash what it is started with and in which pack: a node with another hash is started again on an upgrade
 */
record NodeLaunch(ResourceKey key, String directory, List<String> argv, Map<String, String> environment, Optional<String> workdir,
    String version, String hash) {
  /** Names the encoding of {@link #token}. */
  private static final String TOKEN_FORMAT = "steward-launch-1";
  /** Far below the 255 bytes a file name may have. */
  static final int MAX_DIRECTORY = 160;

  NodeLaunch {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(directory, "directory");
    argv = List.copyOf(argv);
    if (argv.isEmpty()) {
      throw new IllegalArgumentException("A packed node needs a command");
    }
    environment = Map.copyOf(new TreeMap<>(environment));
    Objects.requireNonNull(workdir, "workdir");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(hash, "hash");
  }

  /**
   * The node's directory in its pack container: {@code KIND.NAME} (a kind has no dot, so no two
   * nodes share one; a name has no {@code /}), shortened and made unique by a hash when long.
   */
  static String directoryOf(ResourceKey key) {
    String plain = key.kind() + "." + key.name();
    if (plain.length() <= MAX_DIRECTORY) {
      return plain;
    }
    return plain.substring(0, MAX_DIRECTORY - 13) + "-" + ContainerNames.hash(plain);
  }

  /** {@code kind/name}, as the node's directory records it. */
  String resource() {
    return ProcessSpec.resourceMarker(key);
  }

  /** The {@code docker exec} options: {@code -w DIR}, when the node has a working directory. */
  List<String> execOptions() {
    return workdir.map(dir -> List.of("-w", dir)).orElse(List.of());
  }

  /**
   * What the supervisor runs: {@code setsid env NAME=VALUE... ARGV}. {@code setsid} makes the node
   * the leader of a process group of its own (with the same pid: a background child of a shell
   * without job control leads no group, so setsid need not fork), so a stop reaches what the node
   * started too. The variables reach the node alone, not the scripts that start and watch it: a
   * probe that finds nodes by Steward's markers in the processes' environments ({@link
   * ProcessSpec#ENV_RESOURCE}) must see the node, and nothing that outlives it.
   */
  List<String> command() {
    List<String> command = new ArrayList<>(List.of("setsid", "env"));
    new TreeMap<>(environment).forEach((name, value) -> command.add(name + "=" + value));
    command.addAll(argv);
    return command;
  }

  /**
   * What starts the node, as one word of URL-safe base64 that the node's directory keeps, so an
   * upgrade that fails can start the old node again from its directory alone: the format, the
   * working directory, the number of variables, the variables and the arguments, separated by NUL
   * (which none of them can hold).
   */
  String token() {
    List<String> parts = new ArrayList<>(List.of(TOKEN_FORMAT, workdir.orElse(""), Integer.toString(environment.size())));
    new TreeMap<>(environment).forEach((name, value) -> parts.add(name + "=" + value));
    parts.addAll(argv);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(String.join("\0", parts).getBytes(StandardCharsets.UTF_8));
  }

  /**
   * The launch a {@link #token} describes, with what the node's directory recorded beside it.
   *
   * @throws OutputParseException when the token is not one
   */
  static NodeLaunch fromToken(ResourceKey key, String version, String hash, String token) {
    String source = "the launch token of " + key;
    String text;
    try {
      text = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new OutputParseException(source, 0, "expected URL-safe base64", e);
    }
    String[] parts = text.split("\0", -1);
    if (parts.length < 4 || !parts[0].equals(TOKEN_FORMAT) || !parts[2].matches("[0-9]{1,4}")) {
      throw new OutputParseException(source, 0, "expected " + TOKEN_FORMAT + ", a directory, a count, variables and arguments");
    }
    int variables = Integer.parseInt(parts[2]);
    if (parts.length < 3 + variables + 1) {
      throw new OutputParseException(source, 0, "expected " + variables + " variables and a command");
    }
    Map<String, String> environment = new TreeMap<>();
    for (int i = 3; i < 3 + variables; i++) {
      int equals = parts[i].indexOf('=');
      if (equals <= 0) {
        throw new OutputParseException(source, 0, "expected NAME=VALUE for variable " + (i - 2));
      }
      environment.put(parts[i].substring(0, equals), parts[i].substring(equals + 1));
    }
    List<String> argv = List.of(parts).subList(3 + variables, parts.length);
    return new NodeLaunch(key, directoryOf(key), argv, environment, parts[1].isEmpty() ? Optional.empty() : Optional.of(parts[1]),
        version, hash);
  }
}
