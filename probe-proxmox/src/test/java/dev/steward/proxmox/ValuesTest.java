package dev.steward.proxmox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The small value types: what they read from the API's words and what they refuse. */
class ValuesTest {
  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', value = {
      "OK|OK", "WARNINGS: 3|WARNINGS", "RUNNING|RUNNING", "running|RUNNING", "unexpected status|UNKNOWN",
      "VM 100 not running|FAILED", "WARNINGS: x|FAILED", "job errors|FAILED"})
  @DisplayName("a task's status text gives its state as pve-common reads it")
  void taskStates(String status, TaskState state) {
    assertThat(TaskState.ofStatus(status)).isEqualTo(state);
    assertThat(state.succeeded()).isEqualTo(state == TaskState.OK || state == TaskState.WARNINGS);
  }

  @ParameterizedTest(name = "memory {0} -> {1} MiB")
  @CsvSource(delimiter = '|', value = {"2048|2048", "current=4096|4096", "balloon=1024,current=3072|3072", "junk|-1"})
  @DisplayName("config memory is read as an int or as 8.1's property string")
  void configMemory(String memory, long mb) {
    GuestConfig config = new GuestConfig(Map.of("memory", memory));

    if (mb < 0) {
      assertThat(config.memoryMb()).isEmpty();
    } else {
      assertThat(config.memoryMb()).hasValue(mb);
    }
  }

  @Test
  @DisplayName("versions compare by release, dashed (7.x) or dotted (8.x)")
  void versions() {
    PveVersion seven = new PveVersion("7.4-17", "7.4", "b1f94095");
    PveVersion eight = new PveVersion("8.3.5", "8.3", "dac3aa88bac3f300");

    assertThat(seven.major()).isEqualTo(7);
    assertThat(seven.atLeast(8, 2)).isFalse();
    assertThat(eight.atLeast(8, 2)).isTrue();
    assertThat(new PveVersion("9.1.2", "", "x").minor()).isEqualTo(1);
  }

  @Test
  @DisplayName("resource types are named by their words and bring what they hang on")
  void resourceTypes() {
    assertThat(ResourceType.parseList("guests, Tasks")).hasValue(EnumSet.of(ResourceType.GUESTS, ResourceType.TASKS));
    assertThat(ResourceType.parseList("guests,vms")).isEmpty();
    assertThat(ResourceType.parseList(" , ")).isEmpty();
    assertThat(DiscoveryOptions.defaults().withTypes(Set.of(ResourceType.TASK_LOGS, ResourceType.GUEST_CONFIGS)).types())
        .containsExactlyInAnyOrder(ResourceType.TASKS, ResourceType.TASK_LOGS, ResourceType.GUESTS, ResourceType.GUEST_CONFIGS);
  }

  @Test
  @DisplayName("guest states, node states and guest types read the API's words; anything else is unknown")
  void apiWords() {
    assertThat(GuestState.of("running")).isEqualTo(GuestState.RUNNING);
    assertThat(GuestState.of("unknown")).isEqualTo(GuestState.UNKNOWN);
    assertThat(GuestState.of("prelaunch")).isEqualTo(GuestState.UNKNOWN);
    assertThat(NodeState.of("offline")).isEqualTo(NodeState.OFFLINE);
    assertThat(GuestType.of("lxc")).hasValue(GuestType.LXC);
    assertThat(GuestType.of("openvz")).isEmpty();
  }

  @Test
  @DisplayName("queries and windows refuse what the API would not page")
  void pagingArguments() {
    assertThatThrownBy(() -> TaskQuery.first(0)).hasMessageContaining("limit of 1 or more");
    assertThatThrownBy(() -> TaskQuery.first(10).withStart(-1)).hasMessageContaining("starts at 0");
    assertThatThrownBy(() -> LogWindow.tail(0)).hasMessageContaining("1 line or more");
    assertThat(TaskQuery.first(10).forGuest(100).onlyErrors().ofType("vzdump").source()).isEqualTo(TaskSource.ALL);
  }

  @Test
  @DisplayName("a client's stats subtract to what happened in between")
  void statsSubtract() {
    assertThat(new ClientStats(10, 2, 1, 1, 3).since(new ClientStats(4, 1, 1, 0, 2))).isEqualTo(new ClientStats(6, 1, 0, 1, 3));
  }
}
