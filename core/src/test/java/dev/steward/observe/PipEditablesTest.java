package dev.steward.observe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class PipEditablesTest {
  private static final EditableInstall PEP660 = new EditableInstall("demo-pkg", "0.1.0", "/tmp/parsers-cap/proj",
      Optional.of("/tmp/parsers-cap/venv/lib/python3.11/site-packages"), Optional.of("pip"));
  private static final EditableInstall EGG_LINK = new EditableInstall("legacy-two", "2.0.0", "/tmp/parsers-cap/legacy/src",
      Optional.of("/tmp/parsers-cap/legacy/src"), Optional.empty());

  @Test
  void readsPep660AndEggLinkInstallsOfNewerPip() {
    assertThat(PipEditables.parse(Samples.read("pip/pip23-pep660-and-egg-link.json"))).containsExactly(PEP660, EGG_LINK);
  }

  @Test
  void readsTheProjectFromLocationOnPipOlderThan21_3() {
    assertThat(PipEditables.parse(Samples.read("pip/pip18-egg-link.json"))).containsExactly(EGG_LINK);
  }

  @Test
  void readsOutputWithoutMinusV() {
    assertThat(PipEditables.parse(Samples.read("pip/pip23-not-verbose.json")))
        .extracting(EditableInstall::name, EditableInstall::projectLocation, EditableInstall::location)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("demo-pkg", "/tmp/parsers-cap/proj", Optional.empty()),
            org.assertj.core.groups.Tuple.tuple("legacy-two", "/tmp/parsers-cap/legacy/src", Optional.empty()));
  }

  @Test
  void noEditablesIsAnEmptyList() {
    assertThat(PipEditables.parse(Samples.read("pip/pip23-none.json"))).isEmpty();
    assertThat(PipEditables.parse(Samples.read("pip/pip18-none.json"))).isEmpty();
  }

  @Test
  void findsTheArrayAmongWarningsAndNotices() {
    assertThat(PipEditables.parse(Samples.read("pip/pip23-warning-merged-into-stdout.txt"))).containsExactly(PEP660, EGG_LINK);

    String noisy = "[notice] A new release of pip is available: 23.2.1 -> 26.2.1\r\n"
        + "DEPRECATION: something\n"
        + "  [{\"name\": \"a\", \"version\": \"1\", \"editable_project_location\": \"/srv/a\"}]  \r\n"
        + "[notice] To update, run: pip install --upgrade pip\n"
        + "WARNING: Location 'file:///x' is ignored: it is neither a file nor a directory.\n";
    assertThat(PipEditables.parse(noisy)).extracting(EditableInstall::projectLocation).containsExactly("/srv/a");
  }

  @Test
  void filtersToASourceRootOnWholePathSegments() {
    List<EditableInstall> installs = List.of(
        install("a", "/srv/a"), install("a-sub", "/srv/a/sub/"), install("ab", "/srv/ab"), install("other", "/opt/x"));

    assertThat(PipEditables.under("/srv/a", installs)).extracting(EditableInstall::name).containsExactly("a", "a-sub");
    assertThat(PipEditables.under("/srv/a/", installs)).extracting(EditableInstall::name).containsExactly("a", "a-sub");
    assertThat(PipEditables.under("/srv", installs)).extracting(EditableInstall::name).containsExactly("a", "a-sub", "ab");
    assertThat(PipEditables.under("/", installs)).hasSize(4);
    assertThat(PipEditables.under("/sr", installs)).isEmpty();
    assertThatThrownBy(() -> PipEditables.under("srv/a", installs))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("absolute path");
  }

  @Test
  void explainsOutputWithoutAJsonArray() {
    assertThatThrownBy(() -> PipEditables.parse(""))
        .isInstanceOf(OutputParseException.class)
        .hasMessageStartingWith("Cannot read the output of pip list -v -e --format=json: expected a line holding one JSON array");
    assertThatThrownBy(() -> PipEditables.parse("Package  Version Editable project location\n-------- -------\n"))
        .isInstanceOf(OutputParseException.class).hasMessageContaining("is this pip's stdout with --format=json?");
  }

  @Test
  void explainsATruncatedArrayWithItsLine() {
    String sample = Samples.read("pip/pip23-warning-merged-into-stdout.txt");
    assertThatThrownBy(() -> PipEditables.parse(sample.substring(0, sample.length() - 30)))
        .isInstanceOf(OutputParseException.class)
        .hasMessageContaining("at line 2")
        .hasMessageContaining("the first line that starts with '[' fails")
        .satisfies(e -> assertThat(((OutputParseException) e).line()).isEqualTo(2));
  }

  @Test
  void explainsEntriesThatLackFields() {
    assertThatThrownBy(() -> PipEditables.parse("[{\"name\": \"x\", \"version\": \"1\"}]"))
        .isInstanceOf(OutputParseException.class)
        .hasMessageContaining("line 1, entry 1: package 'x' has neither \"editable_project_location\" nor \"location\"; run pip list with -v");
    assertThatThrownBy(() -> PipEditables.parse("[{\"version\": \"1\"}]"))
        .isInstanceOf(OutputParseException.class).hasMessageContaining("expected \"name\" to be a string, found nothing");
    assertThatThrownBy(() -> PipEditables.parse("[[1]]"))
        .isInstanceOf(OutputParseException.class).hasMessageContaining("expected a JSON object, found an array");
  }

  @Test
  void refusesAKeyGivenTwice() {
    assertThatThrownBy(() -> PipEditables.parse(
            "[{\"name\": \"x\", \"name\": \"y\", \"version\": \"1\", \"location\": \"/a\"}]"))
        .isInstanceOf(OutputParseException.class).hasMessageContaining("Duplicate field 'name'");
  }

  @Property(tries = 1000)
  void anyTextGivesInstallsOrAParseError(@ForAll("garbage") String text) {
    Garbage.resultOrParseError(PipEditables::parse, text);
  }

  @Property(tries = 300)
  void textWithoutAnOpeningBracketIsAlwaysAParseError(@ForAll("noBracket") String text) {
    Garbage.parseError(PipEditables::parse, text);
  }

  @Provide
  Arbitrary<String> garbage() {
    return Arbitraries.oneOf(
        Garbage.text(),
        Garbage.json("name", "version", "location", "editable_project_location", "installer"),
        Garbage.json("name", "version", "location").map(v -> "[" + v + "]"),
        Garbage.damaged(Samples.read("pip/pip23-pep660-and-egg-link.json"),
            Samples.read("pip/pip23-warning-merged-into-stdout.txt"), Samples.read("pip/pip18-egg-link.json")));
  }

  @Provide
  Arbitrary<String> noBracket() {
    return Garbage.text().map(s -> s.replace("[", ""));
  }

  private static EditableInstall install(String name, String path) {
    return new EditableInstall(name, "1", path, Optional.empty(), Optional.empty());
  }
}
