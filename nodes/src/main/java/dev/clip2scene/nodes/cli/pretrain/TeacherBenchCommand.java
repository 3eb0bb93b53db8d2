package dev.clip2scene.nodes.cli.pretrain;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.clip2scene.model.io.FileTrees;
import dev.clip2scene.nodes.pretrain.TeacherPassBench;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code clip2scene teacher bench}: the teacher pass's rate on CPU. */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = {"Teacher pass rate on CPU: a ViT-B/16-sized CLIP with random weights in memory, 1600 x 900 JPEGs decoded by "
        + "--workers threads, each whole image at 224 rows (224 x 400), float16 cache in a temporary folder; images/s and "
        + "cache bytes per image."})
final class TeacherBenchCommand implements Callable<Integer> {
  @CommandLine.Option(names = "--images", defaultValue = "12", description = "images (default ${DEFAULT-VALUE})")
  int images;

  @CommandLine.Option(names = "--workers", defaultValue = "2", description = "decoding threads (default ${DEFAULT-VALUE})")
  int workers;

  @CommandLine.Option(names = "--image-height", defaultValue = "224", description = "rows the teacher sees (default ${DEFAULT-VALUE})")
  int imageHeight;

  @Override
  public Integer call() throws Exception {
    Path work = Files.createTempDirectory("clip2scene-teacher-bench");
    try {
      var r = TeacherPassBench.run(images, workers, imageHeight, work);
      System.out.println(new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(r));
    } finally {
      FileTrees.delete(work);
    }
    return 0;
  }
}
