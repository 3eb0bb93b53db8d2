package dev.clip2scene.nodes.pretrain;

import dev.clip2scene.model.geometry.CameraCalibration;
import dev.clip2scene.model.geometry.Quaternion;
import dev.clip2scene.model.geometry.RigidTransform;
import dev.clip2scene.model.geometry.Vector3;
import dev.clip2scene.model.io.AtomicFiles;
import dev.clip2scene.model.train.PretrainConfig;
import dev.clip2scene.model.train.SkippedSamples;
import dev.clip2scene.nodes.bag.BagReader;
import dev.clip2scene.nodes.bag.StorageReader;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Where every training sample of a set of bags lies, without the samples themselves: per keyframe, the clouds of
 * its sweeps and the image of each camera as places in the storage files (an MCAP chunk offset or an sqlite3 row
 * id, with log time and header stamp), the transforms that register the sweeps into the keyframe, and the cloud ->
 * camera transform at each image's stamp. Built in one pass over the bags ({@link SampleIndexer}), written as a small
 * file in the run folder and read back by later epochs, runs and {@code --resume}; its fingerprint (every storage
 * file's path, size and modification time, and the data settings that shape samples) tells when it must be
 * rebuilt. It also keeps what the pass left out and why, so that a reused index reports the same.
 */
public final class SampleIndex {
  public static final String FILE = "sample-index.bin";
  private static final String MAGIC = "clip2scene-sample-index/1";

  /** A message: its storage file (index into {@link #files}), place there, log time and header stamp. */
  public record MessageRef(int file, long location, long logTimeNs, long stampNs) {}

  /** One sweep of a sample: its cloud and the transform into the keyframe's frame (null: none needed). */
  public record Sweep(MessageRef cloud, RigidTransform toKeyframe) {}

  /** A camera of a bag: image topic, optical frame, calibration from its camera_info. */
  public record Camera(String topic, String frameId, CameraCalibration calibration) {}

  /** One camera's image for a sample (CAMERA indexes {@link #cameras}), with the keyframe cloud -> camera transform. */
  public record CameraImage(int camera, MessageRef image, RigidTransform cloudToCamera) {}

  /** A sample: its bag (index into {@link #bags}), whether its clouds carry labels, its sweeps (keyframe first), images. */
  public record Entry(int bag, boolean labelled, List<Sweep> sweeps, List<CameraImage> images) {
    public long stampNs() {
      return sweeps.get(0).cloud().stampNs();
    }
  }

  private final String fingerprint;
  private final List<Path> bags;
  private final List<Path> files;
  private final List<Camera> cameras;
  private final List<Entry> entries;
  private final Map<String, SkippedSamples.Entry> skipped;
  private final List<String> warnings;

  public SampleIndex(String fingerprint, List<Path> bags, List<Path> files, List<Camera> cameras, List<Entry> entries,
      Map<String, SkippedSamples.Entry> skipped, List<String> warnings) {
    this.fingerprint = fingerprint;
    this.bags = List.copyOf(bags);
    this.files = List.copyOf(files);
    this.cameras = List.copyOf(cameras);
    this.entries = List.copyOf(entries);
    this.skipped = new LinkedHashMap<>(skipped);
    this.warnings = List.copyOf(warnings);
  }

  /** The index for BAGS in FILE when it is there and its fingerprint matches; otherwise built and written there. */
  public static SampleIndex open(Path file, List<Path> bags, PretrainConfig.Data data, SampleIndexer.Listener listener) throws IOException {
    String fp = fingerprint(bags, data);
    if (Files.isRegularFile(file)) {
      try {
        SampleIndex stored = read(file);
        if (stored.fingerprint.equals(fp)) {
          listener.reused(file, stored);
          return stored;
        }
        listener.note("the bags or the sample settings changed since " + file + " was built: indexing again");
      } catch (IOException | RuntimeException e) {
        listener.note(file + " is unreadable (" + e.getMessage() + "): indexing again");
      }
    }
    SampleIndex built = new SampleIndexer(data, listener).build(bags, fp);
    built.write(file);
    return built;
  }

  /** Identifies the bags' storage files as they are now and the settings that decide what a sample holds. */
  public static String fingerprint(List<Path> bags, PretrainConfig.Data d) throws IOException {
    StringBuilder s = new StringBuilder(MAGIC).append('\n');
    for (Path bag : bags) {
      s.append("bag ").append(bag.toAbsolutePath().normalize()).append('\n');
      try (BagReader r = BagReader.open(bag)) {
        for (StorageReader st : r.storages()) {
          Path f = st.file().toAbsolutePath().normalize();
          s.append(" file ").append(f).append(' ').append(Files.size(f)).append(' ').append(Files.getLastModifiedTime(f).toMillis()).append('\n');
        }
      }
    }
    s.append("cloud ").append(d.cloudTopic).append(" cameras ").append(d.cameraTopics).append(" infos ").append(SampleIndexer.infoTopics(d))
        .append(" odom ").append(d.odomFrame).append(" sweeps ").append(d.sweeps).append(" window ").append(d.sweepWindowS)
        .append(" every ").append(d.keyframeEvery).append(" tolerance ").append(d.imageToleranceS).append(" label ").append(d.labelField);
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.toString().getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }

  public List<Path> bags() {
    return bags;
  }

  public List<Path> files() {
    return files;
  }

  public List<Camera> cameras() {
    return cameras;
  }

  public List<Entry> entries() {
    return entries;
  }

  public int size() {
    return entries.size();
  }

  public Map<String, SkippedSamples.Entry> skipped() {
    return new LinkedHashMap<>(skipped);
  }

  public List<String> warnings() {
    return warnings;
  }

  public String fingerprint() {
    return fingerprint;
  }

  /** The bag of sample I as messages and teacher cache keys name it. */
  public String source(Entry e) {
    return bags.get(e.bag()).toAbsolutePath().normalize().toString();
  }

  public void write(Path file) throws IOException {
    AtomicFiles.write(file, raw -> {
      GZIPOutputStream gz = new GZIPOutputStream(raw, 1 << 16);
      DataOutputStream out = new DataOutputStream(gz);
      out.writeUTF(MAGIC);
      out.writeUTF(fingerprint);
      out.writeInt(bags.size());
      for (Path b : bags) out.writeUTF(b.toString());
      out.writeInt(files.size());
      for (Path f : files) out.writeUTF(f.toString());
      out.writeInt(cameras.size());
      for (Camera c : cameras) {
        out.writeUTF(c.topic());
        out.writeUTF(c.frameId());
        CameraCalibration k = c.calibration();
        out.writeInt(k.width());
        out.writeInt(k.height());
        out.writeUTF(k.distortionModel());
        writeDoubles(out, k.d());
        writeDoubles(out, k.k());
        writeDoubles(out, k.r());
        writeDoubles(out, k.p());
      }
      out.writeInt(entries.size());
      for (Entry e : entries) {
        out.writeInt(e.bag());
        out.writeBoolean(e.labelled());
        out.writeInt(e.sweeps().size());
        for (Sweep s : e.sweeps()) {
          writeRef(out, s.cloud());
          writeTransform(out, s.toKeyframe());
        }
        out.writeInt(e.images().size());
        for (CameraImage c : e.images()) {
          out.writeInt(c.camera());
          writeRef(out, c.image());
          writeTransform(out, c.cloudToCamera());
        }
      }
      out.writeInt(skipped.size());
      for (Map.Entry<String, SkippedSamples.Entry> s : skipped.entrySet()) {
        out.writeUTF(s.getKey());
        out.writeLong(s.getValue().count());
        out.writeUTF(clip(s.getValue().example()));
      }
      out.writeInt(warnings.size());
      for (String w : warnings) out.writeUTF(clip(w));
      out.flush();
      gz.finish();
    });
  }

  public static SampleIndex read(Path file) throws IOException {
    try (DataInputStream in = new DataInputStream(new GZIPInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16)))) {
      String magic = in.readUTF();
      if (!magic.equals(MAGIC)) throw new IOException(file + ": not a sample index of this version (" + magic + ")");
      String fp = in.readUTF();
      List<Path> bags = new ArrayList<>();
      for (int i = count(in, file); i > 0; i--) bags.add(Path.of(in.readUTF()));
      List<Path> files = new ArrayList<>();
      for (int i = count(in, file); i > 0; i--) files.add(Path.of(in.readUTF()));
      List<Camera> cameras = new ArrayList<>();
      for (int i = count(in, file); i > 0; i--) {
        String topic = in.readUTF();
        String frame = in.readUTF();
        int w = in.readInt();
        int h = in.readInt();
        String model = in.readUTF();
        cameras.add(new Camera(topic, frame, new CameraCalibration(w, h, model, readDoubles(in, file), readDoubles(in, file), readDoubles(in, file),
            readDoubles(in, file))));
      }
      List<Entry> entries = new ArrayList<>();
      for (int i = count(in, file); i > 0; i--) {
        int bag = in.readInt();
        boolean labelled = in.readBoolean();
        List<Sweep> sweeps = new ArrayList<>();
        for (int s = count(in, file); s > 0; s--) sweeps.add(new Sweep(readRef(in), readTransform(in)));
        List<CameraImage> images = new ArrayList<>();
        for (int c = count(in, file); c > 0; c--) images.add(new CameraImage(in.readInt(), readRef(in), readTransform(in)));
        boolean refsInRange = sweeps.stream().allMatch(w -> w.cloud().file() >= 0 && w.cloud().file() < files.size())
            && images.stream().allMatch(c -> c.camera() >= 0 && c.camera() < cameras.size() && c.image().file() >= 0
                && c.image().file() < files.size());
        if (sweeps.isEmpty() || bag < 0 || bag >= bags.size() || !refsInRange) {
          throw new IOException(file + ": sample " + entries.size() + " is malformed");
        }
        entries.add(new Entry(bag, labelled, sweeps, images));
      }
      Map<String, SkippedSamples.Entry> skipped = new LinkedHashMap<>();
      for (int i = count(in, file); i > 0; i--) skipped.put(in.readUTF(), new SkippedSamples.Entry(in.readLong(), in.readUTF()));
      List<String> warnings = new ArrayList<>();
      for (int i = count(in, file); i > 0; i--) warnings.add(in.readUTF());
      // reading on to the end makes GZIPInputStream check the CRC and length in its trailer
      if (in.read() != -1) throw new IOException(file + ": data after the last field");
      return new SampleIndex(fp, bags, files, cameras, entries, skipped, warnings);
    } catch (EOFException e) {
      throw new IOException(file + ": ends early (truncated)", e);
    }
  }

  private static int count(DataInputStream in, Path file) throws IOException {
    int n = in.readInt();
    if (n < 0 || n > 100_000_000) throw new IOException(file + ": implausible count " + n);
    return n;
  }

  /** writeUTF takes at most 64 KiB of text. */
  private static String clip(String s) {
    return s.length() > 8000 ? s.substring(0, 8000) + "..." : s;
  }

  private static void writeDoubles(DataOutputStream out, double[] v) throws IOException {
    out.writeInt(v.length);
    for (double d : v) out.writeDouble(d);
  }

  private static double[] readDoubles(DataInputStream in, Path file) throws IOException {
    double[] v = new double[count(in, file)];
    for (int i = 0; i < v.length; i++) v[i] = in.readDouble();
    return v;
  }

  private static void writeRef(DataOutputStream out, MessageRef r) throws IOException {
    out.writeInt(r.file());
    out.writeLong(r.location());
    out.writeLong(r.logTimeNs());
    out.writeLong(r.stampNs());
  }

  private static MessageRef readRef(DataInputStream in) throws IOException {
    return new MessageRef(in.readInt(), in.readLong(), in.readLong(), in.readLong());
  }

  private static void writeTransform(DataOutputStream out, RigidTransform t) throws IOException {
    out.writeBoolean(t != null);
    if (t == null) return;
    out.writeDouble(t.translation().x());
    out.writeDouble(t.translation().y());
    out.writeDouble(t.translation().z());
    out.writeDouble(t.rotation().x());
    out.writeDouble(t.rotation().y());
    out.writeDouble(t.rotation().z());
    out.writeDouble(t.rotation().w());
  }

  private static RigidTransform readTransform(DataInputStream in) throws IOException {
    if (!in.readBoolean()) return null;
    Vector3 v = new Vector3(in.readDouble(), in.readDouble(), in.readDouble());
    return new RigidTransform(v, new Quaternion(in.readDouble(), in.readDouble(), in.readDouble(), in.readDouble()));
  }
}
