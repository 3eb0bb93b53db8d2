package dev.clip2scene.nodes.launch;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where $(find-pkg-share clip2scene) points: the folder holding package.xml, launch/ and calibration/. That is
 * the repository root in a checkout and share/clip2scene in a ROS install. Found from -Dclip2scene.root,
 * CLIP2SCENE_ROOT, or by walking up from the running jar.
 */
public final class PackageRoot {
  private PackageRoot() {}

  public static Path find() {
    String prop = System.getProperty("clip2scene.root");
    if (prop != null) return Path.of(prop).toAbsolutePath().normalize();
    String env = System.getenv("CLIP2SCENE_ROOT");
    if (env != null && !env.isBlank()) return Path.of(env).toAbsolutePath().normalize();
    try {
      Path p = Path.of(PackageRoot.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toAbsolutePath();
      for (; p != null; p = p.getParent()) {
        if (Files.isRegularFile(p.resolve("package.xml")) && Files.isDirectory(p.resolve("launch"))) return p;
      }
    } catch (URISyntaxException | SecurityException e) {
      // fall through to the error below
    }
    throw new LaunchException("cannot find the clip2scene package root (package.xml + launch/); set CLIP2SCENE_ROOT");
  }
}
