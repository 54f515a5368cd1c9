package dev.steward.proxmox.simulator;

import java.io.PrintStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;

/**
 * Runs a simulator until it is stopped (Ctrl-C), for a person with curl:
 *
 * <pre>
 * java -cp steward-proxmox-simulator.jar:jackson-*.jar:slf4j-api.jar dev.steward.proxmox.simulator.Main --port 8006 --nodes 3
 * curl -k -H 'Authorization: PVEAPIToken=steward@pve!probe=...' https://127.0.0.1:8006/api2/json/nodes
 * </pre>
 *
 * It prints the base URL, the certificate's fingerprint and the token to use.
 */
public final class Main {
  private static final String USAGE = String.join("\n",
      "Usage: Main [options]",
      "  --port N             port to listen on (8006; 0 for any free one)",
      "  --bind ADDRESS       address to listen on (127.0.0.1)",
      "  --profile RELEASE    7.4, 8.1, 8.3, 8.4 or 9.1 (8.3)",
      "  --nodes N            cluster nodes pve1..pveN (3)",
      "  --guests N           guests, two thirds VMs (20)",
      "  --storages N         storages (4)",
      "  --tasks-per-node N   tasks in each node's history (50)",
      "  --log-lines N        lines of a finished task's log (12)",
      "  --seed N             seed of everything generated (1)",
      "  --auth-delay-ms N    delay of a refused login or auth step (3000)",
      "  --token ID=SECRET    an API token user@realm!name with auditor privileges (repeatable)",
      "  --user ID:PASSWORD   a user with every privilege (repeatable)",
      "Without --token and --user: token " + SimulatorBuilder.DEFAULT_TOKEN + " and user "
          + SimulatorBuilder.DEFAULT_USER + " / " + SimulatorBuilder.DEFAULT_PASSWORD + ".");

  private Main() {}

  public static void main(String[] args) throws InterruptedException {
    Optional<SimulatorBuilder> builder;
    try {
      builder = parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.err.println(USAGE);
      System.exit(2);
      return;
    }
    if (builder.isEmpty()) {
      System.out.println(USAGE);
      return;
    }
    ProxmoxSimulator simulator = builder.get().start();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      simulator.close();
      stopped.countDown();
    }, "proxmox-simulator-shutdown"));
    describe(simulator, System.out);
    stopped.await();
  }

  /** What a person needs to call the simulator: URL, fingerprint, token and a curl line. */
  static void describe(ProxmoxSimulator simulator, PrintStream out) {
    out.println("Proxmox VE " + simulator.profile().version() + " simulator, nodes " + simulator.nodes());
    out.println("URL:         " + simulator.baseUri());
    out.println("Fingerprint: " + simulator.fingerprint());
    simulator.tokenHeader().ifPresent(header -> {
      out.println("Token:       Authorization: " + header);
      out.println("Try:         curl -k -H '" + "Authorization: " + header + "' " + simulator.baseUri() + "/nodes");
    });
    out.println("Stop with Ctrl-C.");
    out.flush();
  }

  /** The builder {@code args} describe, or empty when they ask for help. */
  static Optional<SimulatorBuilder> parse(String[] args) {
    SimulatorBuilder builder = ProxmoxSimulator.builder().port(8006);
    List<String> tokens = new ArrayList<>();
    List<String> users = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      String option = args[i];
      if (option.equals("--help") || option.equals("-h")) {
        return Optional.empty();
      }
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException("Option " + option + " needs a value");
      }
      String value = args[++i];
      switch (option) {
        case "--port" -> builder.port(number(option, value));
        case "--bind" -> builder.bindAddress(address(value));
        case "--profile" -> builder.profile(Profile.of(value));
        case "--nodes" -> builder.nodes(number(option, value));
        case "--guests" -> builder.guests(number(option, value));
        case "--storages" -> builder.storages(number(option, value));
        case "--tasks-per-node" -> builder.tasksPerNode(number(option, value));
        case "--log-lines" -> builder.logLines(number(option, value));
        case "--seed" -> builder.seed(number(option, value));
        case "--auth-delay-ms" -> builder.authDelay(Duration.ofMillis(number(option, value)));
        case "--token" -> tokens.add(value);
        case "--user" -> users.add(value);
        default -> throw new IllegalArgumentException("Unknown option " + option);
      }
    }
    for (String token : tokens) {
      int equals = token.lastIndexOf('=');
      if (equals <= 0) {
        throw new IllegalArgumentException("--token wants user@realm!name=secret, not " + token);
      }
      builder.token(token.substring(0, equals), token.substring(equals + 1));
    }
    for (String user : users) {
      int colon = user.indexOf(':');
      if (colon <= 0) {
        throw new IllegalArgumentException("--user wants user@realm:password, not " + user);
      }
      builder.user(user.substring(0, colon), user.substring(colon + 1));
    }
    return Optional.of(builder);
  }

  private static int number(String option, String value) {
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(option + " wants a number, not " + value, e);
    }
  }

  private static InetAddress address(String value) {
    try {
      return InetAddress.getByName(value);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("--bind wants an address, not " + value, e);
    }
  }
}
