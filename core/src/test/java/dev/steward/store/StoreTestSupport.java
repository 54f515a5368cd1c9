package dev.steward.store;

import dev.steward.Settings;
import dev.steward.internal.store.file.FileOps;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** Opening stores on test directories, copying and reading their files. */
final class StoreTestSupport {
  static final long NEVER_COMPACT = 1L << 40;

  private StoreTestSupport() {}

  static Settings settings(Path dir, long compactAfter) {
    return Settings.builder()
        .set(FileStoreSettings.DIRECTORY, dir)
        .set(FileStoreSettings.COMPACT_AFTER, compactAfter)
        .build();
  }

  static FileStateStore open(Path dir) {
    return FileStateStore.open(settings(dir, NEVER_COMPACT));
  }

  static FileStateStore open(Path dir, long compactAfter) {
    return FileStateStore.open(settings(dir, compactAfter));
  }

  static FileStateStore open(Path dir, long compactAfter, FileOps ops) {
    return FileStateStore.open(settings(dir, compactAfter), ops);
  }

  /**
   * Every state file of {@code dir} (the lock file aside, it holds the last writer's pid) by name,
   * with its size and SHA-256, so two calls compare the bytes and a failure stays readable.
   */
  static Map<String, String> contents(Path dir) throws IOException {
    Map<String, String> files = new TreeMap<>();
    try (Stream<Path> list = Files.list(dir)) {
      for (Path file : (Iterable<Path>) list::iterator) {
        if (Files.isRegularFile(file) && !file.getFileName().toString().equals("lock")) {
          byte[] bytes = Files.readAllBytes(file);
          try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes);
            files.put(file.getFileName().toString(), bytes.length + " bytes, sha256 " + HexFormat.of().formatHex(digest));
          } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
          }
        }
      }
    }
    return files;
  }

  /**
   * Makes {@code to} hold exactly the state files of {@code from}. The lock file is left alone: this
   * JVM keeps it open for good, so it must not be replaced under it.
   */
  static void copyStateFiles(Path from, Path to) throws IOException {
    Files.createDirectories(to);
    try (Stream<Path> list = Files.list(to)) {
      for (Path file : (Iterable<Path>) list::iterator) {
        if (!file.getFileName().toString().equals("lock")) {
          Files.delete(file);
        }
      }
    }
    try (Stream<Path> list = Files.list(from)) {
      for (Path file : (Iterable<Path>) list::iterator) {
        if (!file.getFileName().toString().equals("lock")) {
          Files.copy(file, to.resolve(file.getFileName()), java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
        }
      }
    }
  }

  /** What the store logged to standard error (slf4j-simple) while {@code action} ran. */
  static String stderrOf(Runnable action) {
    PrintStream original = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      action.run();
    } finally {
      System.setErr(original);
    }
    String text = captured.toString(StandardCharsets.UTF_8);
    original.print(text);
    return text;
  }
}
