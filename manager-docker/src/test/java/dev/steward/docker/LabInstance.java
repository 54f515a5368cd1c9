package dev.steward.docker;

import dev.steward.ProcessManager;
import dev.steward.Transport;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One test's Steward instance on the lab's Docker engine ({@link LabDocker}), for {@code
 * @RegisterExtension}: a fresh instance name, the local transport, a tag of the lab's image of its
 * own (an upgrade's new image), and the managers the test makes. After each test the managers are
 * closed, and every container of the instance and the tag are removed.
 */
final class LabInstance implements BeforeEachCallback, AfterEachCallback {
  private final String prefix;
  private final List<ProcessManager> managers = new ArrayList<>();
  private String name;
  private String newTag;
  private Transport local;

  LabInstance(String prefix) {
    this.prefix = prefix;
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    name = LabDocker.uniqueInstance(prefix);
    local = LabDocker.localTransport();
    String image = LabDocker.image();
    newTag = image.substring(0, image.lastIndexOf(':')) + ":" + name;
    LabDocker.docker("tag", image, newTag).requireSuccess();
  }

  @Override
  public void afterEach(ExtensionContext context) {
    managers.forEach(ProcessManager::close);
    managers.clear();
    LabDocker.removeContainersOf(name);
    LabDocker.docker("image", "rm", newTag);
    local.close();
  }

  /** The instance's name. */
  String name() {
    return name;
  }

  /** The lab's image under a tag of this test's own: what an upgrade moves to. */
  String newTag() {
    return newTag;
  }

  /** The local transport. */
  Transport local() {
    return local;
  }

  /** A manager of the instance through {@code transport}, closed after the test. */
  ProcessManager manager(Transport transport) {
    ProcessManager made = LabDocker.manager(name, transport, s -> s);
    managers.add(made);
    return made;
  }
}
