package dev.steward.testkit;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * Builds provider jars at test time, the way a third party would: Java sources compiled against
 * Steward on the current class path and packed with their {@code META-INF/services} entries. Used
 * to prove that a jar built outside this repository is discovered and selectable by id.
 * Thread-safe (each call works in its own folders).
 */
public final class ProviderJars {
  private ProviderJars() {}

  /**
   * Compiles {@code sources} and writes a jar.
   *
   * @param dir the folder to write the jar into (created if missing)
   * @param jarName the jar's file name, e.g. {@code acme-selector.jar}
   * @param sources fully qualified class name to Java source text
   * @param services provider interface name to the implementation class names to register
   * @return the jar's path
   * @throws IllegalStateException with the compiler's output when the sources do not compile
   */
  public static Path build(Path dir, String jarName, Map<String, String> sources, Map<String, List<String>> services) {
    JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
    if (compiler == null) {
      throw new IllegalStateException("No Java compiler in this runtime: run the tests on a JDK, not a JRE");
    }
    try {
      Files.createDirectories(dir);
      Path work = Files.createTempDirectory(dir, "provider-src");
      Path classes = Files.createDirectories(work.resolve("classes"));
      List<String> args = new ArrayList<>(List.of("--release", "17", "-proc:none", "-d", classes.toString(),
          "-classpath", System.getProperty("java.class.path")));
      for (Map.Entry<String, String> source : sources.entrySet()) {
        Path file = work.resolve("src").resolve(source.getKey().replace('.', '/') + ".java");
        Files.createDirectories(file.getParent());
        Files.writeString(file, source.getValue());
        args.add(file.toString());
      }
      java.io.ByteArrayOutputStream errors = new java.io.ByteArrayOutputStream();
      int status = compiler.run(null, errors, errors, args.toArray(String[]::new));
      if (status != 0) {
        throw new IllegalStateException("Test provider sources did not compile:\n" + errors.toString(StandardCharsets.UTF_8));
      }
      Path jar = dir.resolve(jarName);
      Manifest manifest = new Manifest();
      manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
      try (OutputStream out = Files.newOutputStream(jar); JarOutputStream zip = new JarOutputStream(out, manifest)) {
        try (Stream<Path> files = Files.walk(classes)) {
          for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile).sorted()::iterator) {
            zip.putNextEntry(new JarEntry(classes.relativize(file).toString().replace('\\', '/')));
            zip.write(Files.readAllBytes(file));
            zip.closeEntry();
          }
        }
        for (Map.Entry<String, List<String>> service : services.entrySet()) {
          zip.putNextEntry(new JarEntry("META-INF/services/" + service.getKey()));
          zip.write((String.join("\n", service.getValue()) + "\n").getBytes(StandardCharsets.UTF_8));
          zip.closeEntry();
        }
      }
      return jar;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A jar holding one {@code NodeSelectorProvider} with {@code id}, class {@code className}, whose
   * selector removes candidates in the order given. The smallest complete third-party plugin.
   */
  public static Path nodeSelector(Path dir, String jarName, String className, String id) {
    int dot = className.lastIndexOf('.');
    String pkg = className.substring(0, dot);
    String simple = className.substring(dot + 1);
    String source = "package " + pkg + ";\n"
        + "public final class " + simple + " implements dev.steward.spi.NodeSelectorProvider {\n"
        + "  public String id() { return \"" + id + "\"; }\n"
        + "  public String description() { return \"test plugin built at test time\"; }\n"
        + "  public dev.steward.NodeSelector create(dev.steward.spi.ProviderContext context) {\n"
        + "    return (candidates, count) -> java.util.List.copyOf(candidates.subList(0, Math.min(count, candidates.size())));\n"
        + "  }\n"
        + "}\n";
    return build(dir, jarName, Map.of(className, source),
        Map.of("dev.steward.spi.NodeSelectorProvider", List.of(className)));
  }
}
