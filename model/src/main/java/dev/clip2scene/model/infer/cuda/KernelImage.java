package dev.clip2scene.model.infer.cuda;

import static org.bytedeco.cuda.global.nvrtc.*;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bytedeco.cuda.nvrtc._nvrtcProgram;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.PointerPointer;
import org.bytedeco.javacpp.SizeTPointer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the kernels' machine code comes from: the fatbinary the build compiled with nvcc (machine code for sm_75 to
 * sm_90 and PTX), else the device's own NVRTC at run time (a Jetson with JetPack's CUDA, a driver older than the
 * build's toolkit, a GPU newer than sm_90), cached on disk per source version and architecture
 * (-Dclip2scene.cuda.cache, else $XDG_CACHE_HOME/clip2scene/cuda or ~/.cache/clip2scene/cuda).
 */
final class KernelImage {
  private static final Logger LOG = LoggerFactory.getLogger(KernelImage.class);
  /** The architectures the build compiles machine code for (model/build-kernels.sh). */
  static final Set<Integer> BUILT = Set.of(75, 80, 86, 87, 89, 90);
  private static final Pattern INCLUDE = Pattern.compile("(?m)^#include \"([\\w.]+)\"\\s*$");
  // driver errors that mean "this image does not fit this device or driver": then NVRTC compiles one that does
  private static final Set<String> NOT_FOR_THIS_DEVICE = Set.of("CUDA_ERROR_NO_BINARY_FOR_GPU", "CUDA_ERROR_INVALID_IMAGE",
      "CUDA_ERROR_UNSUPPORTED_PTX_VERSION", "CUDA_ERROR_INVALID_PTX", "CUDA_ERROR_JIT_COMPILER_NOT_FOUND",
      "CUDA_ERROR_INVALID_SOURCE", "CUDA_ERROR_UNSUPPORTED_DEVSIDE_SYNC");

  private KernelImage() {}

  /** Loads the kernels into DRIVER's context for compute capability CC; returns where they came from. */
  static String load(CudaDriver driver, int cc) {
    byte[] embedded = resource("clip2scene.fatbin");
    String why;
    if (embedded != null) {
      int code = driver.loadModule(embedded);
      if (code == 0) return BUILT.contains(cc) ? "embedded sm_" + cc + " image" : "embedded PTX, compiled by the driver for sm_" + cc;
      String name = CudaDriver.errorName(code);
      if (!NOT_FOR_THIS_DEVICE.contains(name)) CudaDriver.check(code, "cuModuleLoadData(embedded kernels)");
      why = "the embedded image does not load here (" + name + ")";
    } else {
      why = "this build has no embedded image (built without nvcc)";
    }
    String source = source();
    Path cached = cacheDir().resolve("clip2scene-" + sha(source) + "-sm_" + cc + ".bin");
    if (Files.isRegularFile(cached)) {
      try {
        if (driver.loadModule(Files.readAllBytes(cached)) == 0) return "NVRTC image for sm_" + cc + " cached in " + cached;
      } catch (IOException e) {
        LOG.warn("cannot read cached kernels {}: {}", cached, e.getMessage());
      }
    }
    LOG.info("CUDA kernels: {}; compiling them with NVRTC for sm_{}", why, cc);
    byte[] image = compile(source, cc);
    CudaDriver.check(driver.loadModule(image), "cuModuleLoadData(NVRTC kernels)");
    try {
      Files.createDirectories(cached.getParent());
      Path tmp = Files.createTempFile(cached.getParent(), cached.getFileName().toString(), ".tmp");
      Files.write(tmp, image);
      Files.move(tmp, cached, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      LOG.warn("cannot cache the compiled kernels in {}: {} (they are compiled again next time)", cached, e.getMessage());
    }
    return "NVRTC image for sm_" + cc + " (compiled now, cached in " + cached + ")";
  }

  /** The kernels' source as one text: the .cu with its own headers inlined (NVRTC gets no include path). */
  static String source() {
    return inline(ParamLayout.read("clip2scene.cu"));
  }

  private static String inline(String text) {
    Matcher m = INCLUDE.matcher(text);
    StringBuilder b = new StringBuilder();
    while (m.find()) m.appendReplacement(b, Matcher.quoteReplacement(inline(ParamLayout.read(m.group(1)))));
    m.appendTail(b);
    return b.toString();
  }

  private static byte[] resource(String name) {
    try (InputStream in = KernelImage.class.getResourceAsStream(ParamLayout.SOURCES + name)) {
      return in == null ? null : in.readAllBytes();
    } catch (IOException e) {
      return null;
    }
  }

  static Path cacheDir() {
    String configured = System.getProperty("clip2scene.cuda.cache");
    if (configured != null) return Path.of(configured);
    String xdg = System.getenv("XDG_CACHE_HOME");
    Path base = xdg != null && !xdg.isEmpty() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
    return base.resolve("clip2scene").resolve("cuda");
  }

  private static String sha(String source) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(source.getBytes(StandardCharsets.UTF_8))).substring(0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Compiles SOURCE with NVRTC: machine code for sm_CC where this NVRTC knows the architecture, else PTX for the newest
   * it knows below it (the driver compiles that at load). One option only: these presets' option-array overload
   * crashes inside NVRTC (javacpp-presets issue 1762), the single-string one works.
   */
  private static byte[] compile(String source, int cc) {
    try {
      int target = cc;
      int[] count = new int[1];
      if (nvrtcGetSupportedArchs(count) == NVRTC_SUCCESS && count[0] > 0) {
        int[] archs = new int[count[0]];
        nvrtcGetSupportedArchs(archs);
        target = 0;
        for (int a : archs) if (a <= cc) target = Math.max(target, a);
        if (target == 0) throw new GpuException("this NVRTC compiles for no architecture up to sm_" + cc, "");
      }
      boolean machineCode = target == cc;
      _nvrtcProgram program = new _nvrtcProgram();
      try (BytePointer src = new BytePointer(source); BytePointer name = new BytePointer("clip2scene.cu")) {
        nvrtcCheck(nvrtcCreateProgram(program, src, name, 0, (PointerPointer<?>) null, (PointerPointer<?>) null), "nvrtcCreateProgram");
        try (BytePointer option = new BytePointer((machineCode ? "-arch=sm_" : "-arch=compute_") + target)) {
          int result = nvrtcCompileProgram(program, 1, option);
          if (result != NVRTC_SUCCESS) {
            throw new GpuException("NVRTC could not compile the CUDA kernels for sm_" + cc + ": " + log(program), "");
          }
        }
        try (SizeTPointer size = new SizeTPointer(1)) {
          nvrtcCheck(machineCode ? nvrtcGetCUBINSize(program, size) : nvrtcGetPTXSize(program, size), "nvrtcGet(CUBIN|PTX)Size");
          try (BytePointer image = new BytePointer(size.get())) {
            nvrtcCheck(machineCode ? nvrtcGetCUBIN(program, image) : nvrtcGetPTX(program, image), "nvrtcGet(CUBIN|PTX)");
            byte[] bytes = new byte[(int) size.get()];
            image.get(bytes);
            return bytes;
          }
        }
      } finally {
        nvrtcDestroyProgram(program);
      }
    } catch (UnsatisfiedLinkError | NoClassDefFoundError | ExceptionInInitializerError e) {
      throw new GpuException("no kernels for sm_" + cc + ": no usable embedded image, and NVRTC does not load ("
          + CudaDriver.unavailable(e) + "; install the CUDA toolkit's libnvrtc)", "");
    }
  }

  private static String log(_nvrtcProgram program) {
    try (SizeTPointer size = new SizeTPointer(1)) {
      if (nvrtcGetProgramLogSize(program, size) != NVRTC_SUCCESS) return "(no log)";
      try (BytePointer text = new BytePointer(size.get())) {
        nvrtcGetProgramLog(program, text);
        return text.getString();
      }
    }
  }

  private static void nvrtcCheck(int code, String call) {
    if (code != NVRTC_SUCCESS) throw new GpuException(call + ": " + nvrtcGetErrorString(code).getString(), "");
  }
}
