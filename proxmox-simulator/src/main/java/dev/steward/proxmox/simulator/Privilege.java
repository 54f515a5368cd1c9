package dev.steward.proxmox.simulator;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;

/**
 * The Proxmox VE privileges the simulator checks or reports in a ticket's {@code cap}. Granted on
 * {@code /} and inherited everywhere: the simulator has no finer ACL paths.
 */
public enum Privilege {
  SYS_AUDIT("Sys.Audit", "nodes"),
  SYS_MODIFY("Sys.Modify", "nodes"),
  SYS_POWER_MGMT("Sys.PowerMgmt", "nodes"),
  SYS_CONSOLE("Sys.Console", "nodes"),
  SYS_SYSLOG("Sys.Syslog", "nodes"),
  VM_AUDIT("VM.Audit", "vms"),
  VM_ALLOCATE("VM.Allocate", "vms"),
  VM_CONFIG_MEMORY("VM.Config.Memory", "vms"),
  VM_MIGRATE("VM.Migrate", "vms"),
  VM_POWER_MGMT("VM.PowerMgmt", "vms"),
  VM_CONSOLE("VM.Console", "vms"),
  DATASTORE_AUDIT("Datastore.Audit", "storage"),
  DATASTORE_ALLOCATE("Datastore.Allocate", "storage"),
  DATASTORE_ALLOCATE_SPACE("Datastore.AllocateSpace", "storage"),
  POOL_AUDIT("Pool.Audit", "vms"),
  SDN_AUDIT("SDN.Audit", "sdn"),
  MAPPING_AUDIT("Mapping.Audit", "mapping"),
  USER_MODIFY("User.Modify", "access"),
  PERMISSIONS_MODIFY("Permissions.Modify", "access");

  /** The {@code PVEAuditor} role: everything a read-only discovery client needs. */
  public static final Set<Privilege> AUDITOR = Set.copyOf(EnumSet.of(SYS_AUDIT, VM_AUDIT, DATASTORE_AUDIT, POOL_AUDIT, SDN_AUDIT, MAPPING_AUDIT));
  /** The {@code Administrator} role, as far as the simulator knows privileges. */
  public static final Set<Privilege> ADMINISTRATOR = Set.copyOf(EnumSet.allOf(Privilege.class));

  private final String apiName;
  private final String capGroup;

  Privilege(String apiName, String capGroup) {
    this.apiName = apiName;
    this.capGroup = capGroup;
  }

  /** The name Proxmox uses, for example {@code Sys.Audit}. */
  public String apiName() {
    return apiName;
  }

  /** The group of a login's {@code cap} object it is reported under ({@code nodes}, {@code vms}, ...). */
  public String capGroup() {
    return capGroup;
  }

  /** The privilege named {@code apiName} ({@code Sys.Audit}). */
  public static Privilege of(String apiName) {
    return Arrays.stream(values()).filter(p -> p.apiName.equals(apiName)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("No privilege named '" + apiName + "'"));
  }
}
