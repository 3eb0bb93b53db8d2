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
    if (type.startsWith("srv/")) return serviceHalf(name, pkg, type.substring(4));
    String resource = pkg.equals(OWN_PACKAGE) ? "/msg/" + type + ".msg" : "/interfaces/" + pkg + "/msg/" + type + ".msg";
    return read(name, resource);
  }

  /** "Name_Request" or "Name_Response" of pkg/srv/Name.srv: the part before or after its "---" line. */
  private static String serviceHalf(String name, String pkg, String half) {
    boolean request = half.endsWith("_Request");
    if (!request && !half.endsWith("_Response")) throw new IllegalArgumentException(name + " is no service request or response");
    String service = half.substring(0, half.lastIndexOf('_'));
    String resource = "/interfaces/" + pkg + "/srv/" + service + ".srv";
    String[] parts = read(name, resource).split("(?m)^---\\s*$", -1);
    if (parts.length != 2) throw new IllegalArgumentException(resource + " has no single '---' line between request and response");
    return parts[request ? 0 : 1].strip() + "\n";
  }

  private static String read(String name, String resource) {
    try (InputStream in = InterfaceCatalog.class.getResourceAsStream(resource)) {
      if (in == null) throw new IllegalArgumentException("no definition of " + name + " (resource " + resource + ")");
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("reading " + resource, e);
    }
  }
}
