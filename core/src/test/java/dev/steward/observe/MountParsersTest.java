package dev.steward.observe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** {@link Findmnt}, {@link MountInfo} and {@link Mounts}, on one mount table captured both ways. */
class MountParsersTest {
  private static final List<String> EXT4 = List.of("rw", "relatime", "discard", "resv_strict", "resuid=65534", "resgid=65534");
  private static final List<String> EXT4_RO = List.of("ro", "relatime", "discard", "resv_strict", "resuid=65534", "resgid=65534");

  @Test
  void splitsBindSourcesAndFlattensNestedChildren() {
    List<Mount> mounts = Findmnt.parseJson(Samples.read("mounts/findmnt-tree.json"));

    assertThat(mounts.get(0)).isEqualTo(new Mount("/", "/dev/vda", "/", "ext4", EXT4));
    assertThat(mounts).contains(
        new Mount("/tmp/pm/srv/a/with space", "/dev/vda", "/tmp/pm/src dir", "ext4", EXT4),
        new Mount("/tmp/pm/srv/a/app.conf", "/dev/vda", "/tmp/pm/srcb/app.conf", "ext4", EXT4),
        new Mount("/tmp/pm/srv/a/back\\slash", "/dev/vda", "/tmp/pm/src dir/sub", "ext4", EXT4),
        new Mount("/tmp/pm/srv/a/tab\there", "/dev/vda", "/tmp/pm/srcb", "ext4", EXT4),
        new Mount("/proc", "proc", "/", "proc", List.of("rw", "relatime")));
    // A grandchild (a bind inside a tmpfs) and a read-only bind stacked on it at the same target, in stacking order.
    assertThat(mounts).filteredOn(m -> m.target().startsWith("/tmp/pm/srv/a/nested")).containsExactly(
        new Mount("/tmp/pm/srv/a/nested", "tmpfs", "/", "tmpfs", List.of("rw", "relatime", "size=1024k", "mode=700")),
        new Mount("/tmp/pm/srv/a/nested/inner", "/dev/vda", "/tmp/pm/srcb", "ext4", EXT4),
        new Mount("/tmp/pm/srv/a/nested/inner", "/dev/vda", "/tmp/pm/srcb", "ext4", EXT4_RO));
    assertThat(mounts.get(mounts.size() - 1).readOnly()).isTrue();
  }

  @Test
  void listAndFsrootColumnsGiveTheSameMountsAsTheTree() {
    List<Mount> tree = Findmnt.parseJson(Samples.read("mounts/findmnt-tree.json"));

    assertThat(Findmnt.parseJson(Samples.read("mounts/findmnt-list.json"))).containsExactlyInAnyOrderElementsOf(tree);
    assertThat(Findmnt.parseJson(Samples.read("mounts/findmnt-fsroot-columns.json"))).containsExactlyInAnyOrderElementsOf(tree);
  }

  @Test
  void mountinfoOfTheSameTableGivesTheSameMounts() {
    List<Mount> fromProc = MountInfo.parse(Samples.read("mounts/mountinfo.txt"));

    assertThat(fromProc).containsExactlyInAnyOrderElementsOf(Findmnt.parseJson(Samples.read("mounts/findmnt-tree.json")));
    assertThat(fromProc).hasSize(27);
  }

  @Test
  void mountinfoDecodesOctalEscapesAndSkipsOptionalFields() {
    String text = "63 43 254:0 /tmp/pm/src\\040dir /srv/a/with\\040space rw,relatime - ext4 /dev/vda rw,discard\n"
        + "65 43 254:0 /x\\134y /srv/a/tab\\011new\\012line rw,relatime shared:2 master:1 propagate_from:1 unbindable - ext4 /dev/vda rw\n"
        + "95 27 0:4 net:[4026532184] /run/docker/netns/7c451bafb1ea rw - nsfs nsfs rw\n";

    assertThat(MountInfo.parse(text)).containsExactly(
        new Mount("/srv/a/with space", "/dev/vda", "/tmp/pm/src dir", "ext4", List.of("rw", "relatime", "discard")),
        new Mount("/srv/a/tab\tnew\nline", "/dev/vda", "/x\\y", "ext4", List.of("rw", "relatime")),
        new Mount("/run/docker/netns/7c451bafb1ea", "nsfs", "net:[4026532184]", "nsfs", List.of("rw")));
  }

  @Test
  void findmntSplitsBracketsInsideTheSourcePath() {
    String json = "{\"filesystems\": [{\"target\": \"/run/docker/netns/7c451bafb1ea\", \"source\": \"nsfs[net:[4026532184]]\","
        + " \"fstype\": \"nsfs\", \"options\": \"rw\"}, {\"target\": \"/home\", \"source\": \"/dev/sda2[/@home]\", \"fstype\": \"btrfs\"},"
        + " {\"target\": \"/srv/a\", \"source\": \"/dev/vda[/srv/a[1]]\", \"fstype\": \"ext4\", \"options\": \"rw\", \"id\": \"42\"}]}";

    assertThat(Findmnt.parseJson(json)).containsExactly(
        new Mount("/run/docker/netns/7c451bafb1ea", "nsfs", "net:[4026532184]", "nsfs", List.of("rw")),
        new Mount("/home", "/dev/sda2", "/@home", "btrfs", List.of()),
        new Mount("/srv/a", "/dev/vda", "/srv/a[1]", "ext4", List.of("rw")));
  }

  @Test
  void noMatchIsAnEmptyList() {
    assertThat(Findmnt.parseJson(Samples.read("mounts/findmnt-no-match.json"))).isEmpty();
  }

  @Test
  void listsBindMountsUnderARootOnWholeSegments() {
    List<Mount> mounts = MountInfo.parse(Samples.read("mounts/mountinfo.txt"));

    assertThat(Mounts.bindMountsUnder(mounts, "/tmp/pm/srv/a")).extracting(Mount::target).containsExactly(
        "/tmp/pm/srv/a/with space", "/tmp/pm/srv/a/app.conf", "/tmp/pm/srv/a/back\\slash", "/tmp/pm/srv/a/tab\there",
        "/tmp/pm/srv/a/nested/inner", "/tmp/pm/srv/a/nested/inner");
    assertThat(Mounts.bindMountsUnder(mounts, "/tmp/pm/srv/ab/")).extracting(Mount::sourcePath).containsExactly("/tmp/pm/srcb");
    assertThat(Mounts.bindMountsUnder(mounts, "/proc")).isEmpty();
    assertThatThrownBy(() -> Mounts.bindMountsUnder(mounts, "tmp")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void explainsWhatFindmntOutputLacks() {
    assertThatThrownBy(() -> Findmnt.parseJson(""))
        .isInstanceOf(OutputParseException.class)
        .hasMessage("Cannot read the output of findmnt --json: expected a JSON object {\"filesystems\": [...]}, found no output");
    assertThatThrownBy(() -> Findmnt.parseJson("{\"mounts\": []}"))
        .isInstanceOf(OutputParseException.class).hasMessageContaining("expected the key \"filesystems\", found keys such as \"mounts\"");
    assertThatThrownBy(() -> Findmnt.parseJson("{\"filesystems\": [{\"target\": \"/\", \"source\": \"/dev/vda\", \"fstype\": \"ext4\","
            + " \"children\": [{\"target\": 7}]}]}"))
        .isInstanceOf(OutputParseException.class)
        .hasMessageContaining("filesystems[0].children[0]: expected \"target\" to be a string, found the number 7");
    assertThatThrownBy(() -> Findmnt.parseJson("{\"filesystems\": [{\"target\": \"/\", \"source\": \"dev]\", \"fstype\": \"x\"}]}"))
        .isInstanceOf(OutputParseException.class).hasMessageContaining("unbalanced brackets");
    assertThatThrownBy(() -> Findmnt.parseJson("{\"filesystems\": []} {\"filesystems\": []}"))
        .isInstanceOf(OutputParseException.class).hasMessageContaining("not valid JSON");
    assertThatThrownBy(() -> Findmnt.parseJson("{\"filesystems\": [], \"filesystems\": []}"))
        .isInstanceOf(OutputParseException.class).hasMessageContaining("Duplicate field 'filesystems'");
  }

  @Test
  void explainsWhatAMountinfoLineLacks() {
    assertThatThrownBy(() -> MountInfo.parse(""))
        .isInstanceOf(OutputParseException.class).hasMessageContaining("expected at least one mount");
    assertThatThrownBy(() -> MountInfo.parse("27 1 254:0 / / rw,relatime - ext4 /dev/vda rw\n22 27 0:21 / /proc rw,relatime proc proc rw\n"))
        .isInstanceOf(OutputParseException.class)
        .hasMessageStartingWith("Cannot read the output of /proc/self/mountinfo at line 2: expected 'id parent major:minor root")
        .hasMessageContaining("the line starts '22 27 0:21");
    assertThatThrownBy(() -> MountInfo.parse("27 1 254:0 /a\\9 / rw - ext4 /dev/vda rw\n"))
        .isInstanceOf(OutputParseException.class).hasMessageContaining("octal escape such as \\040, found '\\9'");
    assertThatThrownBy(() -> MountInfo.parse("x 1 254:0 / / rw - ext4 /dev/vda rw\n"))
        .isInstanceOf(OutputParseException.class).hasMessageContaining("mount id and parent id to be numbers");
  }

  @Property(tries = 1000)
  void anyTextGivesMountsOrAParseErrorFromFindmnt(@ForAll("findmntGarbage") String text) {
    Garbage.resultOrParseError(Findmnt::parseJson, text);
  }

  @Property(tries = 1000)
  void anyTextGivesMountsOrAParseErrorFromMountinfo(@ForAll("mountinfoGarbage") String text) {
    Garbage.resultOrParseError(MountInfo::parse, text);
  }

  @Property(tries = 300)
  void jsonThatIsNotAnObjectIsAlwaysAParseError(@ForAll("notAnObject") String text) {
    Garbage.parseError(Findmnt::parseJson, text);
  }

  @Provide
  Arbitrary<String> findmntGarbage() {
    return Arbitraries.oneOf(
        Garbage.text(),
        Garbage.json("filesystems", "target", "source", "fstype", "options", "children", "fsroot"),
        Garbage.json("target", "source", "fstype", "options", "children").map(v -> "{\"filesystems\": [" + v + "]}"),
        Garbage.damaged(Samples.read("mounts/findmnt-tree.json"), Samples.read("mounts/findmnt-fsroot-columns.json")));
  }

  @Provide
  Arbitrary<String> mountinfoGarbage() {
    return Arbitraries.oneOf(Garbage.text(), Garbage.damaged(Samples.read("mounts/mountinfo.txt")));
  }

  @Provide
  Arbitrary<String> notAnObject() {
    return Garbage.json("filesystems").filter(s -> !s.startsWith("{"));
  }
}
