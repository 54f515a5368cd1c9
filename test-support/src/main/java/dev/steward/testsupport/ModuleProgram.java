package dev.steward.testsupport;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A small program compiled as a module named {@code steward.smoke} that requires one Steward
 * module, and run in a JVM of its own on the module path: the check that a module's built jar works
 * for an embedder who uses modules. The module path holds the module's jar from {@code target/}
 * and the entries of this JVM's class path that the caller names (core and the libraries the
 * module needs). Not thread-safe: one per test.
 */
public final class ModuleProgram {
  private static final Pattern JAR = Pattern.compile("[^/]*(?<!-sources|-javadoc|-tests)\\.jar");

  private final List<Path> modules;

  private ModuleProgram(List<Path> modules) {
    this.modules = List.copyOf(modules);
  }

  /**
   * The module path of the jar {@code ARTIFACT-VERSION.jar} in {@code target/} and every class path
   * entry whose path matches {@code classPath} (a regular expression over the whole entry).
   *
   * @throws IllegalStateException when {@code target/} does not hold exactly one such jar (run after {@code package})
   */
  public static ModuleProgram of(String artifact, String classPath) throws IOException {
    List<Path> modules = new ArrayList<>();
    try (Stream<Path> files = Files.list(Path.of("target"))) {
      modules.addAll(files.filter(p -> p.getFileName().toString().startsWith(artifact + "-")
          && JAR.matcher(p.getFileName().toString().substring(artifact.length() + 1)).matches()).collect(Collectors.toList()));
    }
    if (modules.size() != 1) {
      throw new IllegalStateException("Expected one " + artifact + " jar in target/, found " + modules + ": run after package");
    }
    Pattern entries = Pattern.compile(classPath);
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      if (entries.matcher(entry).matches()) {
        modules.add(Path.of(entry));
      }
    }
    return new ModuleProgram(modules);
  }

  /** The jars and folders of the module path, the module's own jar first. */
  public List<Path> modules() {
    return modules;
  }

  /**
   * Compiles {@code module steward.smoke { requires REQUIRED; }} with class {@code smoke.Smoke}
   * of {@code source} (its whole text) into {@code dir}, runs it with {@code args} and returns
   * what it printed, SLF4J's own lines left out.
   *
   * @throws IOException when compiling or running fails, with what the tool printed
   */
  public List<String> run(Path dir, String required, String source, List<String> args) throws IOException, InterruptedException {
    String modulePath = modules.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator));
    Path src = dir.resolve("src");
    Files.createDirectories(src.resolve("smoke"));
    Files.writeString(src.resolve("module-info.java"), "module steward.smoke { requires " + required + "; }\n");
    Files.writeString(src.resolve("smoke/Smoke.java"), source);
    Path classes = dir.resolve("classes");
    String bin = Path.of(System.getProperty("java.home"), "bin").toString();
    exec(List.of(Path.of(bin, "javac").toString(), "-p", modulePath, "-d", classes.toString(), src.resolve("module-info.java").toString(),
        src.resolve("smoke/Smoke.java").toString()));
    List<String> argv = new ArrayList<>(List.of(Path.of(bin, "java").toString(), "-p", modulePath + File.pathSeparator + classes,
        "-m", "steward.smoke/smoke.Smoke"));
    argv.addAll(args);
    return exec(argv).lines().filter(l -> !l.startsWith("SLF4J")).toList();
  }

  private static String exec(List<String> argv) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IOException(String.join(" ", argv) + " failed: " + out);
    }
    return out;
  }
}
