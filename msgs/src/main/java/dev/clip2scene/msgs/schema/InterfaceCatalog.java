package dev.clip2scene.msgs.schema;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The .msg definitions shipped in this jar: this package's own under /msg/ (clip2scene/Type -> /msg/Type.msg, the
 * ROS package layout) and the standard ones under /interfaces/pkg/msg/Type.msg.
 */
public final class InterfaceCatalog {
  public static final String OWN_PACKAGE = "clip2scene";
  private static final Map<String, MsgDefinition> CACHE = new ConcurrentHashMap<>();

  private InterfaceCatalog() {}

  /** The definition of NAME ("pkg/Type" or "pkg/msg/Type"). */
  public static MsgDefinition definition(String name) {
    String key = MsgDefinition.resolve("", name);
    return CACHE.computeIfAbsent(key, k -> MsgDefinition.parse(k, load(k)));
  }

  /** The ros2msg schema text of NAME as rosbag2 stores it. */
  public static String schemaText(String name) {
    return Ros2MsgSchema.compose(MsgDefinition.resolve("", name), InterfaceCatalog::definition);
  }

  private static String load(String name) {
    int slash = name.indexOf('/');
    String pkg = name.substring(0, slash);
    String type = name.substring(slash + 1);
    String resource = pkg.equals(OWN_PACKAGE) ? "/msg/" + type + ".msg" : "/interfaces/" + pkg + "/msg/" + type + ".msg";
    try (InputStream in = InterfaceCatalog.class.getResourceAsStream(resource)) {
      if (in == null) throw new IllegalArgumentException("no definition of " + name + " (resource " + resource + ")");
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("reading " + resource, e);
    }
  }
}
