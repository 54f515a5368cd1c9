package dev.steward;

import java.util.List;

/**
 * Chooses which nodes to remove when there are too many. Implementations order candidates by
 * their own criterion and break ties deterministically, so the same input always gives the same
 * victims.
 *
 * <p>Implementations must be thread-safe and must not change their input.
 */
public interface NodeSelector {
  /**
   * Up to {@code count} victims from {@code candidates}, the first to remove first.
   *
   * @throws IllegalArgumentException when {@code count} is negative
   * @throws StewardException when a candidate lacks what the criterion needs in a usable form
   */
  List<ResourceRecord> selectForRemoval(List<ResourceRecord> candidates, int count);
}
