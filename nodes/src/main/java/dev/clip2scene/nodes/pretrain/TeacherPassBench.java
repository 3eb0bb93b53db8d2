package dev.clip2scene.nodes.pretrain;

import ai.djl.Device;
import dev.clip2scene.model.clip.ClipConfig;
import dev.clip2scene.model.clip.ClipModel;
import dev.clip2scene.model.clip.RandomClipWeights;
import dev.clip2scene.model.net.TextEmbeddings;
import dev.clip2scene.model.teacher.CachedTeacher;
import dev.clip2scene.model.teacher.MaskClipTeacher;
import dev.clip2scene.model.teacher.TeacherCache;
import dev.clip2scene.model.teacher.TeacherKey;
import dev.clip2scene.model.teacher.TeacherPass;
import dev.clip2scene.model.teacher.TeacherView;
import dev.clip2scene.msgs.builtin.Time;
import dev.clip2scene.msgs.sensor.CompressedImage;
import dev.clip2scene.msgs.std.Header;
import dev.clip2scene.nodes.image.ImageDecoder;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The teacher pass on CPU at real size: a ViT-B/16-sized CLIP with random weights made in memory (the speed of
 * MaskCLIP does not depend on the weights' values), IMAGES JPEGs of 1600 x 900 (about nuScenes' size) decoded by
 * WORKERS threads, each whole image resized to 224 rows (224 x 400, a 14 x 25 token grid), features written to a
 * float16 cache in DIR. Reports images/s and the cache's bytes per image.
 */
public final class TeacherPassBench {
  private TeacherPassBench() {}

  public static Map<String, Object> run(int images, int workers, int imageHeight, Path dir) throws IOException {
    List<byte[]> jpegs = new ArrayList<>();
    for (int c = 0; c < 6; c++) jpegs.add(LoaderBench.jpeg(1600, 900, c));
    ClipConfig config = RandomClipWeights.vitB16(false);
    Random r = new Random(4);
    List<String> classes = new ArrayList<>();
    float[] text = new float[16 * config.embedDim()];
    for (int c = 0; c < 16; c++) classes.add("class" + c);
    for (int i = 0; i < text.length; i++) text[i] = (float) r.nextGaussian();
    TextEmbeddings embeddings = new TextEmbeddings(classes, config.embedDim(), text);
    Map<String, Object> out = new LinkedHashMap<>();
    try (ClipModel model = ClipModel.load(RandomClipWeights.of(config, 1), config, Device.cpu())) {
      CachedTeacher teacher = new CachedTeacher(new MaskClipTeacher(model, "random-vit-b16", embeddings, true), new TeacherCache(dir));
      TeacherView view = TeacherView.resized(imageHeight, config.vision().patchSize());
      TeacherKey.Crop crop = view.crop(1600, 900, null);
      List<TeacherPass.Job> jobs = new ArrayList<>();
      for (int i = 0; i < images; i++) {
        byte[] jpeg = jpegs.get(i % jpegs.size());
        long stamp = 1_000_000_000L + i;
        jobs.add(new TeacherPass.Job(new TeacherKey("bench", "/CAM_" + i % 6 + "/image/compressed", stamp, teacher.weightsHash(), crop),
            () -> ImageDecoder.decode(new CompressedImage(new Header(Time.ofNanos(stamp), "cam"), "jpeg", jpeg)), "image " + i));
      }
      // one image first, untimed: the first forward pass pays for libtorch's warm-up
      new TeacherPass(teacher, 1, 1).run(jobs.subList(0, 1), new TeacherPass.Progress() {});
      long d0 = System.nanoTime();
      for (int i = 0; i < Math.min(6, images); i++) jobs.get(i).image().get();
      double decodeSeconds = (System.nanoTime() - d0) / 1e9 / Math.min(6, images);
      TeacherPass.Result result = new TeacherPass(teacher, workers, 2 * workers).run(jobs, new TeacherPass.Progress() {});
      out.put("images", result.computed());
      out.put("input", crop.outHeight() + "x" + crop.outWidth());
      out.put("grid", crop.outHeight() / config.vision().patchSize() + "x" + crop.outWidth() / config.vision().patchSize() + "x" + config.embedDim());
      out.put("workers", workers);
      out.put("seconds", result.seconds());
      out.put("images_per_s", result.imagesPerSecond());
      out.put("jpeg_decode_s_per_image", decodeSeconds);
      out.put("jpeg_bytes", jpegs.stream().mapToInt(b -> b.length).average().orElse(0));
      out.put("cache_bytes_per_image", result.cacheBytes() / (double) Math.max(1, images));
      out.put("failures", result.failures());
    }
    return out;
  }
}
