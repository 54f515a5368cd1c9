package dev.steward.firewall.ufw.internal;

import dev.steward.Command;
import dev.steward.CommandResult;
import dev.steward.FirewallManager;
import dev.steward.FirewallRule;
import dev.steward.Transport;
import dev.steward.firewall.ufw.UfwCommandException;
import dev.steward.firewall.ufw.UfwInactiveException;
import dev.steward.observe.OutputParseException;
import dev.steward.observe.Ufw;
import dev.steward.observe.UfwEndpoint;
import dev.steward.observe.UfwRule;
import dev.steward.observe.UfwStatus;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code ufw} FirewallManager. Every command goes through the {@link Transport} it was given.
 *
 * <p>Ownership (see {@link Owners}): a rule's comment names its owner, the {@link
 * FirewallRule#comment()} of the rule asked for, as {@code steward:OWNER} (several owners:
 * {@code steward:A,B}). {@link #allow} opens the port with its owner, or adds the owner to the
 * comment of Steward's rule already there; {@link #remove} takes the owner off, and closes the
 * port only when no owner is left. A rule of that port and protocol a person made (no
 * {@code steward:} comment, another action, or logging) is left exactly as it is by both: the port is
 * already open, or closed, by someone else's decision.
 *
 * <p>ufw must be active to open a port: on an inactive ufw {@link #allow} throws {@link
 * UfwInactiveException} and never enables it. {@link #rules} reads {@code ufw status verbose}, and
 * the stored rules of {@code ufw show added} while ufw is inactive; {@link #remove} works in both.
 * The IPv6 copy of a rule is the same rule. One lock per host keeps the reading and the change
 * together. Thread-safe.
 */
final class UfwFirewallManager implements FirewallManager {
  private static final Logger LOG = LoggerFactory.getLogger(UfwFirewallManager.class);
  /** What ufw answers to a change that happened or was not needed: both are success. */
  private static final Pattern ANSWER = Pattern.compile(
      "(Rule added|Rules updated|Rule updated|Skipping adding existing rule|Rule deleted|Could not delete non-existent rule)( \\(v6\\))?");
  private static final int SHOWN = 500;

  private final Transport transport;
  private final ConcurrentMap<String, ReentrantLock> locks = new ConcurrentHashMap<>();

  UfwFirewallManager(Transport transport) {
    this.transport = Objects.requireNonNull(transport, "transport");
  }

  @Override
  public List<FirewallRule> rules(String host) {
    List<PortRule> found = locked(host, () -> read(host).rules());
    LinkedHashSet<FirewallRule> out = new LinkedHashSet<>();
    for (PortRule rule : found) {
      if (!rule.action().equals("allow")) {
        continue;
      }
      List<String> owners = rule.steward() ? Owners.of(rule.comment()).orElse(List.of()) : List.of();
      if (owners.isEmpty()) {
        out.add(new FirewallRule(rule.port(), rule.protocol(), rule.comment().filter(UfwFirewallManager::acceptable).orElse("")));
      } else {
        owners.forEach(owner -> out.add(new FirewallRule(rule.port(), rule.protocol(), owner)));
      }
    }
    return List.copyOf(out);
  }

  @Override
  public void allow(String host, FirewallRule rule) {
    String owner = owner(rule);
    locked(host, () -> {
      State state = read(host);
      if (!state.active()) {
        throw new UfwInactiveException(host);
      }
      List<PortRule> same = state.samePort(rule);
      if (same.isEmpty()) {
        run(host, UfwCommands.allow(rule.port(), rule.protocol(), Owners.comment(List.of(owner))));
      } else if (same.stream().allMatch(PortRule::steward)) {
        List<String> owners = owners(same);
        if (!owners.contains(owner)) {
          run(host, UfwCommands.allow(rule.port(), rule.protocol(), Owners.comment(Owners.adding(owners, owner))));
        }
      } else {
        LOG.info("{} on {}: a rule Steward did not make is there already ({}); left as it is", describe(rule), host, same.get(0));
      }
      return null;
    });
  }

  @Override
  public void remove(String host, FirewallRule rule) {
    String owner = owner(rule);
    locked(host, () -> {
      List<PortRule> same = read(host).samePort(rule);
      if (same.isEmpty() || !same.stream().allMatch(PortRule::steward)) {
        return null;
      }
      List<String> owners = owners(same);
      if (!owners.contains(owner)) {
        return null;
      }
      List<String> left = Owners.removing(owners, owner);
      if (left.isEmpty()) {
        // ufw deletes only the rule with this very comment; the v4 and v6 copies may differ.
        for (String comment : new LinkedHashSet<>(same.stream().map(r -> r.comment().orElseThrow()).toList())) {
          run(host, UfwCommands.delete(rule.port(), rule.protocol(), comment));
        }
      } else {
        run(host, UfwCommands.allow(rule.port(), rule.protocol(), Owners.comment(left)));
      }
      return null;
    });
  }

  private static String owner(FirewallRule rule) {
    if (rule.comment().isEmpty()) {
      throw new IllegalArgumentException("The ufw firewall manager needs the owner of " + rule
          + " in its comment, to close the port only when no owner needs it any more; give the rule a comment");
    }
    return rule.comment();
  }

  private static List<String> owners(List<PortRule> same) {
    LinkedHashSet<String> owners = new LinkedHashSet<>();
    same.forEach(r -> owners.addAll(Owners.of(r.comment()).orElse(List.of())));
    return List.copyOf(owners);
  }

  private static boolean acceptable(String comment) {
    try {
      new FirewallRule(1, FirewallRule.Protocol.TCP, comment);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static String describe(FirewallRule rule) {
    return UfwCommands.portText(rule.port(), rule.protocol());
  }

  /** The firewall of one host: whether it is active, and its plain rules. */
  private record State(boolean active, List<PortRule> rules) {
    List<PortRule> samePort(FirewallRule rule) {
      return rules.stream().filter(r -> r.samePort(rule)).toList();
    }
  }

  private State read(String host) {
    Command status = UfwCommands.status();
    UfwStatus parsed;
    try {
      parsed = Ufw.parseStatus(run(host, status).stdout());
    } catch (OutputParseException e) {
      throw new UfwCommandException(host, status.display(), e.getMessage());
    }
    if (parsed.active()) {
      List<PortRule> rules = new ArrayList<>();
      parsed.rules().forEach(r -> plain(r).ifPresent(rules::add));
      return new State(true, rules);
    }
    Command added = UfwCommands.showAdded();
    try {
      return new State(false, UfwShowAdded.parse(run(host, added).stdout()));
    } catch (OutputParseException e) {
      throw new UfwCommandException(host, added.display(), e.getMessage());
    }
  }

  /** {@code rule} when it is "ACTION PORT/tcp|udp in from anywhere", whatever its comment and logging. */
  private static Optional<PortRule> plain(UfwRule rule) {
    UfwEndpoint to = rule.to();
    if (rule.direction() != UfwRule.Direction.IN || !rule.from().anywhere() || to.app().isPresent()
        || to.address().isPresent() || to.iface().isPresent() || to.ports().size() != 1 || !to.ports().get(0).single()) {
      return Optional.empty();
    }
    Optional<FirewallRule.Protocol> protocol = to.protocol().flatMap(p -> switch (p) {
      case "tcp" -> Optional.of(FirewallRule.Protocol.TCP);
      case "udp" -> Optional.of(FirewallRule.Protocol.UDP);
      default -> Optional.empty();
    });
    return protocol.map(p -> new PortRule(rule.action().name().toLowerCase(Locale.ROOT), to.ports().get(0).first(), p,
        rule.logging().isPresent(), rule.comment()));
  }

  /** Runs {@code command}; a non-zero status, {@code ERROR:} or an answer ufw does not give is a failure. */
  private CommandResult run(String host, Command command) {
    CommandResult result = transport.run(host, command);
    String stderr = result.stderr().strip();
    if (!result.succeeded() || stderr.lines().anyMatch(l -> l.startsWith("ERROR"))) {
      String said = stderr.isEmpty() ? result.stdout().strip() : stderr;
      throw new UfwCommandException(host, command.display(), "exit status " + result.exitCode()
          + (said.isEmpty() ? ", nothing printed" : ": " + cap(said)));
    }
    if (!command.argv().contains("status") && !command.argv().contains("show")) {
      for (String line : result.stdout().strip().split("\n")) {
        if (!line.isBlank() && !ANSWER.matcher(line.strip()).matches()) {
          throw new UfwCommandException(host, command.display(), "ufw answered '" + cap(line.strip())
              + "', not one of the answers it gives to a rule added, updated, skipped or deleted");
        }
      }
    }
    return result;
  }

  private static String cap(String text) {
    return text.length() > SHOWN ? text.substring(0, SHOWN) + "..." : text;
  }

  private <T> T locked(String host, Supplier<T> work) {
    ReentrantLock lock = locks.computeIfAbsent(host, h -> new ReentrantLock());
    lock.lock();
    try {
      return work.get();
    } finally {
      lock.unlock();
    }
  }
}
