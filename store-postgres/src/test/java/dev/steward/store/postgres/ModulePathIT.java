package dev.steward.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.testsupport.ModuleProgram;
import dev.steward.testsupport.lab.LabService;
import dev.steward.testsupport.lab.RequiresLab;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built jar works on the module path: a program compiled as a module that requires only
 * {@code dev.steward.store.postgres} runs in a JVM of its own with core, the PostgreSQL driver (an
 * automatic module), Jackson and SLF4J as modules, finds the {@code postgres} store through core's
 * ServiceLoader, and writes a record to the lab's server. Runs after {@code package}, on the jar.
 */
@RequiresLab(LabService.POSTGRES)
class ModulePathIT {
  @RegisterExtension
  final LabPostgres lab = new LabPostgres();
  private final String prefix = lab.prefix();

  @TempDir
  Path dir;

  @Test
  @DisplayName("writes and reads a record from a module-path program, selecting the store by id")
  void runsOnTheModulePath() throws Exception {
    ModuleProgram program = ModuleProgram.of("steward-store-postgres",
        ".*(slf4j-api|jackson-(core|databind|annotations)|postgresql)-[^/]*\\.jar|.*steward-core-[^/]*\\.jar|.*core/target/classes");

    List<String> out = program.run(dir, "dev.steward.store.postgres", String.join("\n",
        "package smoke;",
        "import dev.steward.*;",
        "import dev.steward.discovery.*;",
        "import java.util.Optional;",
        "public class Smoke {",
        "  public static void main(String[] a) {",
        "    Settings s = Settings.builder().set(\"steward.state-store\", \"postgres\").set(\"steward.postgres.url\", a[0])",
        "        .set(\"steward.postgres.user\", a[1]).set(\"steward.postgres.password-file\", a[2])",
        "        .set(\"steward.postgres.table-prefix\", a[3]).build();",
        "    try (StateStore store = ProviderRegistry.discover().create(ExtensionPoint.STATE_STORE, s)) {",
        "      ResourceRecord r = store.create(ResourceKey.local(\"node\", \"smoke\"), \"node\", Optional.empty(), \"from a module\");",
        "      System.out.print(store.getClass().getModule().getName() + \": \" + store.get(r.key()).reason());",
        "    }",
        "  }",
        "}", ""), List.of(lab.url(), lab.user(), lab.passwordFile().toString(), prefix));

    assertThat(out).containsExactly("dev.steward.store.postgres: from a module");
  }
}
