package dev.steward.observe;

import java.util.OptionalLong;

/**
 * Reads the targets of the {@code /proc/<pid>/fd} links. A link to a socket reads
 * {@code socket:[INODE]}, the inode a {@link ListeningSocket} names; other links name files,
 * pipes ({@code pipe:[N]}) or anonymous inodes ({@code anon_inode:[eventpoll]}).
 *
 * <p>Every text is some link target, so this reader never fails. Thread-safe: no state.
 */
public final class ProcFd {
  private static final String SOCKET = "socket:[";
  /** The decimal digits of the largest inode a long holds, less one so that none overflows. */
  private static final int MAX_DIGITS = 18;

  private ProcFd() {}

  /** The inode of a link target {@code socket:[12345]}; empty for any other target. */
  public static OptionalLong socketInode(String target) {
    int digits = target.length() - SOCKET.length() - 1;
    if (digits < 1 || digits > MAX_DIGITS || !target.startsWith(SOCKET) || target.charAt(target.length() - 1) != ']') {
      return OptionalLong.empty();
    }
    long inode = 0;
    for (int i = SOCKET.length(); i < target.length() - 1; i++) {
      char c = target.charAt(i);
      if (c < '0' || c > '9') {
        return OptionalLong.empty();
      }
      inode = inode * 10 + (c - '0');
    }
    return OptionalLong.of(inode);
  }
}
