package dev.steward.status;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** A client that speaks bytes, not JSON-RPC: for malformed requests and abrupt disconnects. */
final class RawSocket implements AutoCloseable {
  private final SocketChannel channel;
  private final Selector selector;
  private final ByteBuffer in = ByteBuffer.allocate(1 << 16);
  private final ByteArrayOutputStream line = new ByteArrayOutputStream();

  RawSocket(Path socket) {
    try {
      channel = SocketChannel.open(StandardProtocolFamily.UNIX);
      channel.connect(UnixDomainSocketAddress.of(socket));
      channel.configureBlocking(false);
      selector = Selector.open();
      channel.register(selector, SelectionKey.OP_READ);
      in.flip();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  RawSocket send(String text) {
    return send(text.getBytes(StandardCharsets.UTF_8));
  }

  RawSocket send(byte[] bytes) {
    ByteBuffer data = ByteBuffer.wrap(bytes);
    try {
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (data.hasRemaining()) {
        if (channel.write(data) == 0) {
          if (System.nanoTime() > deadline) {
            throw new AssertionError("could not send within 30 s");
          }
          Thread.onSpinWait();
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return this;
  }

  /** The next line, or empty when the server closed the connection first; fails after {@code within}. */
  Optional<String> readLine(Duration within) {
    long deadline = System.nanoTime() + within.toNanos();
    line.reset();
    try {
      while (true) {
        while (in.hasRemaining()) {
          byte b = in.get();
          if (b == '\n') {
            return Optional.of(line.toString(StandardCharsets.UTF_8));
          }
          line.write(b);
        }
        in.clear();
        int n = channel.read(in);
        in.flip();
        if (n < 0) {
          return Optional.empty();
        }
        if (n == 0) {
          long left = deadline - System.nanoTime();
          if (left <= 0) {
            throw new AssertionError("no line within " + within + "; got so far: " + line.toString(StandardCharsets.UTF_8));
          }
          selector.select(Math.max(1, left / 1_000_000));
          selector.selectedKeys().clear();
        }
      }
    } catch (IOException e) {
      return Optional.empty(); // reset by the server: closed
    }
  }

  String answer() {
    return readLine(Duration.ofSeconds(30)).orElseThrow(() -> new AssertionError("the server closed the connection"));
  }

  @Override
  public void close() {
    try {
      selector.close();
      channel.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
