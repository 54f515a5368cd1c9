package dev.steward.probe.ssh.internal;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.List;
import org.apache.sshd.agent.SshAgent;
import org.apache.sshd.agent.SshAgentFactory;
import org.apache.sshd.agent.SshAgentServer;
import org.apache.sshd.agent.common.AbstractAgentProxy;
import org.apache.sshd.common.FactoryManager;
import org.apache.sshd.common.channel.ChannelFactory;
import org.apache.sshd.common.session.ConnectionService;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.util.buffer.Buffer;
import org.apache.sshd.common.util.buffer.ByteArrayBuffer;

/**
 * An ssh-agent client over the JDK's own unix domain sockets (JDK 16+). SSHD's unix agent client
 * needs Tomcat's native APR library; SSHD's protocol code ({@link AbstractAgentProxy}) only needs
 * a way to send a request and read the answer, which this gives it. One socket per agent client;
 * requests on it are serialized. Agent forwarding is not offered.
 */
final class UnixAgent extends AbstractAgentProxy {
  private static final int MAX_ANSWER = 256 * 1024;

  private final SocketChannel socket;

  private UnixAgent(SocketChannel socket) {
    super(null);
    this.socket = socket;
  }

  static UnixAgent connect(Path socketPath) throws IOException {
    SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
    try {
      channel.connect(UnixDomainSocketAddress.of(socketPath));
    } catch (IOException e) {
      channel.close();
      throw new IOException("cannot reach the ssh-agent at " + socketPath + ": " + e.getMessage(), e);
    }
    return new UnixAgent(channel);
  }

  @Override
  protected synchronized Buffer request(Buffer buffer) throws IOException {
    ByteBuffer out = ByteBuffer.wrap(buffer.array(), buffer.rpos(), buffer.available());
    while (out.hasRemaining()) {
      socket.write(out);
    }
    ByteBuffer length = ByteBuffer.allocate(4);
    readFully(length);
    int size = length.flip().getInt();
    if (size <= 0 || size > MAX_ANSWER) {
      throw new IOException("the ssh-agent answered with a message of " + size + " bytes");
    }
    ByteBuffer answer = ByteBuffer.allocate(size);
    readFully(answer);
    return new ByteArrayBuffer(answer.array());
  }

  private void readFully(ByteBuffer into) throws IOException {
    while (into.hasRemaining()) {
      if (socket.read(into) < 0) {
        throw new IOException("the ssh-agent closed the connection");
      }
    }
  }

  @Override
  public boolean isOpen() {
    return socket.isOpen();
  }

  @Override
  public void close() throws IOException {
    try {
      super.close();
    } finally {
      socket.close();
    }
  }

  /** Gives each session that authenticates a fresh client of the agent at {@code socketPath}. */
  static final class Factory implements SshAgentFactory {
    private final Path socketPath;

    Factory(Path socketPath) {
      this.socketPath = socketPath;
    }

    @Override
    public List<ChannelFactory> getChannelForwardingFactories(FactoryManager manager) {
      return List.of();
    }

    @Override
    public SshAgent createClient(Session session, FactoryManager manager) throws IOException {
      return connect(socketPath);
    }

    @Override
    public SshAgentServer createServer(ConnectionService service) {
      return null;
    }
  }
}
