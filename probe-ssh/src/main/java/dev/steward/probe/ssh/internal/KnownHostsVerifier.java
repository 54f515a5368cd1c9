package dev.steward.probe.ssh.internal;

import dev.steward.probe.ssh.HostKeyPolicy;
import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.sshd.client.config.hosts.KnownHostEntry;
import org.apache.sshd.client.keyverifier.ServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.AttributeRepository.AttributeKey;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.PublicKeyEntryResolver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks a server's host key against an OpenSSH known_hosts file (plain, hashed {@code |1|...}
 * and {@code [host]:port} entries, {@code @revoked} markers), like OpenSSH does per key type: a
 * key listed for the host passes; a key of a type listed for the host with another key is a
 * changed key and always refused; a host not listed is refused, or with accept-new appended to
 * the file. Why a key was refused is left on the session for the error message. The file is read
 * on every check, so edits take effect at once. Thread-safe.
 */
final class KnownHostsVerifier implements ServerKeyVerifier {
  private static final Logger LOG = LoggerFactory.getLogger(KnownHostsVerifier.class);

  /**
   * Where a check leaves why it refused a session's key; put in the connection context, since a
   * closed session forgets its own attributes.
   */
  @SuppressWarnings("rawtypes")
  static final AttributeKey<java.util.concurrent.atomic.AtomicReference> REFUSAL = new AttributeKey<>();
  /** The target a session was opened for; put in the connection context. */
  static final AttributeKey<Target> TARGET = new AttributeKey<>();

  /** Why a host key was refused. */
  sealed interface Refusal permits Unknown, Changed, Revoked, Unreadable {}

  /** Not listed; {@code otherTypes} are the key types known_hosts lists for the host, if any. */
  record Unknown(String keyType, String fingerprint, List<String> otherTypes) implements Refusal {}

  /** Listed with another key of the same type, on {@code lineNumber}. */
  record Changed(String keyType, String expectedFingerprint, String actualFingerprint, int lineNumber, String line)
      implements Refusal {}

  /** Listed as {@code @revoked}. */
  record Revoked(String fingerprint, int lineNumber) implements Refusal {}

  /** The file could not be read. */
  record Unreadable(String problem) implements Refusal {}

  private record Listed(int lineNumber, String line, KnownHostEntry entry, PublicKey key) {}

  private static final Object WRITE_LOCK = new Object();

  private final Path file;
  private final HostKeyPolicy policy;

  KnownHostsVerifier(Path file, HostKeyPolicy policy) {
    this.file = file;
    this.policy = policy;
  }

  Path file() {
    return file;
  }

  @Override
  public boolean verifyServerKey(ClientSession session, SocketAddress remoteAddress, PublicKey serverKey) {
    org.apache.sshd.common.AttributeRepository context = session.getConnectionContext();
    Target target = context == null ? null : context.getAttribute(TARGET);
    @SuppressWarnings("unchecked")
    java.util.concurrent.atomic.AtomicReference<Refusal> refused = context == null ? null : context.getAttribute(REFUSAL);
    if (target == null || refused == null) {
      // Not opened by our pool: nothing says which host this is meant to be.
      return false;
    }
    Refusal refusal;
    try {
      refusal = check(target, serverKey);
    } catch (IOException | RuntimeException e) {
      refusal = new Unreadable(e.getMessage());
    }
    if (refusal instanceof Unknown unknown && unknown.otherTypes().isEmpty() && policy == HostKeyPolicy.ACCEPT_NEW) {
      try {
        append(target, serverKey);
        LOG.info("Added the {} key {} of {} to {} (accept-new)", unknown.keyType(), unknown.fingerprint(),
            target.knownHostsName(), file);
        return true;
      } catch (IOException e) {
        refusal = new Unreadable("could not add the host's key: " + e.getMessage());
      }
    }
    if (refusal == null) {
      return true;
    }
    refused.set(refusal);
    return false;
  }

  /**
   * The key types (canonical, e.g. {@code ssh-rsa} for every RSA signature) known_hosts lists
   * for {@code target}, revoked keys left out; empty when it lists none or cannot be read (the
   * check after the key exchange then says why).
   */
  Set<String> knownKeyTypes(Target target) {
    Set<String> types = new java.util.LinkedHashSet<>();
    try {
      for (Listed l : listed(target)) {
        if (l.entry().getMarker() == null) {
          types.add(KeyUtils.getCanonicalKeyType(KeyUtils.getKeyType(l.key())));
        }
      }
    } catch (IOException | RuntimeException e) {
      return Set.of();
    }
    return types;
  }

  /** Null when the key is listed for the target; else why not. */
  private Refusal check(Target target, PublicKey serverKey) throws IOException {
    String type = KeyUtils.getKeyType(serverKey);
    String fingerprint = KeyUtils.getFingerPrint(serverKey);
    List<Listed> listed = listed(target);
    for (Listed l : listed) {
      if ("revoked".equals(l.entry().getMarker()) && KeyUtils.compareKeys(l.key(), serverKey)) {
        return new Revoked(fingerprint, l.lineNumber());
      }
    }
    for (Listed l : listed) {
      if (l.entry().getMarker() == null && KeyUtils.compareKeys(l.key(), serverKey)) {
        return null;
      }
    }
    List<String> otherTypes = new ArrayList<>();
    for (Listed l : listed) {
      if (l.entry().getMarker() != null) {
        continue;
      }
      String listedType = KeyUtils.getKeyType(l.key());
      if (listedType.equals(type)) {
        return new Changed(type, KeyUtils.getFingerPrint(l.key()), fingerprint, l.lineNumber(), l.line());
      }
      if (!otherTypes.contains(listedType)) {
        otherTypes.add(listedType);
      }
    }
    return new Unknown(type, fingerprint, otherTypes);
  }

  /** A parsed line of the file; its key is decoded when a host first matches it. */
  private static final class Line {
    final int number;
    final String text;
    final KnownHostEntry entry;
    private volatile PublicKey key;
    private volatile boolean resolved;

    Line(int number, String text, KnownHostEntry entry) {
      this.number = number;
      this.text = text;
      this.entry = entry;
    }

    PublicKey key() throws IOException, java.security.GeneralSecurityException {
      if (!resolved) {
        key = entry.getKeyEntry().resolvePublicKey(null, PublicKeyEntryResolver.IGNORING);
        resolved = true;
      }
      return key;
    }
  }

  /** The file as last parsed, and what it looked like then. */
  private record Parsed(Object fileKey, long modified, long size, List<Line> lines) {}

  private volatile Parsed parsed;

  /** Every entry of the file that names the target, with its key (entries of unknown key types are skipped). */
  private List<Listed> listed(Target target) throws IOException {
    List<Listed> listed = new ArrayList<>();
    for (Line line : lines()) {
      PublicKey key;
      try {
        if (!line.entry.isHostMatch(target.hostName(), target.port())) {
          continue;
        }
        key = line.key();
      } catch (Exception e) {
        LOG.warn("Skipping line {} of {}: {}", line.number, file, e.getMessage());
        continue;
      }
      if (key != null && !"cert-authority".equals(line.entry.getMarker())) {
        listed.add(new Listed(line.number, line.text, line.entry, key));
      }
    }
    return listed;
  }

  /**
   * The file's lines, parsed again only when the file changed: a fan-out to a hundred hosts
   * would otherwise parse every line a hundred times.
   */
  private List<Line> lines() throws IOException {
    java.nio.file.attribute.BasicFileAttributes attributes;
    try {
      attributes = Files.readAttributes(file, java.nio.file.attribute.BasicFileAttributes.class);
    } catch (NoSuchFileException e) {
      return List.of();
    }
    Parsed current = parsed;
    long modified = attributes.lastModifiedTime().to(java.util.concurrent.TimeUnit.NANOSECONDS);
    if (current != null && java.util.Objects.equals(current.fileKey(), attributes.fileKey())
        && current.modified() == modified && current.size() == attributes.size()) {
      return current.lines();
    }
    List<String> text;
    try {
      text = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      return List.of();
    }
    List<Line> lines = new ArrayList<>();
    for (int i = 0; i < text.size(); i++) {
      String line = text.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      try {
        KnownHostEntry entry = KnownHostEntry.parseKnownHostEntry(line);
        if (entry != null && entry.getKeyEntry() != null) {
          lines.add(new Line(i + 1, line, entry));
        }
      } catch (RuntimeException e) {
        LOG.warn("Skipping line {} of {}: {}", i + 1, file, e.getMessage());
      }
    }
    parsed = new Parsed(attributes.fileKey(), modified, attributes.size(), List.copyOf(lines));
    return parsed.lines();
  }

  /** Appends the host's key under a file lock, unless another writer listed it meanwhile. */
  private void append(Target target, PublicKey key) throws IOException {
    synchronized (WRITE_LOCK) {
      Path dir = file.toAbsolutePath().getParent();
      if (dir != null && !Files.isDirectory(dir)) {
        Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      }
      if (!Files.exists(file)) {
        try {
          Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (java.nio.file.FileAlreadyExistsException e) {
          // Another process made it first; append to theirs.
        }
      }
      try (FileChannel channel = FileChannel.open(file, Set.of(StandardOpenOption.READ, StandardOpenOption.WRITE));
           FileLock lock = channel.lock()) {
        if (check(target, key) == null) {
          return;
        }
        StringBuilder line = new StringBuilder();
        long size = channel.size();
        if (size > 0) {
          ByteBuffer last = ByteBuffer.allocate(1);
          channel.read(last, size - 1);
          if (last.get(0) != '\n') {
            line.append('\n');
          }
        }
        line.append(target.knownHostsName()).append(' ');
        PublicKeyEntry.appendPublicKeyEntry(line, key);
        line.append('\n');
        ByteBuffer bytes = ByteBuffer.wrap(line.toString().getBytes(StandardCharsets.UTF_8));
        long position = size;
        while (bytes.hasRemaining()) {
          position += channel.write(bytes, position);
        }
        channel.force(true);
      }
    }
  }
}
