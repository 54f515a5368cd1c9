package dev.steward.internal.store;

import dev.steward.CoreSettings;
import dev.steward.StateStore;
import dev.steward.spi.ProviderContext;
import dev.steward.spi.StateStoreProvider;

/** The {@code memory} state store: records last as long as the JVM. */
public final class MemoryStateStoreProvider implements StateStoreProvider {
  @Override
  public String id() {
    return "memory";
  }

  @Override
  public String description() {
    return "keeps records in this JVM only; nothing survives a restart";
  }

  @Override
  public java.util.List<dev.steward.Setting<?>> settings() {
    return java.util.List.of(CoreSettings.HISTORY_LIMIT, CoreSettings.CHANGE_LIMIT, CoreSettings.CHANGE_RETENTION);
  }

  @Override
  public StateStore create(ProviderContext context) {
    return new MemoryStateStore(context.clock(), context.settings().get(CoreSettings.LIFECYCLES),
        context.settings().get(CoreSettings.HISTORY_LIMIT), ChangeFeed.of(context.settings()));
  }
}
