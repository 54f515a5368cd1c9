package dev.steward.proxmox.simulator;

/** The two kinds of guest Proxmox VE runs, named as the API names them ({@code type}). */
public enum GuestType {
  QEMU("qemu", "qemu-server"),
  LXC("lxc", "lxc");

  private final String apiName;
  private final String configDirectory;

  GuestType(String apiName, String configDirectory) {
    this.apiName = apiName;
    this.configDirectory = configDirectory;
  }

  /** {@code qemu} or {@code lxc}, as in paths and {@code type} fields. */
  public String apiName() {
    return apiName;
  }

  /** Where the guest's config lives under {@code /etc/pve/nodes/<node>/}. */
  public String configDirectory() {
    return configDirectory;
  }
}
