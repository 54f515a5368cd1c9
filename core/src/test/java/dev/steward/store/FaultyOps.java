package dev.steward.store;

import dev.steward.internal.store.file.FileOps;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;

/**
 * The real I/O steps, but the k-th call of one step after {@link #arm} fails with an IOException.
 * A failing write first writes half of its data, as a full disk does. Thread-safe.
 */
final class FaultyOps implements FileOps {
  enum Step { WRITE, FORCE, RENAME, FORCE_DIRECTORY, LINK }

  private final Map<Step, Integer> calls = new EnumMap<>(Step.class);
  private Step failing;
  private int failAt;
  private boolean fired;

  /** Counts calls from zero again; the {@code k}-th call of {@code step} from now fails. */
  synchronized void arm(Step step, int k) {
    calls.clear();
    failing = step;
    failAt = k;
    fired = false;
  }

  /** Counts calls from zero again; nothing fails. */
  synchronized void disarm() {
    calls.clear();
    failing = null;
    fired = false;
  }

  synchronized int calls(Step step) {
    return calls.getOrDefault(step, 0);
  }

  synchronized boolean fired() {
    return fired;
  }

  private synchronized boolean shouldFail(Step step) {
    int n = calls.merge(step, 1, Integer::sum);
    if (step == failing && n == failAt) {
      fired = true;
      return true;
    }
    return false;
  }

  private static IOException injected(Step step) {
    return new IOException("injected failure of " + step.name().toLowerCase());
  }

  @Override
  public void write(FileChannel channel, ByteBuffer data, long position) throws IOException {
    if (shouldFail(Step.WRITE)) {
      ByteBuffer half = data.duplicate();
      half.limit(half.position() + half.remaining() / 2);
      FileOps.DURABLE.write(channel, half, position);
      throw injected(Step.WRITE);
    }
    FileOps.DURABLE.write(channel, data, position);
  }

  @Override
  public void force(FileChannel channel) throws IOException {
    if (shouldFail(Step.FORCE)) {
      throw injected(Step.FORCE);
    }
    FileOps.DURABLE.force(channel);
  }

  @Override
  public void rename(Path from, Path to) throws IOException {
    if (shouldFail(Step.RENAME)) {
      throw injected(Step.RENAME);
    }
    FileOps.DURABLE.rename(from, to);
  }

  @Override
  public void forceDirectory(Path directory) throws IOException {
    if (shouldFail(Step.FORCE_DIRECTORY)) {
      throw injected(Step.FORCE_DIRECTORY);
    }
    FileOps.DURABLE.forceDirectory(directory);
  }

  @Override
  public void link(Path existing, Path link) throws IOException {
    if (shouldFail(Step.LINK)) {
      throw injected(Step.LINK);
    }
    FileOps.DURABLE.link(existing, link);
  }
}
