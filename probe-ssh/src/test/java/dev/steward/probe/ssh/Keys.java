package dev.steward.probe.ssh;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Real OpenSSH key files, made by the real ssh-keygen. */
final class Keys {
  private Keys() {}

  /** Makes {@code dir/name} (and {@code .pub}) of {@code type} (ed25519, ecdsa, rsa), encrypted when a passphrase is given. */
  static Path generate(Path dir, String name, String type, String passphrase) throws IOException, InterruptedException {
    Path key = dir.resolve(name);
    List<String> argv = new ArrayList<>(List.of("ssh-keygen", "-q", "-t", type, "-N", passphrase, "-C", name, "-f", key.toString()));
    if (type.equals("rsa")) {
      argv.addAll(List.of("-b", "2048"));
    }
    run(argv);
    return key;
  }

  /** Lets {@code key} log into servers that read {@code authorizedKeys}. */
  static void authorize(Path key, Path authorizedKeys) throws IOException {
    Files.writeString(authorizedKeys, Files.readString(Path.of(key + ".pub")), StandardCharsets.UTF_8,
        StandardOpenOption.CREATE, StandardOpenOption.APPEND);
  }

  static String run(List<String> argv) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IOException(String.join(" ", argv) + " failed: " + out);
    }
    return out;
  }
}
