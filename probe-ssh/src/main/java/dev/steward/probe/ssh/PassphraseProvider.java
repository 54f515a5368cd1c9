package dev.steward.probe.ssh;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Gives the passphrase of an encrypted private key file, e.g. by asking a person or a secret
 * store. Asked at most once per file per connection attempt; an empty answer skips the file.
 * Implementations must be thread-safe: several hosts connect at once.
 */
@FunctionalInterface
public interface PassphraseProvider {
  Optional<String> passphrase(Path identityFile);
}
