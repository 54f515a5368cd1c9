package dev.steward.testkit.builtin;

import dev.steward.Settings;
import dev.steward.store.FileStoreSettings;
import dev.steward.testkit.contract.LeaderElectionContract;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class FileLeaderElectionContractTest extends LeaderElectionContract {
  @TempDir
  Path dir;

  @Override
  protected String providerId() {
    return "file";
  }

  @Override
  protected String storeId() {
    return "file";
  }

  @Override
  protected Settings.Builder settings() {
    return Settings.builder().set(FileStoreSettings.DIRECTORY, dir.resolve("state"));
  }
}
