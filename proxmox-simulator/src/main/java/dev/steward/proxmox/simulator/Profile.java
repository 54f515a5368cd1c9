package dev.steward.proxmox.simulator;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The Proxmox VE release the simulator answers as, with the value shapes that release has. Each
 * quirk is a method named for what it changes, so a test can say which one it relies on.
 */
public enum Profile {
  /** Debian 11; dashed version, 8-digit repoid, string lxc vmids, int qemu memory. */
  PVE_7_4(7, 4, "7.4-17", "b1f94095", "5.15.158-2-pve"),
  /** The first release with qemu config {@code memory} as a property string; lxc vmids still strings. */
  PVE_8_1(8, 1, "8.1.4", "ec5affc9e41f1d79", "6.5.13-1-pve"),
  /** Int lxc vmids (pve-container 5.0.10); error bodies without {@code message}. */
  PVE_8_3(8, 3, "8.3.5", "dac3aa88bac3f300", "6.8.12-8-pve"),
  /** libpve-http-server-perl 5.2: error bodies carry {@code message}. */
  PVE_8_4(8, 4, "8.4.14", "b502d23c55afcba1", "6.8.12-13-pve"),
  /** Debian 13; {@code memhost} and {@code pressure*} keys, {@code network} items in /cluster/resources. */
  PVE_9_1(9, 1, "9.1.2", "9ba4fb3f51eee7f1", "6.17.2-1-pve");

  private final int major;
  private final int minor;
  private final String version;
  private final String repoid;
  private final String kernel;

  Profile(int major, int minor, String version, String repoid, String kernel) {
    this.major = major;
    this.minor = minor;
    this.version = version;
    this.repoid = repoid;
    this.kernel = kernel;
  }

  /** The profile for a release such as {@code 8.3}, {@code 8.3.5}, {@code PVE_8_3} or {@code 9}. */
  public static Profile of(String release) {
    String wanted = release.strip().toUpperCase(Locale.ROOT).replace("PVE_", "").replace('_', '.');
    for (Profile profile : values()) {
      if (profile.version.equals(wanted) || profile.release().equals(wanted)
          || (String.valueOf(profile.major).equals(wanted) && profile == newestOf(profile.major))) {
        return profile;
      }
    }
    throw new IllegalArgumentException("No simulator profile for Proxmox VE '" + release + "'; known: "
        + Arrays.stream(values()).map(Profile::release).collect(Collectors.joining(", ")));
  }

  private static Profile newestOf(int major) {
    Profile newest = null;
    for (Profile profile : values()) {
      if (profile.major == major) {
        newest = profile;
      }
    }
    return newest;
  }

  /** {@code version} of {@code GET /version}: {@code 7.4-17} on 7.x, dotted {@code 8.3.5} from 8.0. */
  public String version() {
    return version;
  }

  /** {@code release} of {@code GET /version}, for example {@code 8.3}. */
  public String release() {
    return major + "." + minor;
  }

  /** {@code repoid} of {@code GET /version}: 8 hex digits before 8.0, 16 from 8.0. */
  public String repoid() {
    return repoid;
  }

  /** The running kernel, as {@code kversion} and {@code current-kernel} show it. */
  public String kernel() {
    return kernel;
  }

  public int major() {
    return major;
  }

  public int minor() {
    return minor;
  }

  /** Whether this release is {@code major.minor} or later. */
  public boolean atLeast(int wantedMajor, int wantedMinor) {
    return major > wantedMajor || major == wantedMajor && minor >= wantedMinor;
  }

  /** {@code vmid} in {@code GET /nodes/{n}/lxc} is a JSON string before pve-container 5.0.10 (8.2). */
  public boolean lxcVmidIsString() {
    return !atLeast(8, 2);
  }

  /** qemu config {@code memory} is a property string ({@code "2048"}) from qemu-server of 8.1. */
  public boolean qemuMemoryIsString() {
    return atLeast(8, 1);
  }

  /** Error bodies carry {@code message} from libpve-http-server-perl 5.2.0 (8.4). */
  public boolean errorBodiesHaveMessage() {
    return atLeast(8, 4);
  }

  /** {@code boot-info} and {@code current-kernel} in {@code GET /nodes/{n}/status}, from 8.0. */
  public boolean nodeStatusHasBootInfo() {
    return major >= 8;
  }

  /** Running guests report {@code memhost} and six {@code pressure*} numbers, from 9.0. */
  public boolean guestsReportPressure() {
    return major >= 9;
  }

  /** {@code /cluster/resources} lists {@code network} items (a type older clients do not know), from 9.0. */
  public boolean clusterResourcesListNetworks() {
    return major >= 9;
  }

  /** {@code pveversion} of {@code GET /nodes/{n}/status}. */
  public String pveversion() {
    return "pve-manager/" + version + "/" + repoid;
  }
}
