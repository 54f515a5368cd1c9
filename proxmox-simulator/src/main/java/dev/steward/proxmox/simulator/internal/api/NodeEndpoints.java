package dev.steward.proxmox.simulator.internal.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.steward.proxmox.simulator.GuestType;
import dev.steward.proxmox.simulator.Privilege;
import dev.steward.proxmox.simulator.Profile;
import dev.steward.proxmox.simulator.internal.model.Guest;
import dev.steward.proxmox.simulator.internal.model.SimNode;
import java.util.Locale;

/**
 * The methods of one node and its guests: {@code /nodes/{n}/status}, the qemu and lxc lists, and
 * a guest's {@code status/current} and {@code config}. A guest asked for on the wrong node, or as
 * the wrong type, fails as PVE fails it: 500, its config file does not exist. Thread-safe.
 */
final class NodeEndpoints {
  private static final long MIB = 1024L * 1024;
  private static final String CPU_FLAGS = "fpu vme de pse tsc msr pae mce cx8 apic sep mtrr pge mca cmov pat pse36 clflush "
      + "mmx fxsr sse sse2 ht syscall nx pdpe1gb rdtscp lm constant_tsc rep_good nopl xtopology nonstop_tsc cpuid pni "
      + "pclmulqdq ssse3 fma cx16 pcid sse4_1 sse4_2 x2apic movbe popcnt aes xsave avx f16c rdrand hypervisor lahf_lm "
      + "abm 3dnowprefetch invpcid_single ssbd ibrs ibpb stibp fsgsbase bmi1 avx2 smep bmi2 erms invpcid avx512f";

  private final ApiContext context;

  NodeEndpoints(ApiContext context) {
    this.context = context;
  }

  void register(Router router) {
    router.add("GET", "/nodes/{node}/status", ParamSchema.of(), this::status);
    router.add("GET", "/nodes/{node}/qemu", ParamSchema.of().bool("full"), call -> list(call, GuestType.QEMU));
    router.add("GET", "/nodes/{node}/lxc", ParamSchema.of(), call -> list(call, GuestType.LXC));
    router.add("GET", "/nodes/{node}/qemu/{vmid}/status/current", ParamSchema.of(), call -> current(call, GuestType.QEMU));
    router.add("GET", "/nodes/{node}/lxc/{vmid}/status/current", ParamSchema.of(), call -> current(call, GuestType.LXC));
    router.add("GET", "/nodes/{node}/qemu/{vmid}/config", ParamSchema.of().bool("current").string("snapshot"),
        call -> config(call, GuestType.QEMU));
    router.add("GET", "/nodes/{node}/lxc/{vmid}/config", ParamSchema.of().bool("current").string("snapshot"),
        call -> config(call, GuestType.LXC));
  }

  private Reply status(Call call) {
    call.require("/nodes/" + call.node(), Privilege.SYS_AUDIT);
    SimNode node = call.live().node(call.node()).orElseThrow();
    Profile profile = context.profile();
    long now = context.now();
    ObjectNode status = Json.object();
    status.put("uptime", node.uptime(now));
    ArrayNode loadavg = status.putArray("loadavg");
    for (double factor : new double[] {1.0, 0.9, 0.8}) {
      loadavg.add(String.format(Locale.ROOT, "%.2f", node.cpuLoad() * node.maxCpu() * factor));
    }
    status.put("cpu", Json.fraction(node.cpuLoad()));
    status.put("wait", Json.fraction(node.cpuLoad() / 40));
    status.put("idle", 0);
    status.put("kversion", "Linux " + profile.kernel() + " #1 SMP PREEMPT_DYNAMIC PMX " + profile.kernel().replace("-pve", ""));
    status.put("pveversion", profile.pveversion());
    ObjectNode cpuinfo = status.putObject("cpuinfo");
    cpuinfo.put("model", node.cpuModel());
    cpuinfo.put("cpus", node.maxCpu());
    cpuinfo.put("cores", node.cores());
    cpuinfo.put("sockets", node.sockets());
    cpuinfo.put("mhz", node.mhz());
    cpuinfo.put("hvm", "1");
    cpuinfo.put("user_hz", 100);
    cpuinfo.put("flags", CPU_FLAGS);
    ObjectNode memory = status.putObject("memory");
    memory.put("total", node.maxMem());
    memory.put("used", node.memUsed());
    memory.put("free", node.maxMem() - node.memUsed());
    if (profile.major() >= 9) {
      memory.put("available", node.maxMem() - node.memUsed() * 9 / 10);
    }
    ObjectNode swap = status.putObject("swap");
    swap.put("total", 8192 * MIB);
    swap.put("used", 0);
    swap.put("free", 8192 * MIB);
    ObjectNode rootfs = status.putObject("rootfs");
    rootfs.put("total", node.rootfsTotal());
    rootfs.put("used", node.rootfsUsed());
    rootfs.put("free", node.rootfsTotal() - node.rootfsUsed());
    rootfs.put("avail", node.rootfsTotal() - node.rootfsUsed() - node.rootfsTotal() / 20);
    status.putObject("ksm").put("shared", 0);
    if (profile.nodeStatusHasBootInfo()) {
      ObjectNode boot = status.putObject("boot-info");
      boot.put("mode", "efi");
      boot.put("secureboot", 0);
      ObjectNode kernel = status.putObject("current-kernel");
      kernel.put("sysname", "Linux");
      kernel.put("release", profile.kernel());
      kernel.put("version", "#1 SMP PREEMPT_DYNAMIC PMX " + profile.kernel().replace("-pve", ""));
      kernel.put("machine", "x86_64");
    }
    return Reply.of(status);
  }

  private Reply list(Call call, GuestType type) {
    ArrayNode data = Json.array();
    if (!call.may(Privilege.VM_AUDIT)) {
      return Reply.of(data);
    }
    long now = context.now();
    for (Guest guest : call.live().guestsOn(call.node())) {
      if (guest.type() == type) {
        data.add(GuestViews.listItem(guest, now, context.profile(), call.params().flag("full")));
      }
    }
    return Reply.of(data);
  }

  private Reply current(Call call, GuestType type) {
    Guest guest = guest(call, type);
    return Reply.of(GuestViews.current(guest, context.now(), context.profile()));
  }

  private Reply config(Call call, GuestType type) {
    Guest guest = guest(call, type);
    call.params().string("snapshot").ifPresent(snapshot -> {
      throw new ApiException(500, "snapshot '" + snapshot + "' does not exist");
    });
    return Reply.of(GuestViews.config(guest, context.profile()));
  }

  // Permission first (the schema's check), then the config file on that node (the handler's).
  private static Guest guest(Call call, GuestType type) {
    call.require("/vms/" + call.vmid(), Privilege.VM_AUDIT);
    return call.live().guest(call.vmid())
        .filter(g -> g.type() == type && g.node().equals(call.node()))
        .orElseThrow(() -> new ApiException(500, "Configuration file 'nodes/" + call.node() + "/"
            + type.configDirectory() + "/" + call.vmid() + ".conf' does not exist"));
  }
}
