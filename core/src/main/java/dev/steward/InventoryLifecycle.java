package dev.steward;

/**
 * The standard lifecycle of a resource Steward only observes and remembers (a Proxmox guest, a
 * storage pool, a task), kept by {@link StateStore#observe}:
 *
 * <pre>
 * PRESENT &lt;-&gt; UNKNOWN   (its host could not be read: not seen, so not gone)
 * PRESENT | UNKNOWN -&gt; REMOVED   (seen gone; the record stays while its change feed remembers it)
 * REMOVED -&gt; PRESENT   (it came back)
 * </pre>
 */
public final class InventoryLifecycle {
  public static final String PRESENT = "PRESENT";
  public static final String UNKNOWN = "UNKNOWN";
  public static final String REMOVED = "REMOVED";

  public static final Lifecycle LIFECYCLE = Lifecycle.builder("inventory")
      .initial(PRESENT)
      .allow(PRESENT, UNKNOWN, REMOVED)
      .allow(UNKNOWN, PRESENT, REMOVED)
      .allow(REMOVED, PRESENT)
      .build();

  private InventoryLifecycle() {}
}
