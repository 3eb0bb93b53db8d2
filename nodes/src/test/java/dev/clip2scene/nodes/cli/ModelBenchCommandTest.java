package dev.clip2scene.nodes.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.clip2scene.model.infer.cuda.CudaDriver;
import dev.clip2scene.model.infer.cuda.GpuException;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class ModelBenchCommandTest {
  private static int run(StringWriter out, StringWriter err, String... args) {
    CommandLine cli = Clip2SceneCommand.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  @Test
  void benchReportsEveryFigureAsJson() throws Exception {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    assertEquals(0, run(out, err, "model", "bench", "--points", "400", "--network", "minkunet14a", "--voxel", "0.2", "--repeats", "1", "--threads", "1", "--json"), err.toString());
    JsonNode r = new ObjectMapper().readTree(out.toString());
    assertEquals(400, r.get("points").asInt());
    for (String f : new String[] {"voxels", "macs", "forwardMs", "trainStepMs", "gemmGflops", "effectiveGflops", "peakRssMb"}) {
      assertTrue(r.get(f).asDouble() > 0, f + " in " + out);
    }
  }

  @Test
  void cudaBenchRunsWhereADeviceIsAndSaysWhyNotElsewhere() throws Exception {
    String problem = null;
    try (CudaDriver d = CudaDriver.open(0)) {
      d.info();
    } catch (GpuException e) {
      problem = e.getMessage();
    }
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = run(out, err, "model", "bench", "--points", "2000", "--network", "minkunet14a", "--voxel", "0.2", "--device", "cuda",
        "--clouds", "3", "--json");
    if (problem != null) {
      assertEquals(1, code, err.toString());
      assertTrue(err.toString().contains("device cuda:0: " + problem), err.toString());
    } else {
      assertEquals(0, code, err.toString());
      JsonNode r = new ObjectMapper().readTree(out.toString());
      for (String stage : new String[] {"upload", "voxelize", "maps", "convolutions", "head", "download", "endToEnd"}) {
        assertTrue(r.get(stage).get("p50").asDouble() > 0, stage + " in " + out);
      }
      assertTrue(r.get("peakEngineBytes").asLong() > 0);
    }
    assertEquals(2, run(out, err, "model", "bench", "--points", "1000", "--device", "gpu"));
    assertTrue(err.toString().contains("expected auto, cpu, cuda or cuda:N"), err.toString());
  }

  @Test
  void badUsageExitsWith2() {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    assertEquals(2, run(out, err, "model", "bench", "--points", "1000", "--network", "resnet"));
    assertTrue(err.toString().contains("unknown network"), err.toString());
    assertEquals(2, run(out, err, "model", "bench"));
  }
}
