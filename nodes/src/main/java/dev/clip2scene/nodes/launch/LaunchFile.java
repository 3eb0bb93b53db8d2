package dev.clip2scene.nodes.launch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;
import org.xml.sax.helpers.DefaultHandler;

/**
 * Evaluates a ROS 2 XML launch file into the processes it starts: {@code launch}, {@code arg}, {@code let},
 * {@code node} (with {@code param}, {@code remap}), {@code executable}, {@code include} (with {@code arg}),
 * {@code group} (scoped, with {@code push-ros-namespace}), {@code if}/{@code unless} on every element.
 */
public final class LaunchFile {
  private final Path packageRoot;
  private final Map<String, String> env;
  private final List<LaunchProcess> processes = new ArrayList<>();
  /** The argument names declared by each file being evaluated, innermost first. */
  private final Deque<Set<String>> declared = new ArrayDeque<>();

  private LaunchFile(Path packageRoot, Map<String, String> env) {
    this.packageRoot = packageRoot;
    this.env = env;
  }

  /** The processes FILE starts with launch arguments ARGS; PACKAGE_ROOT answers $(find-pkg-share clip2scene). */
  public static List<LaunchProcess> evaluate(Path file, Map<String, String> args, Path packageRoot, Map<String, String> env) {
    LaunchFile lf = new LaunchFile(packageRoot, env);
    LaunchScope scope = new LaunchScope(new HashMap<>(args), "/", file, packageRoot, env);
    lf.evaluateFile(file, scope, args.keySet());
    return List.copyOf(lf.processes);
  }

  private void evaluateFile(Path file, LaunchScope scope, Set<String> given) {
    if (declared.size() >= 20) throw new LaunchException(file + ": includes nested more than 20 deep (a cycle?)");
    Element root = parse(file);
    if (!root.getTagName().equals("launch")) throw new LaunchException(file + ": root element is <" + root.getTagName() + ">, expected <launch>");
    declared.push(new TreeSet<>());
    children(root, scope);
    Set<String> names = declared.pop();
    for (String name : given) {
      // an argument passed in must be declared by the file, as ros2 launch requires
      if (!names.contains(name)) throw new LaunchException(file + ": argument '" + name + "' is not declared (declared: " + names + ")");
    }
  }

  private static Element parse(Path file) {
    if (!Files.isRegularFile(file)) throw new LaunchException("launch file " + file + " does not exist");
    try {
      DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
      f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      f.setExpandEntityReferences(false);
      var builder = f.newDocumentBuilder();
      builder.setErrorHandler(new DefaultHandler()); // throws on fatal errors instead of printing them
      return builder.parse(file.toFile()).getDocumentElement();
    } catch (SAXException e) {
      throw new LaunchException(file + ": not well-formed XML: " + e.getMessage(), e);
    } catch (IOException | ParserConfigurationException e) {
      throw new LaunchException(file + ": cannot read: " + e.getMessage(), e);
    }
  }

  private void children(Element parent, LaunchScope scope) {
    for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e) element(e, scope);
    }
  }

  private static String origin(LaunchScope scope, Element e) {
    String name = e.getAttribute("name");
    return scope.file + ": <" + e.getTagName() + (name.isEmpty() ? "" : " name=\"" + name + "\"") + ">";
  }

  private void element(Element e, LaunchScope scope) {
    String origin = origin(scope, e);
    if (!condition(e, scope, origin)) return;
    switch (e.getTagName()) {
      case "arg" -> arg(e, scope, origin);
      case "let" -> scope.vars.put(required(e, "name", origin), attr(e, "value", scope, origin, ""));
      case "node" -> node(e, scope, origin);
      case "executable" -> executable(e, scope, origin);
      case "include" -> include(e, scope, origin);
      case "group" -> group(e, scope, origin);
      case "push-ros-namespace" -> throw new LaunchException(origin + ": push-ros-namespace belongs inside a <group>");
      default -> throw new LaunchException(origin + ": unsupported launch element (supported: arg, let, node, executable, include, group)");
    }
  }

  private boolean condition(Element e, LaunchScope scope, String origin) {
    if (e.hasAttribute("if")) return truth(attr(e, "if", scope, origin, ""), origin);
    if (e.hasAttribute("unless")) return !truth(attr(e, "unless", scope, origin, ""), origin);
    return true;
  }

  private static boolean truth(String v, String origin) {
    return switch (v.trim().toLowerCase()) {
      case "true", "1" -> true;
      case "false", "0" -> false;
      default -> throw new LaunchException(origin + ": condition '" + v + "' is not true/false/1/0");
    };
  }

  private void arg(Element e, LaunchScope scope, String origin) {
    String name = required(e, "name", origin);
    declared.peek().add(name);
    if (scope.vars.containsKey(name)) return;
    if (!e.hasAttribute("default")) {
      String d = e.getAttribute("description");
      throw new LaunchException(origin + ": argument '" + name + "' is required" + (d.isEmpty() ? "" : " (" + d + ")")
          + "; pass " + name + ":=VALUE");
    }
    scope.vars.put(name, attr(e, "default", scope, origin, ""));
  }

  private void node(Element e, LaunchScope scope, String origin) {
    String pkg = attr(e, "pkg", scope, origin, null);
    String exec = attr(e, "exec", scope, origin, null);
    if (pkg == null || exec == null) throw new LaunchException(origin + ": <node> needs pkg and exec");
    String name = attr(e, "name", scope, origin, exec);
    String ns = joinNamespace(scope.namespace, attr(e, "namespace", scope, origin, ""));
    if (!ClipExecutables.PACKAGE.equals(pkg)) {
      throw new LaunchException(origin + ": node " + pkg + "/" + exec + " needs a ROS install (use `ros2 launch`); "
          + "clip2scene launch runs clip2scene nodes and executables only");
    }
    List<String> cmd = new ArrayList<>();
    cmd.add(ClipExecutables.PACKAGE);
    cmd.addAll(ClipExecutables.verbFor(exec, origin));
    cmd.addAll(Substitutions.words(attr(e, "args", scope, origin, "")));
    cmd.add("--ros-args");
    cmd.addAll(List.of("-r", "__node:=" + name));
    if (!ns.equals("/")) cmd.addAll(List.of("-r", "__ns:=" + ns));
    for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (!(n instanceof Element c)) continue;
      String co = origin(scope, c);
      if (!condition(c, scope, co)) continue;
      switch (c.getTagName()) {
        case "param" -> {
          if (c.hasAttribute("from")) {
            cmd.addAll(List.of("--params-file", resolvePath(attr(c, "from", scope, co, null), scope).toString()));
          } else {
            cmd.addAll(List.of("-p", required(c, "name", co) + ":=" + attr(c, "value", scope, co, "")));
          }
        }
        case "remap" -> cmd.addAll(List.of("-r", attr(c, "from", scope, co, "") + ":=" + attr(c, "to", scope, co, "")));
        default -> throw new LaunchException(co + ": unsupported inside <node> (supported: param, remap)");
      }
    }
    cmd.addAll(Substitutions.words(attr(e, "ros_args", scope, origin, "")));
    processes.add(new LaunchProcess(name, pkg, exec, cmd, attr(e, "output", scope, origin, "screen"), origin));
  }

  private void executable(Element e, LaunchScope scope, String origin) {
    List<String> cmd = Substitutions.words(attr(e, "cmd", scope, origin, ""));
    if (cmd.isEmpty()) throw new LaunchException(origin + ": <executable> needs a cmd");
    cmd = new ArrayList<>(cmd);
    cmd.addAll(Substitutions.words(attr(e, "args", scope, origin, "")));
    String name = attr(e, "name", scope, origin, Path.of(cmd.get(0)).getFileName().toString());
    processes.add(new LaunchProcess(name, "", cmd.get(0), cmd, attr(e, "output", scope, origin, "screen"), origin));
  }

  private void include(Element e, LaunchScope scope, String origin) {
    Path file = resolvePath(attr(e, "file", scope, origin, null), scope);
    Map<String, String> args = new LinkedHashMap<>();
    for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (!(n instanceof Element c)) continue;
      String co = origin(scope, c);
      if (!c.getTagName().equals("arg")) throw new LaunchException(co + ": only <arg name value> goes inside <include>");
      if (condition(c, scope, co)) args.put(required(c, "name", co), attr(c, "value", scope, co, ""));
    }
    evaluateFile(file, scope.include(file, args), args.keySet());
  }

  private void group(Element e, LaunchScope scope, String origin) {
    boolean scoped = !"false".equals(attr(e, "scoped", scope, origin, "true"));
    LaunchScope inner = scoped ? scope.child(scope.namespace) : scope.withNamespace(scope.namespace);
    for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (!(n instanceof Element c)) continue;
      if (c.getTagName().equals("push-ros-namespace")) {
        String co = origin(inner, c);
        if (condition(c, inner, co)) {
          inner = inner.withNamespace(joinNamespace(inner.namespace, attr(c, "namespace", inner, co, "")));
        }
      } else {
        element(c, inner);
      }
    }
  }

  private String attr(Element e, String name, LaunchScope scope, String origin, String def) {
    if (!e.hasAttribute(name)) return def;
    return Substitutions.resolve(e.getAttribute(name), scope, origin);
  }

  private static String required(Element e, String name, String origin) {
    if (!e.hasAttribute(name)) throw new LaunchException(origin + ": attribute '" + name + "' is required");
    return e.getAttribute(name);
  }

  private static Path resolvePath(String p, LaunchScope scope) {
    Path path = Path.of(p);
    return path.isAbsolute() ? path : scope.file.toAbsolutePath().getParent().resolve(path).normalize();
  }

  static String joinNamespace(String base, String ns) {
    if (ns == null || ns.isEmpty()) return base;
    String joined = ns.startsWith("/") ? ns : (base.equals("/") ? "" : base) + "/" + ns;
    return joined.length() > 1 && joined.endsWith("/") ? joined.substring(0, joined.length() - 1) : joined;
  }
}
