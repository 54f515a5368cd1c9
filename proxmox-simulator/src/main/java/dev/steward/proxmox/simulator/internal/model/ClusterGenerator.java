package dev.steward.proxmox.simulator.internal.model;

import dev.steward.proxmox.simulator.GuestType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * Makes the cluster a {@link ClusterShape} describes, the same for the same seed: nodes
 * {@code pve1..pveN}, guests from vmid 100 with types shuffled and spread over the nodes, and the
 * storages {@code local}, {@code local-lvm}, {@code backup}, then shared NFS and RBD ones.
 * Stateless.
 */
public final class ClusterGenerator {
  private static final long GIB = 1024L * 1024 * 1024;
  private static final String[] CPU_MODELS = {
      "Intel(R) Xeon(R) Gold 6230R CPU @ 2.10GHz", "AMD EPYC 7443P 24-Core Processor",
      "Intel(R) Xeon(R) CPU E5-2680 v4 @ 2.40GHz", "AMD Ryzen 9 7950X 16-Core Processor"};
  private static final String[] CPU_MHZ = {"2100.000", "2850.000", "2400.000", "4500.000"};
  private static final String[] ROLES = {"web", "db", "cache", "mail", "dns", "ci", "mon", "proxy", "app", "files"};
  private static final String[] TAGS = {"prod", "dev", "web", "db", "backup"};
  private static final int[] CORES = {1, 2, 2, 4, 4, 8};
  private static final long[] MEMORY_MB = {512, 1024, 2048, 2048, 4096, 8192, 16384};
  private static final long[] DISK_GB = {8, 16, 32, 32, 64, 128};
  // One node has been up longer than 497 days, so its task pstarts (clock ticks) need 9 hex digits.
  private static final long LONG_UPTIME_DAYS = 600;

  private ClusterGenerator() {}

  public static ClusterState generate(ClusterShape shape, long nowEpoch) {
    SplittableRandom random = new SplittableRandom(shape.seed());
    List<SimNode> nodes = nodes(shape, nowEpoch, random.split());
    List<StorageDef> storages = storages(shape.storages(), random.split());
    TreeMap<Integer, Guest> guests = guests(shape, nodes, storages, nowEpoch, random.split());
    return new ClusterState(nodes, guests, storages, Map.of(), 1);
  }

  private static List<SimNode> nodes(ClusterShape shape, long nowEpoch, SplittableRandom random) {
    List<SimNode> nodes = new ArrayList<>();
    for (int i = 0; i < shape.nodes(); i++) {
      int model = random.nextInt(CPU_MODELS.length);
      long uptimeDays = i == shape.nodes() - 1 && shape.nodes() > 1 ? LONG_UPTIME_DAYS : 3 + random.nextInt(120);
      long boot = nowEpoch - uptimeDays * 86_400 - random.nextInt(86_400);
      nodes.add(new SimNode(ClusterShape.nodeName(i), i, i + 1, "10.10.10." + (11 + i), 1 + random.nextInt(2),
          8 << random.nextInt(3), CPU_MODELS[model], CPU_MHZ[model], (64L << random.nextInt(4)) * GIB, 94 * GIB, boot,
          0.02 + random.nextDouble() * 0.4, 0.2 + random.nextDouble() * 0.6, 0.1 + random.nextDouble() * 0.4));
    }
    return nodes;
  }

  private static List<StorageDef> storages(int count, SplittableRandom random) {
    List<StorageDef> storages = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      double used = 0.05 + random.nextDouble() * 0.6;
      Map<String, Object> config = new LinkedHashMap<>();
      if (i == 0) {
        config.put("path", "/var/lib/vz");
        storages.add(new StorageDef("local", "dir", List.of("iso", "vztmpl", "backup"), false, config, 94 * GIB, used));
      } else if (i == 1) {
        config.put("thinpool", "data");
        config.put("vgname", "pve");
        storages.add(new StorageDef("local-lvm", "lvmthin", List.of("rootdir", "images"), false, config, 1700 * GIB, used));
      } else if (i == 2) {
        config.put("path", "/mnt/backup");
        config.put("is_mountpoint", "1");
        config.put("prune-backups", "keep-daily=7,keep-weekly=4");
        storages.add(new StorageDef("backup", "dir", List.of("backup"), false, config, 3600 * GIB, used));
      } else if (i % 2 == 1) {
        config.put("server", "10.10.20." + (10 + i));
        config.put("export", "/export/pve" + i);
        config.put("path", "/mnt/pve/nfs-" + i);
        config.put("options", "vers=4.2");
        storages.add(new StorageDef("nfs-" + i, "nfs", List.of("images", "iso", "backup"), true, config, 8000 * GIB, used));
      } else {
        config.put("pool", "rbd" + i);
        config.put("krbd", 0);
        storages.add(new StorageDef("ceph-" + i, "rbd", List.of("images", "rootdir"), true, config, 20_000 * GIB, used));
      }
    }
    return storages;
  }

  private static TreeMap<Integer, Guest> guests(ClusterShape shape, List<SimNode> nodes, List<StorageDef> storages,
      long nowEpoch, SplittableRandom random) {
    List<GuestType> types = new ArrayList<>(Collections.nCopies(shape.qemuGuests(), GuestType.QEMU));
    types.addAll(Collections.nCopies(shape.lxcGuests(), GuestType.LXC));
    Collections.shuffle(types, new Random(random.nextLong()));
    TreeMap<Integer, Guest> guests = new TreeMap<>();
    for (int i = 0; i < types.size(); i++) {
      int vmid = 100 + i;
      GuestType type = types.get(i);
      SimNode node = nodes.get(random.nextInt(nodes.size()));
      boolean template = random.nextInt(100) < 3;
      boolean running = !template && random.nextInt(100) < 75;
      long memory = MEMORY_MB[random.nextInt(MEMORY_MB.length)];
      String storage = diskStorage(type, storages, random);
      String tags = random.nextInt(100) < 30 ? TAGS[random.nextInt(TAGS.length)] : "";
      long started = nowEpoch - 60 - random.nextInt(30 * 86_400);
      guests.put(vmid, new Guest(vmid, type, node.name(), ROLES[random.nextInt(ROLES.length)] + "-" + vmid, running,
          template, CORES[random.nextInt(CORES.length)], memory, type == GuestType.LXC ? 512 : 0,
          DISK_GB[random.nextInt(DISK_GB.length)] * GIB, storage, tags, started,
          running ? 1000 + random.nextInt(4_000_000) : 0, type == GuestType.QEMU && random.nextBoolean(),
          type == GuestType.QEMU ? (random.nextInt(10) == 0 ? "win11" : "l26") : (random.nextBoolean() ? "debian" : "ubuntu"),
          Map.of(), random.nextLong()));
    }
    return guests;
  }

  private static String diskStorage(GuestType type, List<StorageDef> storages, SplittableRandom random) {
    String content = type == GuestType.QEMU ? "images" : "rootdir";
    List<StorageDef> fit = storages.stream().filter(s -> s.holds(content)).toList();
    if (fit.isEmpty()) {
      return storages.isEmpty() ? "local" : storages.get(0).id();
    }
    return fit.get(random.nextInt(fit.size())).id();
  }
}
