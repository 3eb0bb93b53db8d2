package dev.clip2scene.model.infer.cuda;

import dev.clip2scene.testkit.Fixtures;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Test fixture: compiles the CUDA kernels (model/src/main/cuda) as host C++ with the emulator (model/src/test/cuda)
 * into a JNI library, once per source version (model/target/cuda-emulator, keyed by the sources' hash), and loads it.
 * Skips (fails under CI) where g++ is absent.
 */
final class CudaEmulator {
  private static boolean loaded;

  private CudaEmulator() {}

  static synchronized void load() {
    if (loaded) return;
    try {
      Path gxx = Fixtures.executable("g++");
      Path root = Fixtures.root().resolve("model");
      Path kernels = root.resolve("src/main/cuda");
      Path emulator = root.resolve("src/test/cuda");
      List<Path> sources = List.of(kernels.resolve("clip2scene.cu"), kernels.resolve("c2s_device.cuh"), kernels.resolve("c2s_params.cuh"),
          emulator.resolve("c2s_emulator.h"), emulator.resolve("c2s_emulator.cpp"));
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      for (Path s : sources) sha.update(Files.readAllBytes(s));
      String hash = HexFormat.of().formatHex(sha.digest()).substring(0, 16);
      Path out = root.resolve("target/cuda-emulator");
      Files.createDirectories(out);
      Path lib = out.resolve("libc2s_emulator-" + hash + ".so");
      if (!Files.exists(lib)) {
        Path jdk = Path.of(System.getProperty("java.home"));
        Path tmp = out.resolve(lib.getFileName() + ".tmp");
        List<String> cmd = new ArrayList<>(List.of(gxx.toString(), "-std=c++17", "-O2", "-g", "-fPIC", "-shared", "-Wall",
            "-Wno-unused-function", "-DC2S_EMULATOR", "-include", emulator.resolve("c2s_emulator.h").toString(), "-I" + kernels,
            "-I" + jdk.resolve("include"), "-I" + jdk.resolve("include/linux"), "-x", "c++", kernels.resolve("clip2scene.cu").toString(),
            "-x", "none", emulator.resolve("c2s_emulator.cpp").toString(), "-o", tmp.toString()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(600, TimeUnit.SECONDS) || p.exitValue() != 0) throw new IllegalStateException(String.join(" ", cmd) + " failed:\n" + log);
        Files.move(tmp, lib);
      }
      System.load(lib.toString());
      loaded = true;
    } catch (IOException e) {
      throw new IllegalStateException("cannot build the CUDA emulator: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
