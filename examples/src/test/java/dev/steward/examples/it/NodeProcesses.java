package dev.steward.examples.it;

import dev.steward.ProcessSpec;
import dev.steward.observe.OutputParseException;
import dev.steward.observe.ProcEnviron;
import dev.steward.observe.ProcPidStat;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The real processes of one Steward instance, found in /proc by their environment markers. */
final class NodeProcesses {
  private NodeProcesses() {}

  /** Live (not zombie) processes of {@code instance}: resource marker to pids. */
  static Map<String, List<Long>> of(String instance) {
    Map<String, List<Long>> found = new TreeMap<>();
    try (DirectoryStream<Path> proc = Files.newDirectoryStream(Path.of("/proc"), p -> p.getFileName().toString().chars().allMatch(Character::isDigit))) {
      for (Path dir : proc) {
        try {
          if (ProcPidStat.parse(Files.readString(dir.resolve("stat"), StandardCharsets.ISO_8859_1)).hasExited()) {
            continue;
          }
          String environ = Files.readString(dir.resolve("environ"), StandardCharsets.ISO_8859_1);
          if (ProcEnviron.variable(environ, ProcessSpec.ENV_INSTANCE).filter(instance::equals).isPresent()) {
            ProcEnviron.variable(environ, ProcessSpec.ENV_RESOURCE).ifPresent(resource ->
                found.computeIfAbsent(resource, r -> new ArrayList<>()).add(Long.parseLong(dir.getFileName().toString())));
          }
        } catch (IOException | OutputParseException e) {
          // The process ended while we looked, or is not ours to read.
        }
      }
    } catch (IOException e) {
      throw new AssertionError("Cannot list /proc", e);
    }
    return found;
  }

  /** Kills every process of {@code instance} and waits until they are gone. */
  static void killAll(String instance) {
    long deadline = System.nanoTime() + 20_000_000_000L;
    while (true) {
      Map<String, List<Long>> left = of(instance);
      if (left.isEmpty()) {
        return;
      }
      left.values().forEach(pids -> pids.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly)));
      if (System.nanoTime() > deadline) {
        throw new AssertionError("Processes of instance " + instance + " survive SIGKILL: " + left);
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
