package dev.steward.internal.election;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.steward.internal.io.DurableWrite;
import dev.steward.leader.Fence;
import dev.steward.leader.LeaderElection;
import dev.steward.leader.LeaderElectionException;
import dev.steward.leader.LeaderView;
import dev.steward.leader.Lease;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The {@code file} election: the instances of one machine that share a directory. The leader holds
 * an OS lock on {@code leader-NAME.lock}, which lasts exactly as long as its process (a killed
 * leader's lock is released by the kernel; a paused one keeps it, and nobody else can act
 * meanwhile, so there is nothing to fence). Each new leader writes the next term, its name and
 * since when to {@code leader-NAME.json} (durably, 0600), so terms only grow across restarts.
 */
final class FileLeaderElection implements LeaderElection {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path directory;
  private final Path lockFile;
  private final Path termFile;
  private final String name;
  private final String candidate;
  private final Duration lease;
  private final Clock clock;
  private FileChannel channel;
  private FileLock lock;
  private Fence fence;
  private Instant since;
  private volatile Optional<Lease> lastSeen = Optional.empty();

  FileLeaderElection(Path directory, String name, String candidate, Duration lease, Clock clock) {
    this.directory = directory;
    this.lockFile = directory.resolve("leader-" + name + ".lock");
    this.termFile = directory.resolve("leader-" + name + ".json");
    this.name = name;
    this.candidate = candidate;
    this.lease = lease;
    this.clock = clock;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String candidate() {
    return candidate;
  }

  @Override
  public Duration leaseTime() {
    return lease;
  }

  @Override
  public synchronized LeaderView campaign() {
    Instant now = clock.instant();
    if (lock != null && lock.isValid()) {
      Lease held = new Lease(candidate, fence.term(), since, now.plus(lease));
      lastSeen = Optional.of(held);
      return new LeaderView(true, lastSeen);
    }
    try {
      Files.createDirectories(directory);
      channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      try {
        Files.setPosixFilePermissions(lockFile, PosixFilePermissions.fromString("rw-------"));
        lock = channel.tryLock();
      } catch (OverlappingFileLockException e) {
        lock = null; // another candidate in this JVM holds it
      }
      if (lock == null) {
        channel.close();
        channel = null;
        lastSeen = readTerm().map(t -> new Lease(t.holder(), t.term(), t.since(), now.plus(lease)));
        return new LeaderView(false, lastSeen);
      }
      long term = readTerm().map(Term::term).orElse(0L) + 1;
      since = now;
      writeTerm(new Term(candidate, term, since));
      fence = new Fence(name, candidate, term);
      lastSeen = Optional.of(new Lease(candidate, term, since, now.plus(lease)));
      return new LeaderView(true, lastSeen);
    } catch (IOException | RuntimeException e) {
      release();
      throw new LeaderElectionException("Could not campaign for '" + name + "' in " + directory + ": " + e.getMessage()
          + "; check that the folder exists and this user may write it", e);
    }
  }

  @Override
  public synchronized Optional<Fence> fence() {
    return lock != null && lock.isValid() ? Optional.of(fence) : Optional.empty();
  }

  @Override
  public Optional<Lease> lastSeen() {
    return lastSeen;
  }

  @Override
  public synchronized void resign() {
    if (lock != null) {
      lastSeen = Optional.empty();
    }
    release();
  }

  @Override
  public void close() {
    resign();
  }

  private void release() {
    try {
      if (lock != null && lock.isValid()) {
        lock.release();
      }
      if (channel != null) {
        channel.close();
      }
    } catch (IOException e) {
      // The process keeps nothing once the channel is gone; a failed close cannot hold the lock.
    } finally {
      lock = null;
      channel = null;
      fence = null;
    }
  }

  private record Term(String holder, long term, Instant since) {}

  private Optional<Term> readTerm() throws IOException {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(termFile);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
    try {
      JsonNode node = JSON.readTree(bytes);
      return Optional.of(new Term(node.path("holder").asText(""), node.path("term").asLong(0),
          Instant.parse(node.path("since").asText())));
    } catch (IOException | RuntimeException e) {
      throw new LeaderElectionException("The leader file " + termFile + " is damaged (" + e.getMessage()
          + "); stop every instance that uses it, delete it, and start them again", e);
    }
  }

  private void writeTerm(Term term) throws IOException {
    ObjectNode node = JSON.createObjectNode();
    node.put("election", name);
    node.put("holder", term.holder());
    node.put("term", term.term());
    node.put("since", term.since().toString());
    DurableWrite.replace(termFile, JSON.writeValueAsBytes(node), DurableWrite.SYSTEM);
  }
}
