package dev.steward.process.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.steward.ResourceKey;
import dev.steward.StewardException;
import dev.steward.spi.support.AtomicFiles;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The manager's directory: per node, a record {@code <kind>.<name>.json}, a log {@code
 * <kind>.<name>.log} and a lock file {@code <kind>.<name>.lock}, all 0600 in a 0700 directory.
 * A record is replaced atomically and forced to disk with its directory, so a crash leaves the old
 * record or the new one, never a torn one. Thread-safe: writes of one node are serialised by the
 * caller's node lock.
 */
public final class NodeRecords {
  private static final Logger LOG = LoggerFactory.getLogger(NodeRecords.class);
  static final int FORMAT = 1;
  /** The record's field for the pid of {@link NodeRecord#identity()}: a name in the file format, not shared with anyone. */
  public static final String PID_FIELD = "pid";
  /** The record's field for the start ticks of {@link NodeRecord#identity()}. */
  public static final String START_TICKS_FIELD = "start_ticks";
  private static final Set<PosixFilePermission> FILE_MODE = PosixFilePermissions.fromString("rw-------");
  private static final Set<PosixFilePermission> DIR_MODE = PosixFilePermissions.fromString("rwx------");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String RECORD = ".json";
  private static final String TMP = ".tmp";

  private final Path dir;

  private NodeRecords(Path dir) {
    this.dir = dir;
  }

  /** Opens {@code dir}, creating it 0700 (and tightening its mode) as needed; removes stale temp files. */
  public static NodeRecords open(Path dir) {
    Path path = dir.toAbsolutePath().normalize();
    try {
      if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
        Files.createDirectories(path.getParent());
        try {
          Files.createDirectory(path, PosixFilePermissions.asFileAttribute(DIR_MODE));
        } catch (FileAlreadyExistsException e) {
          // another process created it first
        }
      }
      if (!Files.isDirectory(path)) {
        throw new StewardException("The process directory " + path + " exists but is not a directory: "
            + "remove it or set steward.process.dir to another path");
      }
      Set<PosixFilePermission> mode = Files.getPosixFilePermissions(path);
      if (!mode.equals(DIR_MODE)) {
        LOG.warn("Process directory {} had mode {}; setting it to rwx------", path, PosixFilePermissions.toString(mode));
        Files.setPosixFilePermissions(path, DIR_MODE);
      }
      NodeRecords records = new NodeRecords(path);
      records.removeStaleTempFiles();
      return records;
    } catch (AccessDeniedException e) {
      throw new StewardException("Cannot open the process directory " + path + ": permission denied on " + e.getFile()
          + ". Run as the user who owns it, or set steward.process.dir to a directory of your own.", e);
    } catch (IOException e) {
      throw new StewardException("Cannot open the process directory " + path + ": " + e, e);
    }
  }

  public Path directory() {
    return dir;
  }

  public Path recordFile(ResourceKey key) {
    return dir.resolve(baseName(key) + RECORD);
  }

  public Path logFile(ResourceKey key) {
    return dir.resolve(baseName(key) + ".log");
  }

  public Path lockFile(ResourceKey key) {
    return dir.resolve(baseName(key) + ".lock");
  }

  /** Creates the log file 0600 if missing, and tightens its mode if it is looser. */
  public Path prepareLog(ResourceKey key) throws IOException {
    Path log = logFile(key);
    ensurePrivateFile(log);
    return log;
  }

  /** Creates {@code file} 0600 if missing; tightens the mode of one that exists. */
  static void ensurePrivateFile(Path file) throws IOException {
    try {
      Files.createFile(file, PosixFilePermissions.asFileAttribute(FILE_MODE));
    } catch (FileAlreadyExistsException e) {
      Set<PosixFilePermission> mode = Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS);
      if (!mode.equals(FILE_MODE)) {
        LOG.warn("{} had mode {}; setting it to rw-------", file, PosixFilePermissions.toString(mode));
        Files.setPosixFilePermissions(file, EnumSet.copyOf(FILE_MODE));
      }
    }
  }

  /**
   * The record of {@code key}, or empty when there is none or it cannot be read (which is logged:
   * the node is then found by its markers, if it runs).
   *
   * @throws StewardException when it was written by a newer Steward
   */
  public Optional<NodeRecord> read(ResourceKey key) {
    return read(recordFile(key));
  }

  /** Every readable record in the directory, of any instance. */
  public List<NodeRecord> readAll() {
    List<NodeRecord> all = new ArrayList<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*" + RECORD)) {
      for (Path file : files) {
        read(file).ifPresent(all::add);
      }
    } catch (IOException e) {
      throw new StewardException("Cannot list the process directory " + dir + ": " + e, e);
    }
    return all;
  }

  private Optional<NodeRecord> read(Path file) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new StewardException("Cannot read the process record " + file + ": " + e, e);
    }
    try {
      return Optional.of(decode(bytes, file));
    } catch (UnreadableRecordException e) {
      LOG.warn("Ignoring the process record {}: {}. The node is found again by its markers if it runs.", file, e.getMessage());
      return Optional.empty();
    }
  }

  /** Writes {@code record} durably over the old one. */
  public void write(NodeRecord record) {
    Path target = recordFile(record.key());
    try {
      AtomicFiles.write(target, encode(record));
    } catch (IOException e) {
      throw new StewardException("Cannot write the process record " + target + " of " + record.key() + ": " + e, e);
    }
  }

  static byte[] encode(NodeRecord r) {
    ObjectNode node = JSON.createObjectNode();
    node.put("format", FORMAT);
    node.put("kind", r.key().kind());
    node.put("name", r.key().name());
    node.put("host", r.key().host());
    node.put("instance", r.instance());
    node.put(PID_FIELD, r.pid());
    node.put(START_TICKS_FIELD, r.startTicks());
    node.put("started_at", r.startedAt().toString());
    ArrayNode command = node.putArray("command");
    r.command().forEach(command::add);
    r.directory().ifPresent(d -> node.put("directory", d.toString()));
    r.port().ifPresent(p -> node.put("port", p));
    r.version().ifPresent(v -> node.put("version", v));
    node.put("log", r.log().toString());
    r.stoppedAt().ifPresent(t -> node.put("stopped_at", t.toString()));
    r.exitCode().ifPresent(c -> node.put("exit_code", c));
    r.failure().ifPresent(f -> node.put("failure", f));
    if (r.adopted()) {
      node.put("adopted", true);
    }
    try {
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(node);
    } catch (IOException e) {
      throw new IllegalStateException("cannot encode a tree of strings and numbers", e);
    }
  }

  /** A record file that is not one: torn by hand, empty, or not JSON. */
  static final class UnreadableRecordException extends Exception {
    private static final long serialVersionUID = 1L;

    UnreadableRecordException(String message) {
      super(message);
    }
  }

  static NodeRecord decode(byte[] bytes, Path file) throws UnreadableRecordException {
    JsonNode node;
    try {
      node = JSON.readTree(bytes);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new UnreadableRecordException("it is not JSON (" + e.getOriginalMessage() + ")");
    } catch (IOException e) {
      throw new UnreadableRecordException("it cannot be read as JSON (" + e.getMessage() + ")");
    }
    if (node == null || !node.isObject()) {
      throw new UnreadableRecordException("it is not a JSON object");
    }
    int format = node.path("format").asInt(-1);
    if (format > FORMAT) {
      throw new StewardException("The process record " + file + " has format " + format
          + ", written by a newer Steward than this one (which reads format " + FORMAT + "): upgrade Steward");
    }
    if (format != FORMAT) {
      throw new UnreadableRecordException("it has no valid 'format'");
    }
    try {
      ResourceKey key = ResourceKey.of(text(node, "kind"), text(node, "name"), text(node, "host"));
      List<String> command = new ArrayList<>();
      JsonNode words = node.path("command");
      if (!words.isArray()) {
        throw new UnreadableRecordException("'command' is not an array");
      }
      for (JsonNode word : words) {
        if (!word.isTextual()) {
          throw new UnreadableRecordException("'command' holds a non-string");
        }
        command.add(word.asText());
      }
      return new NodeRecord(key, text(node, "instance"), number(node, PID_FIELD), number(node, START_TICKS_FIELD),
          Instant.parse(text(node, "started_at")), command,
          optionalText(node, "directory").map(Path::of),
          node.has("port") ? OptionalInt.of((int) number(node, "port")) : OptionalInt.empty(),
          optionalText(node, "version"),
          Path.of(text(node, "log")),
          optionalText(node, "stopped_at").map(Instant::parse),
          node.has("exit_code") ? OptionalInt.of(node.path("exit_code").asInt()) : OptionalInt.empty(),
          optionalText(node, "failure"),
          node.path("adopted").asBoolean(false));
    } catch (IllegalArgumentException | DateTimeParseException e) {
      throw new UnreadableRecordException(e.getMessage());
    }
  }

  private static String text(JsonNode node, String field) throws UnreadableRecordException {
    JsonNode value = node.get(field);
    if (value == null || !value.isTextual()) {
      throw new UnreadableRecordException("'" + field + "' is missing or not a string");
    }
    return value.asText();
  }

  private static Optional<String> optionalText(JsonNode node, String field) throws UnreadableRecordException {
    return node.has(field) ? Optional.of(text(node, field)) : Optional.empty();
  }

  private static long number(JsonNode node, String field) throws UnreadableRecordException {
    JsonNode value = node.get(field);
    if (value == null || !value.canConvertToLong() || !value.isIntegralNumber() || value.asLong() < 0) {
      throw new UnreadableRecordException("'" + field + "' is missing or not a whole number");
    }
    return value.asLong();
  }

  /** {@code <kind>.<name>}: unambiguous, as a kind has no dot; safe, as names are restricted. */
  private static String baseName(ResourceKey key) {
    return key.kind() + "." + key.name();
  }

  /** Temp files of writes cut short by a crash; a minute old, so no writer still needs them. */
  private void removeStaleTempFiles() throws IOException {
    // Compared with the file system's own times, so the real time, not the injected clock.
    FileTime before = FileTime.from(Instant.now().minus(Duration.ofMinutes(1)));
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, ".*" + TMP)) {
      for (Path file : files) {
        if (Files.getLastModifiedTime(file, LinkOption.NOFOLLOW_LINKS).compareTo(before) < 0) {
          LOG.info("Removing {}, left by a write that was interrupted", file);
          Files.deleteIfExists(file);
        }
      }
    }
  }
}
