package dev.steward.probe.ssh.internal;

import dev.steward.Command;
import dev.steward.TransportException;
import dev.steward.spi.support.ShellQuoting;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The command line the remote login shell runs for a {@link Command}. Every word is quoted with
 * {@link ShellQuoting}, so the remote program gets exactly the argument vector. The line first
 * prints the shell's pid on a line of its own, then {@code exec}s the program in its place: sshd
 * starts each command in a session of its own, so that pid is also the process group a timeout
 * kills, children included. Environment variables travel through {@code env}, since sshd accepts
 * only the few names its AcceptEnv lists.
 */
final class RemoteCommand {
  private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  private RemoteCommand() {}

  static String line(String host, Command command, boolean sudo) {
    List<String> words = new ArrayList<>();
    if (sudo) {
      words.addAll(List.of("sudo", "-n", "--"));
    }
    if (!command.environment().isEmpty()) {
      words.add("env");
      for (Map.Entry<String, String> e : command.environment().entrySet()) {
        if (!ENV_NAME.matcher(e.getKey()).matches()) {
          throw new TransportException(host, "'" + e.getKey() + "' cannot be an environment variable of '" + command.display()
              + "': use letters, digits and '_', not starting with a digit", null);
        }
        words.add(e.getKey() + "=" + e.getValue());
      }
    }
    if (words.contains("env") && command.argv().get(0).contains("=")) {
      throw new TransportException(host, "'" + command.argv().get(0) + "' cannot be run with environment variables over ssh:"
          + " env would read a program name with '=' as another variable", null);
    }
    words.addAll(command.argv());
    return "printf '%s\\n' \"$$\" && exec " + ShellQuoting.join(words);
  }

  /** Kills the process group of a command whose shell printed {@code pid}, and the pid itself. */
  static String kill(long pid, boolean sudo) {
    // dash reads "--" as a pid; "-9 -PID" means the group in every POSIX shell.
    String kill = "kill -9 -" + pid + " 2>/dev/null || kill -9 " + pid + " 2>/dev/null; true";
    return sudo ? "sudo -n sh -c " + ShellQuoting.quote(kill) : kill;
  }

  /** 128 + the signal's number, as a shell reports a killed process; 255 for a name we do not know. */
  static int statusForSignal(String signal) {
    String name = signal.startsWith("SIG") ? signal.substring(3) : signal;
    int number = switch (name) {
      case "HUP" -> 1;
      case "INT" -> 2;
      case "QUIT" -> 3;
      case "ILL" -> 4;
      case "TRAP" -> 5;
      case "ABRT" -> 6;
      case "BUS" -> 7;
      case "FPE" -> 8;
      case "KILL" -> 9;
      case "USR1" -> 10;
      case "SEGV" -> 11;
      case "USR2" -> 12;
      case "PIPE" -> 13;
      case "ALRM" -> 14;
      case "TERM" -> 15;
      default -> 127;
    };
    return 128 + number;
  }
}
