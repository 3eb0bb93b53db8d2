package dev.clip2scene.nodes.pretrain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clip2scene.model.train.PretrainConfig;
import dev.clip2scene.model.train.Sample;
import dev.clip2scene.model.train.SampleStream;
import dev.clip2scene.model.train.SkippedSamples;
import dev.clip2scene.nodes.bag.BagMessage;
import dev.clip2scene.nodes.bag.BagReader;
import dev.clip2scene.nodes.bag.MessageFilter;
import dev.clip2scene.nodes.bag.MessageLocator;
import dev.clip2scene.nodes.bag.WriterOptions;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sample index: written once, reused, rebuilt when bags or settings change; samples read through it (mixed
 * storages and several bags, any worker count, any read-ahead) equal samples read one by one; bad input is left
 * out with a message naming bag, topic and stamp, and counted, while the rest still makes samples.
 */
class SampleIndexTest {
  @TempDir Path tmp;

  /** Records what an index build says. */
  private static final class Heard implements SampleIndexer.Listener {
    final List<String> notes = new ArrayList<>();
    int reused;

    @Override
    public void note(String line) {
      notes.add(line);
    }

    @Override
    public void reused(Path file, SampleIndex index) {
      reused++;
    }
  }

  @Test
  void writtenOnceReusedAndRebuiltWhenBagsOrSettingsChange() throws IOException {
    Path bag = DriveBag.of(6).write(tmp.resolve("drive"));
    Path file = tmp.resolve("run").resolve(SampleIndex.FILE);
    PretrainConfig.Data data = DriveBag.data();
    Heard first = new Heard();
    SampleIndex built = SampleIndex.open(file, List.of(bag), data, first);
    assertEquals(0, first.reused);
    assertEquals(6, built.size());
    assertTrue(Files.size(file) < 4096, "a small file: " + Files.size(file) + " bytes for 6 samples");

    Heard again = new Heard();
    SampleIndex read = SampleIndex.open(file, List.of(bag), data, again);
    assertEquals(1, again.reused, "the same bags and settings: reused");
    assertEquals(built.entries(), read.entries(), "every place, stamp and transform read back exactly");
    assertEquals(built.files(), read.files());

    data.sweeps = 2;
    Heard settings = new Heard();
    SampleIndex twoSweeps = SampleIndex.open(file, List.of(bag), data, settings);
    assertEquals(0, settings.reused);
    assertTrue(settings.notes.get(0).contains("changed"), settings.notes.toString());
    assertEquals(2, twoSweeps.entries().get(5).sweeps().size());

    Path mcap = bag.resolve("drive_0.mcap");
    Files.setLastModifiedTime(mcap, FileTime.fromMillis(Files.getLastModifiedTime(mcap).toMillis() + 5000));
    Heard touched = new Heard();
    SampleIndex.open(file, List.of(bag), data, touched);
    assertEquals(0, touched.reused, "a bag file that changed: indexed again");

    byte[] stored = Files.readAllBytes(file);
    stored[stored.length - 5] ^= 1; // the gzip trailer's CRC: every field still reads, the check must not
    Files.write(file, stored);
    Heard flipped = new Heard();
    assertEquals(6, SampleIndex.open(file, List.of(bag), data, flipped).size());
    assertEquals(0, flipped.reused, "a damaged index is built again");
    assertTrue(flipped.notes.get(0).contains("unreadable"), flipped.notes.toString());

    Files.write(file, new byte[] {1, 2, 3});
    Heard garbage = new Heard();
    assertEquals(6, SampleIndex.open(file, List.of(bag), data, garbage).size());
    assertTrue(garbage.notes.get(0).contains("unreadable"), garbage.notes.toString());
  }

  @Test
  void readAheadGivesWhatOneByOneReadsGiveWhateverTheWorkersAcrossStoragesAndBags() throws IOException {
    Path mcap = DriveBag.of(8).with(WriterOptions.MCAP.withChunkSize(4096)).write(tmp.resolve("a"));
    Path db = DriveBag.of(5).with(WriterOptions.SQLITE3).write(tmp.resolve("b"));
    PretrainConfig.Data data = DriveBag.data();
    SampleIndex index = SampleIndex.open(tmp.resolve(SampleIndex.FILE), List.of(mcap, db), data, new Heard());
    assertEquals(13, index.size());
    int[] order = {12, 0, 7, 3, 9, 1, 11, 5, 2, 10, 4, 8, 6};
    List<Sample> direct = new ArrayList<>();
    try (SampleLoader one = SampleLoader.open(index, data, false, new SkippedSamples())) {
      for (int i : order) direct.add(one.load(i));
    }
    for (int[] wp : new int[][] {{1, 1}, {3, 2}, {4, 13}}) {
      data.workers = wp[0];
      data.prefetch = wp[1];
      try (SampleLoader l = SampleLoader.open(index, data, true, new SkippedSamples()); SampleStream s = l.read(order)) {
        for (int k = 0; k < order.length; k++) {
          Sample got = s.next();
          assertNotNull(got);
          assertEquals(direct.get(k).source(), got.source());
          assertEquals(direct.get(k).stampNs(), got.stampNs());
          assertArrayEquals(direct.get(k).points(), got.points(), "sample " + order[k] + " with " + wp[0] + " workers, read-ahead " + wp[1]);
          assertArrayEquals(direct.get(k).labels(), got.labels());
          assertEquals(8, got.cameras().get(0).image().get().width(), "images decoded ahead");
        }
      }
    }
  }

  @Test
  void missingTransformsDropTheSweepOrCameraAndSayWhere() throws IOException {
    // ego poses only from 1.25 s on (tf interpolates across gaps, so the missing ones are at the start): sweeps and
    // images before then cannot be placed
    Path bag = DriveBag.of(8).withTfGap(0, 1250 * DriveBag.MS).write(tmp.resolve("gap"));
    Heard heard = new Heard();
    SampleIndex index = SampleIndex.open(tmp.resolve(SampleIndex.FILE), List.of(bag), DriveBag.data(), heard);
    assertEquals(8, index.size(), "every keyframe still makes a sample");
    assertEquals(1300 * DriveBag.MS, index.entries().get(3).stampNs());
    assertEquals(1, index.entries().get(3).sweeps().size(), "1.3 s keeps itself; 1.2 s and 1.1 s have no pose");
    assertEquals(2, index.entries().get(4).sweeps().size(), "1.4 s keeps itself and 1.3 s");
    assertEquals(3, index.entries().get(5).sweeps().size());
    for (int i = 0; i < 3; i++) assertEquals(0, index.entries().get(i).images().size(), "no pose at keyframe " + i);
    assertEquals(1, index.entries().get(3).images().size());
    var skipped = index.skipped();
    assertTrue(skipped.get("sweep without ego pose").count() >= 2, skipped.toString());
    String example = skipped.get("sweep without ego pose").example();
    assertTrue(example.contains(bag.toString()) && example.contains(DriveBag.CLOUD) && example.contains(" ns"), example);
    assertTrue(skipped.get("camera image without transform").example().contains(DriveBag.FRONT), skipped.toString());
    assertTrue(heard.notes.stream().anyMatch(n -> n.contains("sweep without ego pose")), "said once as it happened: " + heard.notes);
  }

  @Test
  void cameraWithoutCameraInfoIsLeftOutWithAWarning() throws IOException {
    Path bag = DriveBag.of(3).withoutCameraInfo().write(tmp.resolve("noinfo"));
    Heard heard = new Heard();
    SampleIndex index = SampleIndex.open(tmp.resolve(SampleIndex.FILE), List.of(bag), DriveBag.data(), heard);
    assertEquals(3, index.size());
    assertTrue(index.entries().stream().allMatch(e -> e.images().isEmpty()));
    assertTrue(heard.notes.stream().anyMatch(n -> n.contains("3 images on /front/image_raw but no camera_info on /front/camera_info")), heard.notes.toString());
  }

  @Test
  void aBagWithoutTheConfiguredTopicsIsNamed() throws IOException {
    Path bag = DriveBag.of(2).withoutImages().write(tmp.resolve("nothing"));
    PretrainConfig.Data data = DriveBag.data();
    data.cloudTopic = "/velodyne_points";
    Heard heard = new Heard();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> SampleIndex.open(tmp.resolve(SampleIndex.FILE), List.of(bag), data, heard));
    assertTrue(e.getMessage().contains("/velodyne_points"), e.getMessage());
    String why = String.join("\n", heard.notes);
    assertTrue(why.contains(bag + ": no messages on the cloud topic /velodyne_points") && why.contains(DriveBag.CLOUD), "names the bag and lists its topics: " + why);
    assertFalse(Files.exists(tmp.resolve(SampleIndex.FILE)), "no index written");
  }

  @Test
  void aCorruptChunkInTheMiddleLosesItsMessagesOnly() throws IOException {
    Path bag = DriveBag.of(10).with(WriterOptions.MCAP.withChunkSize(512)).write(tmp.resolve("corrupt"));
    Path mcap = bag.resolve("corrupt_0.mcap");
    long location = -1;
    try (BagReader r = BagReader.open(bag); var c = ((MessageLocator) r.storages().get(0)).locatedMessages(MessageFilter.ofTopics(Set.of(DriveBag.CLOUD)))) {
      for (BagMessage m = c.next(); m != null; m = c.next()) {
        if (m.logTimeNs() == DriveBag.cloudStamp(5)) location = c.location();
      }
    }
    try (RandomAccessFile f = new RandomAccessFile(mcap.toFile(), "rw")) {
      f.seek(location + 80);
      int b = f.read();
      f.seek(location + 80);
      f.write(b ^ 0xFF);
    }
    Heard heard = new Heard();
    SampleIndex index = SampleIndex.open(tmp.resolve(SampleIndex.FILE), List.of(bag), DriveBag.data(), heard);
    assertEquals(9, index.size(), "the cloud at 1.5 s is lost, the clouds after it are not");
    assertEquals(DriveBag.cloudStamp(9), index.entries().get(8).stampNs());
    SkippedSamples.Entry damaged = index.skipped().get("damaged bag data (its messages are lost)");
    assertEquals(2, damaged.count(), "the chunk, and the Statistics record's count that no longer matches: " + index.skipped());
    assertTrue(damaged.example().contains(mcap.toString()) && damaged.example().contains("at byte " + location), damaged.example());
    try (SampleLoader l = SampleLoader.open(index, DriveBag.data(), false, new SkippedSamples())) {
      for (int i = 0; i < l.size(); i++) assertTrue(l.load(i).pointCount() >= 5);
    }
  }

  @Test
  void anImageOfAnotherSizeThanItsCameraInfoIsRefusedByNameAndCanBeLeftOut() throws IOException {
    Path bag = DriveBag.of(2).withCameraInfo(dev.clip2scene.model.geometry.CameraCalibration.pinhole(16, 12, 12, 12, 8, 6)).write(tmp.resolve("sizes"));
    SampleIndex index = SampleIndex.open(tmp.resolve(SampleIndex.FILE), List.of(bag), DriveBag.data(), new Heard());
    try (SampleLoader l = SampleLoader.open(index, DriveBag.data(), false, new SkippedSamples())) {
      Sample s = l.load(1);
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> s.cameras().get(0).image().get());
      assertEquals(bag + ", topic " + DriveBag.FRONT + ", image at 1110000000 ns: 8 x 6 pixels, but its camera_info says 16 x 12", e.getMessage());
      var key = new dev.clip2scene.model.teacher.TeacherKey(bag.toAbsolutePath().normalize().toString(), DriveBag.FRONT, 1_110_000_000L, "w",
          dev.clip2scene.model.teacher.TeacherKey.Crop.whole(16, 12));
      SampleLoader without = l.withoutImages(List.of(key));
      assertEquals(List.of(), without.load(1).cameras(), "the image the teacher could not read is left out");
      assertEquals(1, without.load(0).cameras().size(), "the others stay");
      assertEquals(1, without.teacherJobs(dev.clip2scene.model.teacher.TeacherView.whole(), "w").size());
    }
  }

  @Test
  void aChunkDamagedAfterIndexingCostsItsKeyframeAndTheSweepsInItByName() throws IOException {
    Path bag = DriveBag.of(6).with(WriterOptions.MCAP.withChunkSize(512)).write(tmp.resolve("later"));
    SampleIndex index = SampleIndex.open(tmp.resolve(SampleIndex.FILE), List.of(bag), DriveBag.data(), new Heard());
    long location = index.entries().get(3).sweeps().get(0).cloud().location();
    try (RandomAccessFile f = new RandomAccessFile(bag.resolve("later_0.mcap").toFile(), "rw")) {
      f.seek(location + 80);
      int b = f.read();
      f.seek(location + 80);
      f.write(b ^ 0xFF);
    }
    PretrainConfig.Data data = DriveBag.data();
    SkippedSamples skipped = new SkippedSamples();
    int lost = 0;
    long sweepsLostAll = 0;
    try (SampleLoader l = SampleLoader.open(index, data, false, skipped); SampleStream s = l.read(new int[] {0, 1, 2, 3, 4, 5})) {
      for (int i = 0; i < 6; i++) {
        SampleIndex.Entry entry = index.entries().get(i);
        boolean keyframeLost = entry.sweeps().get(0).cloud().location() == location;
        long sweepsLost = entry.sweeps().stream().skip(1).filter(w -> w.cloud().location() == location).count();
        Sample got = s.next();
        assertEquals(keyframeLost, got == null, "sample " + i + (keyframeLost ? "'s keyframe lay in the damaged chunk" : " keeps its keyframe"));
        if (keyframeLost) lost++;
        if (got != null) assertEquals(5 * (entry.sweeps().size() - sweepsLost), got.pointCount(), "sample " + i + " without its lost sweeps");
        sweepsLostAll += sweepsLost;
      }
    }
    SkippedSamples.Entry e = skipped.counts().get("unreadable sample");
    assertEquals(1, lost, "the keyframe at 1.3 s");
    assertEquals(lost, e.count());
    assertEquals(2, sweepsLostAll, "1.3 s was an earlier sweep of 1.4 s and 1.5 s");
    assertEquals(2, skipped.counts().get("unreadable sweep (its keyframe trains without it)").count());
    assertTrue(e.example().contains(bag.toString()) && e.example().contains("keyframe at 1300000000 ns")
        && e.example().contains("later_0.mcap: Chunk record at byte " + location), e.example());
  }
}
