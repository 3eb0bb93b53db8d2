package dev.clip2scene.nodes.params;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A running node's parameters: the values it started with, changed while it runs through {@link #set} and
 * {@link #setAtomically} (what the ROS parameter services call). A change is accepted only for a declared, live
 * parameter with a valid value, and only when every validator agrees (validators see the whole proposed set, so
 * rules between parameters hold); accepted changes reach the listeners in the order they were made.
 */
public final class LiveParameters {
  /** Refuses a proposed set of values (all parameters, changes applied) with a reason, or accepts it with null. */
  public interface Validator {
    String reject(Map<String, ParameterValue> proposed);
  }

  /** An accepted change: the parameters that changed, all values after it, and who made it. */
  public record Change(Map<String, ParameterValue> changed, Map<String, ParameterValue> all, String source) {}

  /** The outcome of setting one parameter, as rcl_interfaces/msg/SetParametersResult reports it. */
  public record Result(boolean successful, String reason) {
    static final Result OK = new Result(true, "");
  }

  private final ParameterTable table;
  private final String nodeName;
  private final List<Validator> validators = new CopyOnWriteArrayList<>();
  private final List<java.util.function.Consumer<Change>> listeners = new CopyOnWriteArrayList<>();
  private volatile Map<String, ParameterValue> values;

  public LiveParameters(ResolvedParameters start) {
    this.table = start.table();
    this.nodeName = start.nodeName();
    this.values = start.values();
  }

  public ParameterTable table() {
    return table;
  }

  /** The current values, in declaration order (an immutable snapshot). */
  public Map<String, ParameterValue> values() {
    return values;
  }

  public ParameterValue get(String name) {
    table.get(name);
    return values.get(name);
  }

  public void addValidator(Validator v) {
    validators.add(v);
  }

  public void addListener(java.util.function.Consumer<Change> l) {
    listeners.add(l);
  }

  /** Sets each parameter on its own, as rcl's set_parameters does: one result per entry, in order. */
  public synchronized List<Result> set(Map<String, ParameterValue> changes, String source) {
    List<Result> out = new ArrayList<>();
    for (Map.Entry<String, ParameterValue> e : changes.entrySet()) out.add(apply(Map.of(e.getKey(), e.getValue()), source));
    return out;
  }

  /** Sets all or none, as rcl's set_parameters_atomically does. */
  public synchronized Result setAtomically(Map<String, ParameterValue> changes, String source) {
    return apply(changes, source);
  }

  private Result apply(Map<String, ParameterValue> changes, String source) {
    Map<String, ParameterValue> proposed = new LinkedHashMap<>(values);
    Map<String, ParameterValue> changed = new LinkedHashMap<>();
    for (Map.Entry<String, ParameterValue> e : changes.entrySet()) {
      String name = e.getKey();
      ParameterDeclaration d = table.find(name).orElse(null);
      if (d == null) {
        String closest = table.closest(name);
        return new Result(false, "parameter '" + name + "' is not declared by " + nodeName + (closest != null ? " (did you mean '" + closest + "'?)" : ""));
      }
      if (!d.isLive()) return new Result(false, "parameter '" + name + "' is read-only: " + d.readOnlyReason());
      ParameterValue v = e.getValue();
      // `ros2 param set node x 1` sends an integer; a double parameter takes it as 1.0
      if (d.type() == ParameterType.DOUBLE && v.type() == ParameterType.INTEGER) v = ParameterValue.of((double) v.asLong());
      try {
        d.check(v, source);
      } catch (ParameterException ex) {
        return new Result(false, ex.getMessage());
      }
      proposed.put(name, v);
      if (!v.equals(values.get(name))) changed.put(name, v);
    }
    Map<String, ParameterValue> all = Collections.unmodifiableMap(proposed);
    for (Validator v : validators) {
      String reason = v.reject(all);
      if (reason != null) return new Result(false, reason);
    }
    values = all;
    if (!changed.isEmpty()) {
      Change change = new Change(Collections.unmodifiableMap(changed), all, source);
      for (var l : listeners) l.accept(change);
    }
    return Result.OK;
  }
}
