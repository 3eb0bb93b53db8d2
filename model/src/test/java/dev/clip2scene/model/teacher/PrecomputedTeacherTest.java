package dev.clip2scene.model.teacher;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clip2scene.model.io.Npy;
import dev.clip2scene.model.loss.PseudoLabels;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/** Teacher outputs read from files computed elsewhere: values, topic layout, and every kind of bad file. */
class PrecomputedTeacherTest {
  private static final String TOPIC = "/cam/front/image";
  private static final int C = 3, D = 2;
  /** Class c's text embedding is the unit vector of axis c % 2, negated for c = 2. */
  private static final float[] TEXT = {1, 0, 0, 1, -1, 0};
  @TempDir Path dir;

  private PrecomputedTeacher teacher() {
    return new PrecomputedTeacher(dir, TEXT, C);
  }

  private static TeacherKey key(long stamp) {
    return new TeacherKey("bag", TOPIC, stamp, "h", TeacherKey.Crop.whole(60, 40));
  }

  @Test
  void featuresAreReadAsWrittenAndLabelledByTheirBestClass() throws IOException {
    // 2 x 3 grid: cell features chosen so that the classes are 0 1 2 / 2 1 0
    float[] f = {3, 1, 0, 2, -4, 1, -2, 0.5f, 1, 5, 0.25f, -0.5f};
    write(teacher().file(TOPIC, 7, ".npy"), new long[] {2, 3, D}, f);
    assertTrue(Files.isRegularFile(dir.resolve("cam/front/image/7.npy")), "topic without its leading slash, slashes as folders");

    TeacherOutput out = teacher().output(key(7), () -> null);
    assertEquals(3, out.features().width());
    assertEquals(2, out.features().height());
    assertEquals(D, out.features().dim());
    assertArrayEquals(f, out.features().values());
    assertArrayEquals(new int[] {0, 1, 2, 2, 1, 0}, out.labels().labels());
    // a 60 x 40 image over the 3 x 2 grid: pixel (45, 30) lies in cell (column 2, row 1)
    assertEquals(0, out.labels().at(45, 30, 60, 40));
    float[] sampled = new float[D];
    out.features().sample(50, 35, 60, 40, sampled, 0); // past the last cell centres: the bottom-right cell alone
    assertArrayEquals(new float[] {0.25f, -0.5f}, sampled);
  }

  @Test
  void labelPngsGiveClassIdsWith255Ignored() throws IOException {
    BufferedImage img = new BufferedImage(4, 2, BufferedImage.TYPE_BYTE_GRAY);
    int[] ids = {0, 1, 2, 255, 2, 2, 1, 0};
    img.getRaster().setPixels(0, 0, 4, 2, ids);
    Path png = teacher().file(TOPIC, 9, ".png");
    Files.createDirectories(png.getParent());
    ImageIO.write(img, "png", png.toFile());

    TeacherOutput out = teacher().output(key(9), () -> null);
    assertNull(out.features());
    assertArrayEquals(new int[] {0, 1, 2, PseudoLabels.IGNORE, 2, 2, 1, 0}, out.labels().labels());
    assertEquals(PseudoLabels.IGNORE, out.labels().at(50, 5, 60, 40), "pixel (50, 5) lies in grid cell (3, 0)");
  }

  @Test
  void missingOutputNamesBothFiles() {
    String m = message(() -> teacher().output(key(11), () -> null));
    assertTrue(m.contains("11.npy") && m.contains("11.png") && m.contains(TOPIC), m);
  }

  @Test
  void badFeatureFilesNameTheFileAndTheProblem() throws IOException {
    Path npy = teacher().file(TOPIC, 5, ".npy");
    write(npy, new long[] {2, 3}, new float[6]);
    expect(npy, "H x W x D");

    write(npy, new long[] {2, 3, 4}, new float[24]);
    expect(npy, "width 4, the text embeddings have 2");

    write(npy, new long[] {0, 3, D}, new float[0]);
    expect(npy, "H x W x D");

    float[] nan = new float[12];
    nan[9] = Float.NaN; // feature 1 of cell 4 = (row 1, column 1)
    write(npy, new long[] {2, 3, D}, nan);
    expect(npy, "feature 1 of cell (row 1, column 1) is NaN");

    float[] inf = new float[12];
    inf[0] = Float.POSITIVE_INFINITY;
    write(npy, new long[] {2, 3, D}, inf);
    expect(npy, "is Infinity");

    Npy.writeInts(npy, new long[] {2, 3, D}, new int[12]);
    expect(npy, "floating point");

    byte[] whole = Files.readAllBytes(npy);
    write(npy, new long[] {2, 3, D}, new float[12]);
    Files.write(npy, Arrays.copyOf(Files.readAllBytes(npy), Files.readAllBytes(npy).length - 5));
    expect(npy, "truncated");

    Files.write(npy, Arrays.copyOf(whole, 4));
    expect(npy, "not a .npy file");

    write(npy, new long[] {2, 3, D}, new float[12]);
    String m = message(() -> new PrecomputedTeacher(dir, null, C).output(key(5), () -> null));
    assertTrue(m.contains(npy.toString()) && m.contains("text embeddings"), m);
  }

  @Test
  void badLabelPngsNameTheFileAndTheProblem() throws IOException {
    Path png = teacher().file(TOPIC, 6, ".png");
    Files.createDirectories(png.getParent());
    BufferedImage grey = new BufferedImage(2, 2, BufferedImage.TYPE_BYTE_GRAY);
    grey.getRaster().setPixels(0, 0, 2, 2, new int[] {0, 1, 2, 3});
    ImageIO.write(grey, "png", png.toFile());
    expect(png, "pixel (1, 1) has class 3, vocabulary has 3");

    ImageIO.write(new BufferedImage(2, 2, BufferedImage.TYPE_INT_RGB), "png", png.toFile());
    expect(png, "8-bit grey, has 3 bands");

    ImageIO.write(new BufferedImage(2, 2, BufferedImage.TYPE_USHORT_GRAY), "png", png.toFile());
    expect(png, "16-bit samples");

    Files.write(png, new byte[] {1, 2, 3, 4, 5});
    expect(png, "not an image format the decoder knows");

    ImageIO.write(grey, "png", png.toFile());
    Files.write(png, Arrays.copyOf(Files.readAllBytes(png), 40)); // the signature and part of the header
    expect(png, "without an IEND chunk (truncated)");
  }

  @Test
  void absentFolderIsRefused() {
    String m = message(() -> new PrecomputedTeacher(dir.resolve("nope"), TEXT, C));
    assertTrue(m.contains("nope"), m);
  }

  private void expect(Path file, String problem) {
    String m = message(() -> teacher().output(key(Long.parseLong(file.getFileName().toString().replaceAll("\\..*", ""))), () -> null));
    assertTrue(m.contains(file.toString()) && m.contains(problem), m);
  }

  private static String message(Executable e) {
    return assertThrows(RuntimeException.class, e).getMessage();
  }

  private static void write(Path file, long[] shape, float[] values) throws IOException {
    Files.createDirectories(file.getParent());
    Npy.writeFloats(file, shape, values);
  }
}
