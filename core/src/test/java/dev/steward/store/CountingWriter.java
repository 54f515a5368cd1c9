package dev.steward.store;

import dev.steward.ResourceKey;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A child process for {@link FileStateStoreSharingIT}: adds its own attribute to the shared
 * records, one commit per step, and prints {@code DONE}. Args: state directory, compact-after
 * bytes, writer name, steps.
 */
public final class CountingWriter {
  static final List<ResourceKey> KEYS = List.of(ResourceKey.local("node", "shared-1"), ResourceKey.local("node", "shared-2"));

  private CountingWriter() {}

  public static void main(String[] args) {
    String name = args[2];
    int steps = Integer.parseInt(args[3]);
    try (FileStateStore store = StoreTestSupport.open(Path.of(args[0]), Long.parseLong(args[1]))) {
      for (int i = 0; i < steps; i++) {
        store.updateAttributes(KEYS.get(i % KEYS.size()), Map.of(name + "-" + i, "1"));
      }
    }
    System.out.println("DONE");
    System.out.flush();
  }
}
