package dev.steward.docker.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.steward.observe.OutputParseException;
import java.time.Instant;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/** The listing the pack scripts print, on output recorded from a pack container of the lab's busybox image on Engine 20.10. */
class PackListingTest {
  @Test
  void readsEveryNodeOfAPackRunningFailedKilledAndStopped() {
    List<PackedNode> nodes = PackListing.parse(InspectTest.resource("pack-listing.txt"));

    assertThat(nodes).extracting(PackedNode::directory).containsExactly("node.gives-up", "node.idle", "node.web-1", "node.web-2");
    PackedNode failed = nodes.get(0);
    assertThat(failed.resource()).isEqualTo("node/gives-up");
    assertThat(failed.version()).isEqualTo("1.0");
    assertThat(failed.hash()).isEqualTo("0123456789ab");
    assertThat(failed.alive()).isFalse();
    assertThat(failed.exitCode()).hasValue(3);
    assertThat(failed.stopped()).isFalse();
    assertThat(failed.pid()).hasValue(82);
    assertThat(failed.startedAt()).contains(Instant.ofEpochSecond(1796314344));
    assertThat(failed.logTail()).containsExactly("starting", "the node gives up: no such file /etc/node.conf");
    assertThat(failed.launch()).isEmpty();
    PackedNode stopped = nodes.get(1);
    assertThat(stopped.version()).as("a spec without a version").isEmpty();
    assertThat(stopped.exitCode()).hasValue(143);
    assertThat(stopped.stopped()).isTrue();
    assertThat(stopped.logTail()).isEmpty();
    PackedNode running = nodes.get(2);
    assertThat(running.alive()).isTrue();
    assertThat(running.pid()).hasValue(23);
    assertThat(running.exitCode()).isEmpty();
    assertThat(nodes.get(3).exitCode()).as("killed by hand").hasValue(137);
    assertThat(nodes.get(3).alive()).isFalse();
  }

  @Test
  void readsTheLaunchTokenAStopPrints() {
    assertThat(PackListing.parse(InspectTest.resource("pack-stop.txt"))).singleElement().satisfies(node -> {
      assertThat(node.launch()).contains("TOKEN-idle");
      assertThat(node.stopped()).isTrue();
    });
  }

  @Test
  void anEmptyPackListsNoNode() {
    assertThat(PackListing.parse("steward-pack 1\nnodes 0\n")).isEmpty();
  }

  @Test
  void aLogLineMayHoldACarriageReturnOrLookLikeAField() {
    List<PackedNode> nodes = PackListing.parse("steward-pack 1\nnode node.a\nresource node/a\nversion \nhash 0123456789ab\n"
        + "exit 1\nlog progress 50%\r100%\nlog end\nlog \nend\nnodes 1\n");

    assertThat(nodes).singleElement().extracting(PackedNode::logTail).asList().containsExactly("progress 50%\r100%", "end", "");
  }

  @Test
  void saysWhatDoesNotFitAndWhere() {
    assertThatThrownBy(() -> PackListing.parse("nodes 0\n"))
        .isInstanceOf(OutputParseException.class)
        .hasMessage("Cannot read the output of the node listing of a pack container at line 1: expected the line 'steward-pack 1' first,"
            + " found 'nodes 0'");
    assertThatThrownBy(() -> PackListing.parse("steward-pack 1\nnodes 0"))
        .hasMessage("Cannot read the output of the node listing of a pack container at line 2: expected the listing to end with a newline");
    assertThatThrownBy(() -> PackListing.parse("steward-pack 1\nnode node.a\nresource node/a\nversion 1\nhash 0123456789ab\nnodes 1\n"))
        .hasMessage("Cannot read the output of the node listing of a pack container at line 6: unknown line in node node.a: 'nodes 1'");
    assertThatThrownBy(() -> PackListing.parse("steward-pack 1\nnode node.a\nresource node/a\nhash 0123456789ab\nend\nnodes 1\n"))
        .hasMessage("Cannot read the output of the node listing of a pack container at line 2: node node.a lacks its version line");
    assertThatThrownBy(() -> PackListing.parse("steward-pack 1\nnode node.a\nresource node/a\nversion 1\nhash 0123456789ab\n"
        + "pid 12 x 3\nend\nnodes 1\n"))
        .hasMessage("Cannot read the output of the node listing of a pack container at line 6: expected 'pid PID TICKS EPOCH': 'pid 12 x 3'");
    assertThatThrownBy(() -> PackListing.parse("steward-pack 1\nnode node.a\nresource node/a\nversion 1\nhash 0123456789ab\nalive\n"
        + "end\nnodes 1\n"))
        .hasMessage("Cannot read the output of the node listing of a pack container at line 2: node node.a is alive but has no pid line");
    assertThatThrownBy(() -> PackListing.parse("steward-pack 1\nnode node.a\nresource node/a\nresource node/b\nend\nnodes 1\n"))
        .hasMessage("Cannot read the output of the node listing of a pack container at line 4: node node.a has a second 'resource' line");
    assertThatThrownBy(() -> PackListing.parse("steward-pack 1\nnodes 2\n"))
        .hasMessage("Cannot read the output of the node listing of a pack container at line 2: the listing counts 2 nodes but describes 0");
    assertThatThrownBy(() -> PackListing.parse("steward-pack 1\nnode ../etc\nend\nnodes 1\n"))
        .hasMessage("Cannot read the output of the node listing of a pack container at line 2: expected a node directory after 'node ',"
            + " found '../etc'");
    assertThatThrownBy(() -> PackListing.parse("steward-pack 1\nnodes 0\nmore\n"))
        .hasMessage("Cannot read the output of the node listing of a pack container at line 2: expected 'node DIR' or 'nodes N', found 'nodes 0'");
  }

  @Property
  void garbageInIsATypedErrorOut(@ForAll String garbage) {
    try {
      PackListing.parse(garbage);
    } catch (OutputParseException e) {
      assertThat(e.source()).isEqualTo(PackListing.SOURCE);
    }
  }

  @Property
  void garbageAfterAGoodStartIsATypedErrorOut(@ForAll String garbage) {
    try {
      PackListing.parse("steward-pack 1\nnode node.a\n" + garbage);
    } catch (OutputParseException e) {
      assertThat(e.source()).isEqualTo(PackListing.SOURCE);
    }
  }
}
