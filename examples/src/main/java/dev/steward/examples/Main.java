package dev.steward.examples;

/** Placeholder until the runner lands. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    System.out.println("steward");
  }
}
