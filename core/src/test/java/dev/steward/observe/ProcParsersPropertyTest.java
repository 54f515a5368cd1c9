package dev.steward.observe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.List;
import java.util.function.Function;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Whatever text the {@code /proc} readers get, they give records or an {@link
 * OutputParseException}, never anything else. Garbage is random text, and real samples cut,
 * spliced and with characters changed, which gets much further into each reader.
 */
class ProcParsersPropertyTest {
  private static final List<String> SAMPLES = List.of("pid-environ", "pid-cmdline", "net/tcp", "net/tcp6", "net/udp", "net/udp6", "net/tcp6-edge",
      "meminfo", "stat", "stat-old-kernel", "loadavg", "pid-stat-odd-comm", "pid-stat-init", "pid-stat-zombie");

  @Property(tries = 500)
  @Label("/proc/net/tcp: sockets or an OutputParseException")
  void tcp(@ForAll("garbage") String text) {
    assertRecordsOrParseError(ProcNet::tcp, text);
  }

  @Property(tries = 500)
  @Label("/proc/net/tcp6: sockets or an OutputParseException")
  void tcp6(@ForAll("garbage") String text) {
    assertRecordsOrParseError(ProcNet::tcp6, text);
  }

  @Property(tries = 500)
  @Label("/proc/net/udp: sockets or an OutputParseException")
  void udp(@ForAll("garbage") String text) {
    assertRecordsOrParseError(ProcNet::udp, text);
  }

  @Property(tries = 500)
  @Label("/proc/net/udp6: sockets or an OutputParseException")
  void udp6(@ForAll("garbage") String text) {
    assertRecordsOrParseError(ProcNet::udp6, text);
  }

  @Property(tries = 500)
  @Label("/proc/meminfo: memory or an OutputParseException")
  void meminfo(@ForAll("garbage") String text) {
    assertRecordsOrParseError(ProcMeminfo::parse, text);
  }

  @Property(tries = 500)
  @Label("/proc/stat: CPU times or an OutputParseException")
  void stat(@ForAll("garbage") String text) {
    assertRecordsOrParseError(ProcStat::parse, text);
  }

  @Property(tries = 500)
  @Label("/proc/loadavg: load or an OutputParseException")
  void loadavg(@ForAll("garbage") String text) {
    assertRecordsOrParseError(ProcLoadavg::parse, text);
  }

  @Property(tries = 500)
  @Label("/proc/<pid>/stat: a process or an OutputParseException")
  void pidStat(@ForAll("garbage") String text) {
    assertRecordsOrParseError(ProcPidStat::parse, text);
  }

  @Property(tries = 500)
  @Label("/proc/<pid>/cmdline: any text is an argument vector, and NUL-ended words read back as they were")
  void cmdline(@ForAll("garbage") String text, @ForAll List<@net.jqwik.api.constraints.CharRange(from = '\u0001', to = '\uffff') String> argv) {
    assertThat(catchThrowable(() -> ProcCmdline.parse(text))).isNull();
    StringBuilder written = new StringBuilder();
    argv.forEach(word -> written.append(word).append('\0'));
    assertThat(ProcCmdline.parse(written.toString())).isEqualTo(argv);
  }

  @Property(tries = 500)
  @Label("/proc/<pid>/environ: any text is an environment, never an error, and one variable is what the whole map says")
  void environ(@ForAll("garbage") String text, @ForAll("names") String name) {
    assertThat(catchThrowable(() -> ProcEnviron.parse(text))).isNull();
    assertThat(ProcEnviron.variable(text, name)).isEqualTo(java.util.Optional.ofNullable(ProcEnviron.parse(text).get(name)));
  }

  @Property(tries = 500)
  @Label("/proc/<pid>/fd: any link target is a socket's inode or none, never an error, and socket:[N] reads back N")
  void fdLink(@ForAll("garbage") String text, @ForAll @net.jqwik.api.constraints.LongRange(min = 0, max = 999_999_999_999_999_999L) long inode) {
    assertThat(catchThrowable(() -> ProcFd.socketInode(text))).isNull();
    assertThat(ProcFd.socketInode("socket:[" + inode + "]")).hasValue(inode);
  }

  @Provide
  Arbitrary<String> names() {
    return Arbitraries.oneOf(Arbitraries.strings().withChars("AB_=").ofMaxLength(4), Arbitraries.of("PATH", "LANG", "STEWARD_INSTANCE"));
  }

  @Provide
  Arbitrary<String> garbage() {
    Arbitrary<String> random = Arbitraries.strings().all().ofMaxLength(300);
    Arbitrary<String> procLike = Arbitraries.strings().withChars("0123456789ABCDEFabcdef :()\n\t.-/kB\0=_").ofMaxLength(300);
    Arbitrary<String> mangled = Arbitraries.of(SAMPLES).flatMap(name -> mangle(ProcSamples.read(name)));
    Arbitrary<String> spliced = Arbitraries.of(SAMPLES).list().ofMinSize(2).ofMaxSize(3)
        .map(names -> String.join("", names.stream().map(ProcSamples::read).toList()));
    return Arbitraries.oneOf(random, procLike, mangled, spliced);
  }

  /** The sample cut at a random point, or with a few characters replaced. */
  private static Arbitrary<String> mangle(String sample) {
    Arbitrary<String> cut = Arbitraries.integers().between(0, sample.length()).map(n -> sample.substring(0, n));
    Arbitrary<String> changed = Arbitraries.integers().between(0, Math.max(0, sample.length() - 1)).list().ofMinSize(1).ofMaxSize(4)
        .flatMap(positions -> Arbitraries.chars().with("0Fz :()\n-9x\0".toCharArray()).list().ofSize(positions.size())
            .map(chars -> {
              char[] text = sample.toCharArray();
              for (int i = 0; i < positions.size() && text.length > 0; i++) {
                text[positions.get(i)] = chars.get(i);
              }
              return new String(text);
            }));
    return Arbitraries.oneOf(cut, changed);
  }

  private static <T> void assertRecordsOrParseError(Function<String, T> parser, String text) {
    Throwable thrown = catchThrowable(() -> parser.apply(text));
    if (thrown != null) {
      assertThat(thrown).isInstanceOf(OutputParseException.class);
      assertThat(thrown.getMessage()).startsWith("Cannot read the output of /proc/").doesNotContain("\n");
    }
  }

}
