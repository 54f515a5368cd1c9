package dev.steward.proxmox.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.steward.proxmox.GuestType;
import dev.steward.proxmox.Upid;
import java.util.List;
import java.util.OptionalLong;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * Garbage in gives a typed error out: any JSON, with the field names the decoders read holding
 * values of any type, either decodes or fails as {@link MalformedItem}, never with another
 * exception.
 */
class GarbageDecodingTest {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
  private static final List<String> FIELDS = List.of("vmid", "id", "type", "node", "name", "status", "template", "tags", "lock",
      "cpus", "maxcpu", "maxmem", "maxdisk", "mem", "cpu", "uptime", "pid", "storage", "plugintype", "content", "shared",
      "enabled", "active", "total", "used", "avail", "volid", "size", "ctime", "upid", "endtime", "n", "t", "loadavg",
      "cpuinfo", "memory", "rootfs", "boot-info", "ssl_fingerprint", "online", "nodeid", "ip", "quorate", "lxc", "digest");

  @Property(tries = 1000)
  @Label("any answer either decodes or fails as a malformed item")
  void garbageGivesATypedError(@ForAll("answers") JsonNode data) {
    decodeOrMalformed(() -> ClusterDecoding.clusterResources(data));
    decodeOrMalformed(() -> ClusterDecoding.clusterStatus(data));
    decodeOrMalformed(() -> ClusterDecoding.nodes(data));
    decodeOrMalformed(() -> ClusterDecoding.nodeStatus("pve1", data));
    decodeOrMalformed(() -> ClusterDecoding.version(data));
    decodeOrMalformed(() -> GuestDecoding.list(GuestType.LXC, "pve1", data));
    decodeOrMalformed(() -> GuestDecoding.config(data));
    decodeOrMalformed(() -> StorageDecoding.list("pve1", data));
    decodeOrMalformed(() -> StorageDecoding.content("pve1", "local", data));
    decodeOrMalformed(() -> TaskDecoding.page("pve1", data, OptionalLong.of(3)));
    decodeOrMalformed(() -> TaskDecoding.log(data, OptionalLong.empty()));
    decodeOrMalformed(() -> TaskDecoding.status(Upid.parse("UPID:pve1:0003A1B2:0074B9C5:6516E0F4:qmstart:100:root@pam:"), data));
  }

  private static void decodeOrMalformed(Runnable decoding) {
    try {
      decoding.run();
    } catch (MalformedItem expected) {
      // A typed error: fine.
    }
  }

  @Provide
  Arbitrary<JsonNode> answers() {
    // Mostly what answers are: lists of objects and objects, with the fields the decoders read.
    Arbitrary<JsonNode> listOfObjects = object(2).list().ofMaxSize(5).map(items -> {
      ArrayNode array = JSON.arrayNode();
      items.forEach(array::add);
      return array;
    });
    return Arbitraries.frequencyOf(Tuple.of(4, listOfObjects), Tuple.of(3, object(2)), Tuple.of(1, value(2)));
  }

  private Arbitrary<JsonNode> value(int depth) {
    Arbitrary<JsonNode> scalar = Arbitraries.oneOf(
        Arbitraries.strings().ofMaxLength(12).map(s -> (JsonNode) JSON.textNode(s)),
        Arbitraries.of("0", "1", "-1", "2.5", "running", "unknown", "online", "true", "", "1e400", "NaN", "UPID:x")
            .map(s -> (JsonNode) JSON.textNode(s)),
        Arbitraries.longs().map(l -> (JsonNode) JSON.numberNode(l)),
        Arbitraries.doubles().map(d -> (JsonNode) JSON.numberNode(d)),
        Arbitraries.of(true, false).map(b -> (JsonNode) JSON.booleanNode(b)),
        Arbitraries.just((JsonNode) JSON.nullNode()));
    if (depth == 0) {
      return scalar;
    }
    return Arbitraries.frequencyOf(Tuple.of(6, scalar), Tuple.of(1, array(depth - 1)),
        Tuple.of(1, object(depth - 1)));
  }

  private Arbitrary<JsonNode> array(int depth) {
    return value(depth).list().ofMaxSize(4).map(items -> {
      ArrayNode array = JSON.arrayNode();
      items.forEach(array::add);
      return array;
    });
  }

  private Arbitrary<JsonNode> object(int depth) {
    Arbitrary<String> names = Arbitraries.oneOf(Arbitraries.of(FIELDS), Arbitraries.strings().alpha().ofLength(3));
    return Combinators.combine(names, value(Math.max(0, depth - 1))).as((name, value) -> new Object[] {name, value})
        .list().ofMaxSize(8).map(pairs -> {
          ObjectNode object = JSON.objectNode();
          pairs.forEach(pair -> object.set((String) pair[0], (JsonNode) pair[1]));
          return object;
        });
  }
}
