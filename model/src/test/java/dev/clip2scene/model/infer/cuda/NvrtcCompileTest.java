package dev.clip2scene.model.infer.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.clip2scene.testkit.Fixtures;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The kernels compile with a machine's NVRTC exactly as the engine calls it where no embedded image fits (a Jetson):
 * the source with its headers inlined, no include path, one -arch option. Needs a libnvrtc (the CUDA toolkit's; set
 * CLIP2SCENE_NVRTC to its path): skipped with a message where there is none, as on machines without the toolkit's
 * runtime compiler (CI's nvcc install has none).
 */
class NvrtcCompileTest {
  @Test
  void theKernelSourceCompilesWithNvrtcAndOneOption() throws Exception {
    Path nvrtc = find();
    assumeTrue(nvrtc != null, "skipped: no libnvrtc (set CLIP2SCENE_NVRTC to a libnvrtc.so)");
    Path gcc = Fixtures.executable("gcc");
    Path out = Fixtures.root().resolve("model/target/nvrtc-check");
    Files.createDirectories(out);
    Path exe = out.resolve("nvrtc_compile");
    run(List.of(gcc.toString(), "-O1", "-o", exe.toString(), Fixtures.root().resolve("model/src/test/c/nvrtc_compile.c").toString(), "-ldl"));
    Path source = out.resolve("clip2scene-inlined.cu");
    Files.writeString(source, KernelImage.source());
    for (int sm : KernelImage.BUILT) {
      Process p = new ProcessBuilder(exe.toString(), nvrtc.toString(), source.toString(), "-arch=sm_" + sm).redirectErrorStream(true).start();
      String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      p.waitFor(300, TimeUnit.SECONDS);
      assertEquals(0, p.exitValue(), "NVRTC for sm_" + sm + ":\n" + log);
    }
  }

  private static Path find() {
    String configured = System.getenv("CLIP2SCENE_NVRTC");
    if (configured != null) return Path.of(configured);
    for (String dir : List.of("/usr/local/cuda/lib64", "/usr/local/cuda/targets/x86_64-linux/lib", "/usr/lib/x86_64-linux-gnu")) {
      try (var files = Files.list(Path.of(dir))) {
        Path f = files.filter(x -> x.getFileName().toString().matches("libnvrtc\\.so\\.\\d+(\\.\\d+)*")).findFirst().orElse(null);
        if (f != null) return f;
      } catch (java.io.IOException e) {
        // not there
      }
    }
    return null;
  }

  private static void run(List<String> cmd) throws Exception {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) throw new IllegalStateException(String.join(" ", cmd) + ":\n" + log);
  }
}
