package dev.steward.examples.forward;

import dev.steward.status.Durations;
import dev.steward.status.StatusItem;
import dev.steward.status.StatusSnapshot;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * A status as people read it: one line per item, {@code ID LOCAL REMOTE STATE DURATION REASON},
 * where DURATION is how long the item has been in its state (or, when asked, since it was created).
 * Thread-safe.
 */
public final class StatusTable {
  public static final List<String> HEADERS = List.of("ID", "LOCAL", "REMOTE", "STATE", "DURATION", "REASON");

  private StatusTable() {}

  /** The table's lines, aligned; the last column is not padded. */
  public static List<String> lines(StatusSnapshot snapshot, Instant now) {
    return lines(snapshot, now, false);
  }

  /**
   * The table's lines, DURATION counted from each item's creation ({@code sinceCreated}) or from
   * when it entered its state.
   */
  public static List<String> lines(StatusSnapshot snapshot, Instant now, boolean sinceCreated) {
    List<List<String>> rows = new ArrayList<>();
    rows.add(HEADERS);
    for (StatusItem item : snapshot.items()) {
      rows.add(List.of(item.id(), item.attributes().getOrDefault("local", "-"), item.attributes().getOrDefault("remote", "-"),
          item.state(), Durations.format(Duration.between(sinceCreated ? item.createdAt() : item.updatedAt(), now)), item.reason()));
    }
    int[] widths = new int[HEADERS.size()];
    for (List<String> row : rows) {
      for (int i = 0; i < widths.length; i++) {
        widths[i] = Math.max(widths[i], row.get(i).length());
      }
    }
    List<String> lines = new ArrayList<>();
    for (List<String> row : rows) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < widths.length; i++) {
        line.append(row.get(i));
        if (i < widths.length - 1) {
          line.append(" ".repeat(widths[i] - row.get(i).length() + 2));
        }
      }
      lines.add(line.toString().stripTrailing());
    }
    return lines;
  }

  /** One line: the item count by state, e.g. {@code 3 items: 1 active, 1 conflict, 1 pending}. */
  public static String summary(StatusSnapshot snapshot) {
    Map<String, Long> byState = new TreeMap<>(snapshot.items().stream()
        .collect(Collectors.groupingBy(StatusItem::state, Collectors.counting())));
    int n = snapshot.items().size();
    return n + (n == 1 ? " item" : " items") + (byState.isEmpty() ? "" : ": " + byState.entrySet().stream()
        .map(e -> e.getValue() + " " + e.getKey()).collect(Collectors.joining(", "))) + ".";
  }
}
