package dev.clip2scene.nodes.params;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A node's declared parameters, in the order the node documents them. The one source of defaults, accepted values,
 * descriptions and live/read-only status: validation at start ({@link #resolve}), the shipped params YAML, README's
 * table and {@code --help} ({@link #paramsYaml}, {@link #markdown}, {@link #helpText}) and the ROS parameter services
 * ({@link LiveParameters}) all read it.
 */
public final class ParameterTable {
  private final String nodeName;
  private final Map<String, ParameterDeclaration> declarations;

  public ParameterTable(String nodeName, List<ParameterDeclaration> declarations) {
    this.nodeName = nodeName;
    Map<String, ParameterDeclaration> m = new LinkedHashMap<>();
    for (ParameterDeclaration d : declarations) {
      if (m.put(d.name(), d) != null) throw new IllegalArgumentException(nodeName + ": parameter '" + d.name() + "' declared twice");
    }
    this.declarations = Collections.unmodifiableMap(m);
  }

  /** The node's default name (before any {@code -r __node:=...}). */
  public String nodeName() {
    return nodeName;
  }

  public List<ParameterDeclaration> declarations() {
    return List.copyOf(declarations.values());
  }

  public Optional<ParameterDeclaration> find(String name) {
    return Optional.ofNullable(declarations.get(name));
  }

  public ParameterDeclaration get(String name) {
    ParameterDeclaration d = declarations.get(name);
    if (d == null) throw new IllegalArgumentException(nodeName + " declares no parameter '" + name + "'");
    return d;
  }

  /**
   * The parameters ARGS give the node (parameter files in order, then {@code -p} overrides, as ROS 2 resolves them),
   * each checked against its declaration; undeclared names become warnings naming the closest declared one.
   */
  public ResolvedParameters resolve(RosArgs args) {
    NodeParameters given = NodeParameters.resolve(nodeName, args);
    Map<String, ParameterValue> values = new LinkedHashMap<>();
    Map<String, String> sources = new LinkedHashMap<>();
    for (ParameterDeclaration d : declarations.values()) {
      values.put(d.name(), d.defaultValue());
      sources.put(d.name(), "the default");
    }
    List<String> warnings = new ArrayList<>();
    for (ParameterInput in : given.all().values()) {
      ParameterDeclaration d = declarations.get(in.name());
      if (d == null) {
        warnings.add(unknown(in.name(), in.source()));
        continue;
      }
      values.put(d.name(), d.check(ParameterValue.from(in, d.type()), in.source()));
      sources.put(d.name(), in.source());
    }
    String ns = args.namespace() != null ? args.namespace() : "/";
    return new ResolvedParameters(this, given.node(), ns, values, sources, warnings);
  }

  private String unknown(String name, String source) {
    String closest = closest(name);
    return "parameter '" + name + "' from " + source + " is not a parameter of " + nodeName
        + (closest != null ? " (did you mean '" + closest + "'?)" : "") + "; it is ignored";
  }

  /** The declared name nearest to NAME by edit distance, when near enough to be a likely misspelling; else null. */
  public String closest(String name) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String candidate : declarations.keySet()) {
      int d = editDistance(name, candidate);
      if (d < bestDistance) {
        best = candidate;
        bestDistance = d;
      }
    }
    return best != null && bestDistance <= Math.max(2, name.length() / 3) ? best : null;
  }

  /** Levenshtein distance with adjacent transpositions counted as one edit (optimal string alignment). */
  static int editDistance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) d[i][0] = i;
    for (int j = 0; j <= b.length(); j++) d[0][j] = j;
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()];
  }

  /**
   * The node's parameters file with every default, each preceded by its description as a comment: what
   * {@code launch/<node>.params.yaml} holds (HEADER lines are written first, as comments).
   */
  public String paramsYaml(List<String> header) {
    StringBuilder b = new StringBuilder();
    for (String h : header) b.append("# ").append(h).append('\n');
    b.append(nodeName).append(":\n  ros__parameters:\n");
    for (ParameterDeclaration d : declarations.values()) {
      for (String line : wrap(commentText(d), 110)) b.append("    # ").append(line).append('\n');
      b.append("    ").append(d.name()).append(": ").append(d.defaultValue().yaml()).append('\n');
    }
    return b.toString();
  }

  private static String commentText(ParameterDeclaration d) {
    String accepted = d.constraintText();
    return d.description() + (accepted.isEmpty() ? "" : " (" + accepted + ")") + (d.isLive() ? " [live]" : "");
  }

  /** README's parameter table (Markdown): name, type, default, accepted values, live, description. */
  public String markdown() {
    StringBuilder b = new StringBuilder("| parameter | type | default | accepted | live | description |\n|---|---|---|---|---|---|\n");
    for (ParameterDeclaration d : declarations.values()) {
      b.append("| `").append(d.name()).append("` | ").append(d.type().rosName()).append(" | `").append(d.defaultValue().yaml())
          .append("` | ").append(d.constraintText().replace("|", "\\|")).append(" | ").append(d.isLive() ? "yes" : "no")
          .append(" | ").append(d.description().replace("|", "\\|")).append(" |\n");
    }
    return b.toString();
  }

  /** One entry per parameter for {@code --help}: name, type, default, accepted values, live, then the description. */
  public List<String> helpText() {
    List<String> out = new ArrayList<>();
    for (ParameterDeclaration d : declarations.values()) {
      String accepted = d.constraintText();
      out.add("  " + d.name() + " (" + d.type().rosName() + ", default " + d.defaultValue().yaml()
          + (accepted.isEmpty() ? "" : "; " + accepted) + (d.isLive() ? "; live" : "") + ")");
      for (String line : wrap(d.description(), 100)) out.add("      " + line);
    }
    return out;
  }

  static List<String> wrap(String text, int width) {
    List<String> lines = new ArrayList<>();
    StringBuilder line = new StringBuilder();
    for (String word : text.split("\\s+")) {
      if (line.length() > 0 && line.length() + 1 + word.length() > width) {
        lines.add(line.toString());
        line.setLength(0);
      }
      line.append(line.length() > 0 ? " " : "").append(word);
    }
    if (line.length() > 0) lines.add(line.toString());
    return lines;
  }
}
