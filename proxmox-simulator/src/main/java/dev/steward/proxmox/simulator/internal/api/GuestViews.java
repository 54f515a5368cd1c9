package dev.steward.proxmox.simulator.internal.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.steward.proxmox.simulator.GuestType;
import dev.steward.proxmox.simulator.Profile;
import dev.steward.proxmox.simulator.internal.model.Guest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;

/**
 * How a guest looks in the answers of qemu-server and pve-container, per release: the list item
 * ({@code /nodes/{n}/qemu}), {@code status/current} and {@code config}. Keys a real server leaves
 * out for a stopped guest ({@code pid}, {@code blockstat}, ...) or for a non-template
 * ({@code template}) are left out here too. Stateless.
 */
final class GuestViews {
  private static final long MIB = 1024L * 1024;
  private static final String[] PRESSURE = {
      "pressurecpusome", "pressurecpufull", "pressureiosome", "pressureiofull", "pressurememorysome", "pressurememoryfull"};

  private GuestViews() {}

  /** An item of {@code GET /nodes/{n}/qemu} or {@code /lxc}; with {@code full}, qemu adds {@code qmpstatus}. */
  static ObjectNode listItem(Guest guest, long now, Profile profile, boolean full) {
    ObjectNode item = Json.object();
    if (guest.type() == GuestType.LXC && profile.lxcVmidIsString()) {
      item.put("vmid", String.valueOf(guest.vmid()));
    } else {
      item.put("vmid", guest.vmid());
    }
    if (guest.type() == GuestType.LXC) {
      item.put("type", "lxc");
    }
    item.put("name", guest.name());
    item.put("status", guest.running() ? "running" : "stopped");
    item.put("cpus", guest.cores());
    item.put("cpu", Json.fraction(guest.cpu()));
    item.put("mem", guest.memUsed());
    item.put("maxmem", guest.maxMemBytes());
    item.put("disk", guest.diskUsed());
    item.put("maxdisk", guest.diskBytes());
    if (guest.type() == GuestType.LXC) {
      item.put("swap", guest.running() ? guest.memUsed() / 20 : 0);
      item.put("maxswap", guest.swapMb() * MIB);
    }
    item.put("diskread", guest.counter(now, 1));
    item.put("diskwrite", guest.counter(now, 2));
    item.put("netin", guest.counter(now, 3));
    item.put("netout", guest.counter(now, 4));
    item.put("uptime", guest.uptime(now));
    if (guest.running()) {
      item.put("pid", guest.pid());
      if (profile.guestsReportPressure()) {
        item.put("memhost", guest.memUsed() + guest.memUsed() / 50);
        for (int i = 0; i < PRESSURE.length; i++) {
          item.put(PRESSURE[i], Json.fraction(Math.floorMod(guest.noise() >>> (i * 5), 30) / 100.0));
        }
      }
      if (full && guest.type() == GuestType.QEMU) {
        item.put("qmpstatus", "running");
      }
    }
    if (guest.template()) {
      item.put("template", 1);
    }
    if (!guest.tags().isEmpty()) {
      item.put("tags", guest.tags());
    }
    return item;
  }

  /** {@code GET .../status/current}: the list item plus HA state and, while a VM runs, its QEMU's view. */
  static ObjectNode current(Guest guest, long now, Profile profile) {
    ObjectNode status = listItem(guest, now, profile, false);
    if (guest.type() == GuestType.LXC && profile.lxcVmidIsString()) {
      status.put("vmid", guest.vmid());
    }
    ObjectNode ha = status.putObject("ha");
    ha.put("managed", 0);
    if (guest.type() == GuestType.LXC) {
      return status;
    }
    status.put("qmpstatus", guest.running() ? "running" : "stopped");
    if (guest.agent()) {
      status.put("agent", 1);
    }
    if (!guest.running()) {
      return status;
    }
    status.put("running-qemu", qemuVersion(profile));
    status.put("running-machine", "pc-i440fx-" + qemuVersion(profile).replaceAll("\\.\\d+$", "") + "+pve0");
    ObjectNode disk = status.putObject("blockstat").putObject("scsi0");
    disk.put("rd_bytes", guest.counter(now, 1));
    disk.put("wr_bytes", guest.counter(now, 2));
    disk.put("rd_operations", guest.counter(now, 1) / 4096);
    disk.put("wr_operations", guest.counter(now, 2) / 4096);
    disk.put("flush_operations", guest.counter(now, 5) / 65536);
    disk.put("idle_time_ns", 1_000_000L + Math.floorMod(guest.noise(), 1_000_000L));
    ObjectNode nic = status.putObject("nics").putObject("tap" + guest.vmid() + "i0");
    nic.put("netin", guest.counter(now, 3));
    nic.put("netout", guest.counter(now, 4));
    ObjectNode balloon = status.putObject("ballooninfo");
    balloon.put("actual", guest.maxMemBytes());
    balloon.put("max_mem", guest.maxMemBytes());
    balloon.put("total_mem", guest.maxMemBytes() - 64 * MIB);
    balloon.put("free_mem", guest.maxMemBytes() - guest.memUsed());
    balloon.put("last_update", now);
    // The one place with real JSON booleans.
    ObjectNode support = status.putObject("proxmox-support");
    support.put("pbs-dirty-bitmap", true);
    support.put("pbs-dirty-bitmap-migration", true);
    support.put("pbs-dirty-bitmap-savevm", true);
    support.put("query-bitmap-info", true);
    support.put("pbs-masterkey", true);
    support.put("backup-fleecing", profile.major() >= 8);
    support.put("pbs-library-version", "1.4.1 (UNKNOWN)");
    return status;
  }

  /** {@code GET .../config}: the guest's config with pending changes applied, plus {@code digest}. */
  static ObjectNode config(Guest guest, Profile profile) {
    ObjectNode config = Json.object();
    String mac = mac(guest);
    String size = guest.diskBytes() / (1024 * MIB) + "G";
    if (guest.type() == GuestType.QEMU) {
      config.put("boot", "order=scsi0;net0");
      config.put("cores", guest.cores());
      config.put("cpu", "x86-64-v2-AES");
      if (profile.qemuMemoryIsString()) {
        config.put("memory", String.valueOf(guest.memoryMb()));
      } else {
        config.put("memory", guest.memoryMb());
      }
      if (profile.major() >= 8) {
        config.put("meta", "creation-qemu=" + qemuVersion(profile) + ",ctime=" + guest.startedEpoch());
      }
      config.put("name", guest.name());
      config.put("net0", "virtio=" + mac + ",bridge=vmbr0,firewall=1");
      config.put("numa", 0);
      config.put("ostype", guest.ostype());
      config.put("scsi0", guest.diskStorage() + ":vm-" + guest.vmid() + "-disk-0,iothread=1,size=" + size);
      config.put("scsihw", "virtio-scsi-single");
      config.put("smbios1", "uuid=" + uuid(guest, 1));
      config.put("sockets", 1);
      config.put("vmgenid", uuid(guest, 2).toString());
      if (guest.agent()) {
        config.put("agent", "1");
      }
    } else {
      config.put("arch", "amd64");
      config.put("cores", guest.cores());
      config.put("features", "nesting=1");
      config.put("hostname", guest.name());
      config.put("memory", guest.memoryMb());
      config.put("net0", "name=eth0,bridge=vmbr0,firewall=1,hwaddr=" + mac + ",ip=dhcp,type=veth");
      config.put("ostype", guest.ostype());
      config.put("rootfs", guest.diskStorage() + ":vm-" + guest.vmid() + "-disk-0,size=" + size);
      config.put("swap", guest.swapMb());
      config.put("unprivileged", 1);
      if (guest.vmid() % 7 == 0) {
        ArrayNode raw = config.putArray("lxc");
        raw.addArray().add("lxc.cgroup2.devices.allow").add("c 10:200 rwm");
        raw.addArray().add("lxc.mount.entry").add("/dev/net dev/net none bind,create=dir");
      }
    }
    if (!guest.tags().isEmpty()) {
      config.put("tags", guest.tags());
    }
    if (guest.template()) {
      config.put("template", 1);
    }
    for (Map.Entry<String, String> override : guest.configOverrides().entrySet()) {
      config.put(override.getKey(), override.getValue());
    }
    config.put("digest", sha1(Json.write(config)));
    return config;
  }

  private static String qemuVersion(Profile profile) {
    switch (profile) {
      case PVE_7_4:
        return "7.2.10";
      case PVE_8_1:
        return "8.1.5";
      case PVE_8_3:
        return "9.0.2";
      case PVE_8_4:
        return "9.2.0";
      default:
        return "10.1.2";
    }
  }

  // Proxmox's own OUI, BC:24:11, then three bytes of the guest.
  private static String mac(Guest guest) {
    long bits = guest.noise();
    return String.format("BC:24:11:%02X:%02X:%02X", bits & 0xFF, (bits >>> 8) & 0xFF, (bits >>> 16) & 0xFF);
  }

  private static UUID uuid(Guest guest, int salt) {
    return new UUID(guest.noise() ^ salt, guest.vmid() * 0x9E3779B97F4A7C15L + salt);
  }

  static String sha1(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-1 is part of every JDK", e);
    }
  }
}
