package dev.steward.docker.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The shell scripts that run in a pack container, and the argument vectors that run them. Every
 * name and value reaches a script as a positional argument, never inside its text, so nothing a
 * spec holds is ever parsed by a shell. The scripts need a POSIX {@code sh} (its {@code local}
 * too, which dash, ash and bash have) with {@code setsid}, {@code env}, {@code kill}, {@code
 * mkdir}, {@code rm}, {@code cat}, {@code tail}, {@code wc}, {@code sleep} and {@code date}. Each
 * node leads a process group of its own ({@link NodeLaunch#command}); signals go to the group.
 *
 * <p>The state of the nodes lives in the container, one directory per node under {@link #ROOT}
 * (named by {@link NodeLaunch#directoryOf}): {@code resource}, {@code version}, {@code hash} and
 * {@code launch} (what {@code start} was given), {@code pid} ({@code PID TICKS EPOCH}: the node's
 * pid in the container, its start time in clock ticks after boot as {@code /proc/PID/stat} says,
 * and in seconds since the epoch), {@code exit} (its exit status, once it ended), {@code stopped}
 * (Steward stopped it) and {@code log} (its output; past {@link #LOG_BYTES} its last MiB moves to
 * {@code log.1}, so a node's output takes at most 1 MiB plus what it writes in {@link
 * #LOG_CHECK_SECONDS} seconds). A node is alive when its pid still names a process with the
 * same start ticks that is not a zombie: a pid the kernel gave to a later process does not count.
 *
 * <p>Every script but the keeper and the supervisor ends by printing a listing that {@link
 * PackListing} reads. Thread-safe: constants only.
 */
final class PackScripts {
  /** Where the keeper keeps the nodes' state. */
  static final String ROOT = "/tmp/steward-nodes";
  /** The first line of every listing: changing what the scripts print changes it. */
  static final String FORMAT = "steward-pack 1";
  /** What the scripts need in the image, in words. */
  static final String TOOLS = "a POSIX sh with setsid, env, kill, mkdir, rm, cat, tail, wc, sleep and date";
  /** How much of a node's output is kept once it has grown past that. */
  static final int LOG_BYTES = 1 << 20;
  /** How often, in seconds, a node's log is measured: a sleep forked that often per node, against how far past {@link #LOG_BYTES} it may grow. */
  static final int LOG_CHECK_SECONDS = 5;
  /** How many of a node's last lines a listing shows when it is not running. */
  static final int LOG_LINES = DockerCli.LOG_LINES;

  /** Whether a process named in a file ({@code PID TICKS ...}) still runs; the ticks of a pid. */
  private static final String ALIVE = """
      root=@ROOT@
      alive() {
        local pid ticks rest stat
        [ -r "$1" ] && read -r pid ticks rest < "$1" || return 1
        case $pid$ticks in ''|*[!0-9]*) return 1 ;; esac
        read -r stat 2>/dev/null < "/proc/$pid/stat" || return 1
        set -- ${stat##*) }
        [ "$1" != Z ] && [ "${20}" = "$ticks" ]
      }
      ticks_of() {
        local stat
        read -r stat 2>/dev/null < "/proc/$1/stat" || return 1
        set -- ${stat##*) }
        printf '%s' "${20}"
      }
      """;

  /**
   * The listing: a first line {@link #FORMAT}, a block per node from {@code node DIR} to {@code
   * end}, and {@code nodes N}. A node that is not alive shows its exit status and its last lines.
   * Waits up to 10 s for the keeper of a container just started; fails (exit 3) when none runs, as
   * in a container that is not a pack.
   */
  private static final String LISTING = """
      keeper_up() {
        local i=0
        while ! alive "$root/.keeper"; do
          [ $i -ge 100 ] && return 1
          sleep 0.1
          i=$((i+1))
        done
      }
      settled() {
        local i=0
        while [ $i -lt 50 ] && { alive "$1/pid" || [ ! -e "$1/exit" ]; }; do sleep 0.1; i=$((i+1)); done
      }
      report() {
        local d="$root/$1" f line
        printf 'node %s\\n' "$1"
        for f in resource version hash; do
          [ -r "$d/$f" ] && IFS= read -r line < "$d/$f" && printf '%s %s\\n' "$f" "$line"
        done
        [ -n "$launch" ] && [ -r "$d/launch" ] && IFS= read -r line < "$d/launch" && printf 'launch %s\\n' "$line"
        [ -r "$d/pid" ] && read -r line < "$d/pid" && printf 'pid %s\\n' "$line"
        if alive "$d/pid"; then
          printf 'alive\\n'
        else
          [ -r "$d/exit" ] && read -r line < "$d/exit" && printf 'exit %s\\n' "$line"
          [ -e "$d/stopped" ] && printf 'stopped\\n'
          cat "$d/log.1" "$d/log" 2>/dev/null | tail -n @LOG_LINES@ | while IFS= read -r line || [ -n "$line" ]; do
            printf 'log %s\\n' "$line"
          done
        fi
        printf 'end\\n'
      }
      listing() {
        local n=0 d
        if ! keeper_up; then
          printf 'steward: no keeper runs in this container (%s/.keeper names no live process): it is not a running Steward pack\\n' "$root" >&2
          exit 3
        fi
        printf '@FORMAT@\\n'
        if [ $# -eq 0 ]; then
          for d in "$root"/*; do [ -d "$d" ] && report "${d##*/}" && n=$((n+1)); done
        else
          for d in "$@"; do [ -d "$root/$d" ] && report "$d" && n=$((n+1)); done
        fi
        printf 'nodes %s\\n' "$n"
      }
      """;

  /**
   * The container's main process, under Docker's init: clears what nodes of an earlier run of the
   * container left (their pids mean nothing now), records itself, and waits. On TERM (a {@code
   * docker stop}) it passes the signal to every node and exits 0 once they are gone; Docker kills
   * what is left when the stop timeout ends.
   */
  private static final String KEEPER = ALIVE + """
      rm -rf "$root" && mkdir -p "$root" || exit 1
      printf '%s %s\\n' "$$" "$(ticks_of $$)" > "$root/.keeper"
      down() {
        local d pid rest up
        for d in "$root"/*; do alive "$d/pid" && read -r pid rest < "$d/pid" && kill -TERM -"$pid" 2>/dev/null; done
        while :; do
          up=
          for d in "$root"/*; do alive "$d/pid" && up=1; done
          [ -z "$up" ] && exit 0
          sleep 0.1
        done
      }
      trap down TERM INT
      while :; do sleep 86400 & wait $!; done
      """;

  /**
   * One node's supervisor: {@code sh -c SUPERVISOR steward-node DIR ARGV...}. Starts the node with
   * its output in {@code DIR/log}, records its pid, start ticks and start time, keeps the last
   * {@link #LOG_BYTES} of the log in {@code log.1} and empties it whenever it has grown past that
   * (looked at every {@link #LOG_CHECK_SECONDS} s: the log opened to append, the node writes on at
   * its new end), passes TERM, INT and HUP on to the node's group as TERM, and records its exit
   * status when it ends. A wait cut short by a signal is waited again; a second wait that finds the
   * node already reaped (127) keeps the status the first one got.
   */
  private static final String SUPERVISOR = """
      d=$1
      shift
      "$@" >>"$d/log" 2>&1 </dev/null &
      pid=$!
      ticks=0
      read -r stat 2>/dev/null < "/proc/$pid/stat" && set -- ${stat##*) } && ticks=${20}
      printf '%s %s %s\\n' "$pid" "$ticks" "$(date +%s)" > "$d/pid"
      ( while kill -0 "$pid" 2>/dev/null; do
          sleep @LOG_CHECK@
          [ "$(wc -c < "$d/log")" -gt @LOG_BYTES@ ] && tail -c @LOG_BYTES@ "$d/log" > "$d/log.1" && : > "$d/log"
        done ) </dev/null >/dev/null 2>&1 &
      rotator=$!
      trap 'signalled=1; kill -TERM -"$pid" 2>/dev/null' TERM INT HUP
      code=
      while :; do
        signalled=
        wait "$pid"
        status=$?
        [ -n "$code" ] && [ "$status" -eq 127 ] && break
        code=$status
        [ -z "$signalled" ] && break
      done
      kill "$rotator" 2>/dev/null
      printf '%s\\n' "$code" > "$d/exit"
      """;

  /**
   * {@code steward-start SUPERVISOR DIR RESOURCE VERSION HASH LAUNCH ARGV...}: waits for the
   * keeper (a container just started); takes the node's start lock (a directory: {@code mkdir} is
   * atomic, so two Steward processes never start one node twice; one a start that died left is
   * broken after 10 s); and unless the node is alive, clears what its last run left, records what
   * it is, starts its supervisor in the background and waits for its pid. Lists the node.
   */
  private static final String START = ALIVE + LISTING + """
      supervisor=$1 name=$2 resource=$3 version=$4 hash=$5 token=$6
      shift 6
      keeper_up || { printf 'steward: no keeper started in this container within 10 s\\n' >&2; exit 3; }
      d="$root/$name" lock="$root/.start-$name"
      i=0
      while ! mkdir "$lock" 2>/dev/null && [ $i -lt 200 ]; do sleep 0.05; i=$((i+1)); done
      if ! alive "$d/pid"; then
        mkdir -p "$d" && rm -f "$d/pid" "$d/exit" "$d/stopped" "$d/log" "$d/log.1" || { rmdir "$lock"; exit 4; }
        printf '%s\\n' "$resource" > "$d/resource" && printf '%s\\n' "$version" > "$d/version" \\
          && printf '%s\\n' "$hash" > "$d/hash" && printf '%s\\n' "$token" > "$d/launch" || { rmdir "$lock"; exit 4; }
        sh -c "$supervisor" steward-node "$d" "$@" </dev/null >/dev/null 2>&1 &
        i=0
        while [ ! -s "$d/pid" ]; do
          [ $i -ge 200 ] && { rmdir "$lock"; printf 'steward: the supervisor of %s recorded no pid within 10 s\\n' "$name" >&2; exit 4; }
          sleep 0.05
          i=$((i+1))
        done
      fi
      rmdir "$lock" 2>/dev/null
      listing "$name"
      """;

  /** {@code steward-watch TENTHS DIR}: watches the node for TENTHS tenths of a second, or until it ends; lists it. */
  private static final String WATCH = ALIVE + LISTING + """
      tenths=$1 name=$2 i=0
      while [ $i -lt "$tenths" ] && alive "$root/$name/pid"; do sleep 0.1; i=$((i+1)); done
      alive "$root/$name/pid" || settled "$root/$name"
      listing "$name"
      """;

  /**
   * {@code steward-stop TENTHS DIR}: marks an alive node stopped by Steward, sends its process
   * group TERM, KILL after TENTHS tenths of a second to what is left of it (the node, or what it
   * started), and waits for its exit status; lists it with what started it.
   */
  private static final String STOP = ALIVE + LISTING + """
      tenths=$1 name=$2 d="$root/$2" launch=1
      if alive "$d/pid"; then
        read -r pid rest < "$d/pid"
        : > "$d/stopped"
        kill -TERM -"$pid" 2>/dev/null
        i=0
        while [ $i -lt "$tenths" ] && { alive "$d/pid" || kill -0 -"$pid" 2>/dev/null; }; do sleep 0.1; i=$((i+1)); done
        kill -KILL -"$pid" 2>/dev/null
        settled "$d"
      fi
      listing "$name"
      """;

  /** {@code steward-forget DIR}: deletes a node that is not alive (exit 5 when it is); lists the nodes left. */
  private static final String FORGET = ALIVE + LISTING + """
      if alive "$root/$1/pid"; then printf 'steward: %s still runs: stop it first\\n' "$1" >&2; exit 5; fi
      rm -rf "$root/$1"
      listing
      """;

  /** {@code steward-read}: lists every node. */
  private static final String READ = ALIVE + LISTING + """
      listing
      """;

  private PackScripts() {}

  /** The keeper as the pack container runs it: the arguments after {@code --entrypoint sh} and the image. */
  static List<String> keeper() {
    return List.of("-c", text(KEEPER), "steward-keeper");
  }

  /** Starts the node of {@code launch} ({@link NodeLaunch#command}), after its {@code docker exec} options ({@link NodeLaunch#execOptions}). */
  static List<String> start(NodeLaunch launch) {
    List<String> argv = new ArrayList<>(List.of("sh", "-c", text(START), "steward-start", text(SUPERVISOR), launch.directory(),
        launch.resource(), launch.version(), launch.hash(), launch.token()));
    argv.addAll(launch.command());
    return argv;
  }

  static List<String> watch(String directory, Duration check) {
    return List.of("sh", "-c", text(WATCH), "steward-watch", Long.toString(tenths(check)), directory);
  }

  static List<String> stop(String directory, Duration grace) {
    return List.of("sh", "-c", text(STOP), "steward-stop", Long.toString(tenths(grace)), directory);
  }

  static List<String> forget(String directory) {
    return List.of("sh", "-c", text(FORGET), "steward-forget", directory);
  }

  static List<String> read() {
    return List.of("sh", "-c", text(READ), "steward-read");
  }

  /** The keeper's text, for the pack container's hash: a container made with another keeper is another container. */
  static String keeperText() {
    return text(KEEPER);
  }

  /** A duration in whole tenths of a second, rounded up. */
  static long tenths(Duration duration) {
    return (duration.toMillis() + 99) / 100;
  }

  private static String text(String script) {
    return script.replace("@ROOT@", ROOT).replace("@FORMAT@", FORMAT).replace("@LOG_LINES@", Integer.toString(LOG_LINES))
        .replace("@LOG_BYTES@", Integer.toString(LOG_BYTES)).replace("@LOG_CHECK@", Integer.toString(LOG_CHECK_SECONDS));
  }
}
