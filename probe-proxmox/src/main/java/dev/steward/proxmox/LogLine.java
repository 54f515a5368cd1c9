package dev.steward.proxmox;

import java.util.Objects;

/** One line of a task log: its number, counting from 1, and its text. Immutable. */
public record LogLine(int number, String text) {
  public LogLine {
    Objects.requireNonNull(text, "text");
  }
}
