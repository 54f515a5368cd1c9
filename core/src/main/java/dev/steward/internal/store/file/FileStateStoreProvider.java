package dev.steward.internal.store.file;

import dev.steward.CoreSettings;
import dev.steward.Setting;
import dev.steward.StateStore;
import dev.steward.spi.ProviderContext;
import dev.steward.spi.StateStoreProvider;
import dev.steward.store.FileStateStore;
import dev.steward.store.FileStoreSettings;
import java.util.ArrayList;
import java.util.List;

/** The {@code file} state store: durable, crash-safe, shared safely by several processes. */
public final class FileStateStoreProvider implements StateStoreProvider {
  @Override
  public String id() {
    return "file";
  }

  @Override
  public String description() {
    return "durable JSON snapshot + checksummed journal in a directory (steward.store.dir); survives crashes";
  }

  @Override
  public List<Setting<?>> settings() {
    List<Setting<?>> keys = new ArrayList<>(FileStoreSettings.all());
    keys.add(CoreSettings.HISTORY_LIMIT);
    keys.add(CoreSettings.CHANGE_LIMIT);
    keys.add(CoreSettings.CHANGE_RETENTION);
    return keys;
  }

  @Override
  public StateStore create(ProviderContext context) {
    return FileStateStore.open(context.settings());
  }
}
