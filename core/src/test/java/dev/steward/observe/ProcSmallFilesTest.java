package dev.steward.observe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class ProcSmallFilesTest {
  @Nested
  @DisplayName("/proc/meminfo")
  class Meminfo {
    @Test
    void readsTotalAndAvailableInBytes() {
      MemoryInfo memory = ProcMeminfo.parse(ProcSamples.read("meminfo"));

      assertThat(memory.totalBytes()).isEqualTo(24683656L * 1024);
      assertThat(memory.availableBytes()).isEqualTo(23913228L * 1024);
      assertThat(memory.usedPercent()).isCloseTo(100.0 * (24683656 - 23913228) / 24683656, within(1e-9));
    }

    @Test
    @DisplayName("refuses a kernel without MemAvailable, saying which kernels have it")
    void refusesWithoutMemAvailable() {
      assertThatThrownBy(() -> ProcMeminfo.parse(ProcSamples.read("meminfo-no-available")))
          .isInstanceOf(OutputParseException.class)
          .hasMessage("Cannot read the output of /proc/meminfo: there is no MemAvailable line (Linux 3.14 and later print it)");
    }

    @Test
    void refusesALineThatIsNotNameValueUnit() {
      assertThatThrownBy(() -> ProcMeminfo.parse("MemTotal: 100 kB\nMemAvailable: lots kB\n"))
          .isInstanceOf(OutputParseException.class)
          .hasMessage("Cannot read the output of /proc/meminfo at line 2: the value of MemAvailable 'lots' is not a decimal number");
    }
  }

  @Nested
  @DisplayName("/proc/stat")
  class Stat {
    @Test
    @DisplayName("reads the aggregate cpu line, counts the cpuN lines and reads btime, skipping intr")
    void readsCpuTimesAndBootTime() {
      KernelStat stat = ProcStat.parse(ProcSamples.read("stat"));

      assertThat(stat.cpu()).isEqualTo(new CpuTimes(698349, 0, 115436, 722694, 36344, 0, 9207, 6396));
      assertThat(stat.cpus()).isEqualTo(2);
      assertThat(stat.bootTime()).isEqualTo(Instant.ofEpochSecond(1795319926));
    }

    @Test
    void readsAnOldKernelWithFourCounters() {
      KernelStat stat = ProcStat.parse(ProcSamples.read("stat-old-kernel"));

      assertThat(stat.cpu()).isEqualTo(new CpuTimes(100, 5, 50, 1000, 0, 0, 0, 0));
      assertThat(stat.cpus()).isEqualTo(2);
      assertThat(stat.bootTime()).isEqualTo(Instant.ofEpochSecond(1700000000));
    }

    @Test
    @DisplayName("dates a process start from btime, to the tick")
    void datesAProcessStart() {
      KernelStat stat = ProcStat.parse(ProcSamples.read("stat"));

      assertThat(stat.processStart(0, 100)).isEqualTo(Instant.ofEpochSecond(1795319926));
      assertThat(stat.processStart(799331, 100)).isEqualTo(Instant.ofEpochSecond(1795319926 + 7993, 310_000_000));
      assertThat(stat.processStart(1001, 1000)).isEqualTo(Instant.ofEpochSecond(1795319927, 1_000_000));
      assertThatThrownBy(() -> stat.processStart(-1, 100)).isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> stat.processStart(1, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesTextWithoutBtime() {
      assertThatThrownBy(() -> ProcStat.parse("cpu  1 2 3 4 5 6 7 8 0 0\ncpu0 1 2 3 4 5 6 7 8 0 0\n"))
          .isInstanceOf(OutputParseException.class)
          .hasMessage("Cannot read the output of /proc/stat: there is no 'btime' line");
    }

    @Test
    @DisplayName("CPU percent: the busy share of the ticks between two samples")
    void computesBusyPercentFromTwoSamples() {
      CpuTimes earlier = new CpuTimes(100, 0, 50, 800, 50, 0, 0, 0);
      CpuTimes later = new CpuTimes(160, 0, 70, 880, 70, 10, 10, 0);

      // 60 + 20 + 10 + 10 busy of 200 ticks.
      assertThat(later.busyPercentSince(earlier)).hasValue(50.0);
      assertThat(later.busyPercentSince(later)).isEmpty();
      assertThat(earlier.busyPercentSince(later)).isEmpty();
    }
  }

  @Nested
  @DisplayName("/proc/loadavg")
  class Loadavg {
    @Test
    void readsTheAveragesAndTaskCounts() {
      assertThat(ProcLoadavg.parse(ProcSamples.read("loadavg"))).isEqualTo(new LoadAverage(1.92, 1.04, 1.27, 10, 129));
    }

    @Test
    @DisplayName("refuses numbers Double.parseDouble would take but the kernel never prints")
    void refusesExoticNumbers() {
      assertThatThrownBy(() -> ProcLoadavg.parse("NaN 0.1 0.1 1/2 3\n"))
          .isInstanceOf(OutputParseException.class)
          .hasMessage("Cannot read the output of /proc/loadavg at line 1: the 1-minute load 'NaN' is not a decimal number such as 0.63");
      assertThatThrownBy(() -> ProcLoadavg.parse("1e3 0.1 0.1 1/2 3"))
          .isInstanceOf(OutputParseException.class);
    }
  }

  @Nested
  @DisplayName("/proc/<pid>/stat")
  class PidStat {
    @Test
    @DisplayName("reads a name holding spaces and parentheses up to the last ')'")
    void readsAnOddName() {
      ProcessStat stat = ProcPidStat.parse(ProcSamples.read("pid-stat-odd-comm"));

      assertThat(stat).isEqualTo(new ProcessStat(27524, "my (weird) name", 'S', 1, 27518, 21448, 799331));
      assertThat(stat.isZombie()).isFalse();
    }

    @Test
    void readsInitAndAZombie() {
      assertThat(ProcPidStat.parse(ProcSamples.read("pid-stat-init")))
          .isEqualTo(new ProcessStat(1, "process_api", 'S', 0, 0, 0, 14));
      ProcessStat zombie = ProcPidStat.parse(ProcSamples.read("pid-stat-zombie"));
      assertThat(zombie.state()).isEqualTo('Z');
      assertThat(zombie.isZombie()).isTrue();
      assertThat(zombie.startTicks()).isEqualTo(798675);
    }

    @Test
    @DisplayName("takes the fields after the last ')' even when the name looks like fields")
    void readsANameThatLooksLikeFields() {
      String line = "77 (x) Z 1 2 3 4 ) S 10 11 12 0 -1 4194304 136 0 0 0 0 0 0 0 20 0 1 0 99 2990080 413 0\n";

      assertThat(ProcPidStat.parse(line)).isEqualTo(new ProcessStat(77, "x) Z 1 2 3 4 ", 'S', 10, 11, 12, 99));
    }

    @Test
    @DisplayName("a zombie or a dead process has exited; a running, sleeping or stopped one has not")
    void tellsAnExitedProcess() {
      String line = "5 (defunct thing) Z 1 5 5 0 -1 4194304 136 0 0 0 0 0 0 0 20 0 1 0 42 0 0 0";

      assertThat(ProcPidStat.parse(line).hasExited()).isTrue();
      assertThat(ProcPidStat.parse(line.replace(") Z", ") X")).hasExited()).isTrue();
      assertThat(ProcPidStat.parse(line.replace(") Z", ") x")).hasExited()).isTrue();
      assertThat(ProcPidStat.parse(line.replace(") Z", ") S")).hasExited()).isFalse();
      assertThat(ProcPidStat.parse(line.replace(") Z", ") T")).hasExited()).isFalse();
      assertThat(ProcPidStat.parse(ProcSamples.read("pid-stat-zombie")).hasExited()).isTrue();
    }

    @Test
    void readsANameThatIsJustAParenthesis() {
      String line = "42 ()) R 1 42 42 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 5000 0 0\n";

      assertThat(ProcPidStat.parse(line)).isEqualTo(new ProcessStat(42, ")", 'R', 1, 42, 42, 5000));
    }

    @Test
    void refusesALineCutBeforeTheStartTime() {
      assertThatThrownBy(() -> ProcPidStat.parse("42 (sleep) S 1 42 42 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0"))
          .isInstanceOf(OutputParseException.class)
          .hasMessage("Cannot read the output of /proc/<pid>/stat at line 1: expected at least 22 fields, found 21");
    }
  }

  @Nested
  @DisplayName("/proc/<pid>/fd link targets")
  class FdLinks {
    @Test
    void readsTheInodeOfASocket() {
      assertThat(ProcFd.socketInode("socket:[813006]")).hasValue(813006);
      assertThat(ProcFd.socketInode("socket:[0]")).hasValue(0);
      assertThat(ProcFd.socketInode("socket:[999999999999999999]")).hasValue(999_999_999_999_999_999L);
    }

    @Test
    @DisplayName("finds no socket in a file, a pipe, an anonymous inode or a broken socket link")
    void findsNoSocketInOtherTargets() {
      assertThat(ProcFd.socketInode("/var/log/web-1.log")).isEmpty();
      assertThat(ProcFd.socketInode("pipe:[813006]")).isEmpty();
      assertThat(ProcFd.socketInode("anon_inode:[eventpoll]")).isEmpty();
      assertThat(ProcFd.socketInode("socket:[]")).isEmpty();
      assertThat(ProcFd.socketInode("socket:[-5]")).isEmpty();
      assertThat(ProcFd.socketInode("socket:[12")).isEmpty();
      assertThat(ProcFd.socketInode("socket:[1x]")).isEmpty();
      assertThat(ProcFd.socketInode("socket:[9999999999999999999]")).isEmpty();
      assertThat(ProcFd.socketInode("")).isEmpty();
    }
  }

  @Nested
  @DisplayName("/proc/<pid>/cmdline and environ")
  class NulSeparated {
    @Test
    @DisplayName("reads every argument, including ones with spaces and an empty last one")
    void readsArguments() {
      assertThat(ProcCmdline.parse(ProcSamples.read("pid-cmdline")))
          .containsExactly("./my (weird) name) x", "-c", "sleep 120; :", "two words", "");
    }

    @Test
    void readsAnUnendedLastArgumentAndNoArguments() {
      assertThat(ProcCmdline.parse("nginx: worker process")).containsExactly("nginx: worker process");
      assertThat(ProcCmdline.parse("")).isEmpty();
    }

    @Test
    void readsTheEnvironmentInOrder() {
      Map<String, String> environment = ProcEnviron.parse(ProcSamples.read("pid-environ"));

      assertThat(environment).containsExactly(
          Map.entry("PATH", "/usr/bin"),
          Map.entry("LANG", "C.UTF-8"),
          Map.entry("STEWARD_INSTANCE", "default"),
          Map.entry("STEWARD_RESOURCE", "node/web-1"));
    }

    @Test
    @DisplayName("keeps the first of two entries with one name and skips entries getenv could not find")
    void behavesLikeGetenv() {
      assertThat(ProcEnviron.parse("A=1\0=x\0junk\0A=2\0B=\0C=x=y\0"))
          .containsExactly(Map.entry("A", "1"), Map.entry("B", ""), Map.entry("C", "x=y"));
      assertThat(ProcEnviron.parse("")).isEmpty();
      assertThat(List.copyOf(ProcEnviron.parse("Z=1\0A=2\0").keySet())).containsExactly("Z", "A");
    }

    @Test
    @DisplayName("finds one variable as parse would, without mistaking a longer name or a value for it")
    void findsOneVariable() {
      String environ = "STEWARD_INSTANCE_OLD=x\0PATH=/bin:STEWARD_INSTANCE=y\0STEWARD_INSTANCE=blue\0STEWARD_INSTANCE=red\0E=";

      assertThat(ProcEnviron.variable(environ, "STEWARD_INSTANCE")).hasValue("blue");
      assertThat(ProcEnviron.variable(environ, "E")).hasValue("");
      assertThat(ProcEnviron.variable(environ, "STEWARD")).isEmpty();
      assertThat(ProcEnviron.variable(environ, "")).isEmpty();
    }
  }
}
