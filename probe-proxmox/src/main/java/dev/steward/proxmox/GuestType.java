package dev.steward.proxmox;

import java.util.Optional;

/** A QEMU virtual machine or an LXC container, with the names the API uses for each. */
public enum GuestType {
  QEMU("qemu"),
  LXC("lxc");

  private final String apiName;

  GuestType(String apiName) {
    this.apiName = apiName;
  }

  /** {@code qemu} or {@code lxc}: the path segment ({@code /nodes/{n}/qemu}) and the resource type. */
  public String apiName() {
    return apiName;
  }

  /** The type named {@code apiName}, empty for anything else ({@code openvz}, a future type). */
  public static Optional<GuestType> of(String apiName) {
    for (GuestType type : values()) {
      if (type.apiName.equals(apiName)) {
        return Optional.of(type);
      }
    }
    return Optional.empty();
  }
}
