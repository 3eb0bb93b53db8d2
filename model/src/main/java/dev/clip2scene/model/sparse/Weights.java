package dev.clip2scene.model.sparse;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/**
 * A network's named tensors: trainable parameters (gradients attached) and buffers (BatchNorm running
 * statistics). Initial values come from a seeded Java generator, so a seed fixes the network exactly.
 */
public final class Weights implements AutoCloseable {
  private final NDManager manager;
  private final DataType dtype;
  private final long seed;
  private final Map<String, NDArray> parameters = new LinkedHashMap<>();
  private final Map<String, NDArray> buffers = new LinkedHashMap<>();

  public Weights(NDManager parent, DataType dtype, long seed) {
    if (dtype != DataType.FLOAT32 && dtype != DataType.FLOAT64) throw new IllegalArgumentException("weights must be float32 or float64, not " + dtype);
    this.manager = parent.newSubManager();
    this.dtype = dtype;
    this.seed = seed;
  }

  public NDManager manager() {
    return manager;
  }

  public DataType dtype() {
    return dtype;
  }

  /** A trainable tensor with normally distributed values of the given standard deviation (0: constant fill). */
  public NDArray normal(String name, Shape shape, double std) {
    Random r = random(name);
    double[] v = new double[Math.toIntExact(shape.size())];
    for (int i = 0; i < v.length; i++) v[i] = r.nextGaussian() * std;
    return parameter(name, shape, v);
  }

  /** A trainable tensor uniform in [-bound, bound). */
  public NDArray uniform(String name, Shape shape, double bound) {
    Random r = random(name);
    double[] v = new double[Math.toIntExact(shape.size())];
    for (int i = 0; i < v.length; i++) v[i] = (r.nextDouble() * 2 - 1) * bound;
    return parameter(name, shape, v);
  }

  public NDArray constant(String name, Shape shape, double value) {
    double[] v = new double[Math.toIntExact(shape.size())];
    java.util.Arrays.fill(v, value);
    return parameter(name, shape, v);
  }

  /** A non-trainable tensor (running statistics). */
  public NDArray buffer(String name, Shape shape, double value) {
    NDArray a = manager.full(shape, (float) value, dtype);
    put(buffers, name, a);
    return a;
  }

  private NDArray parameter(String name, Shape shape, double[] values) {
    NDArray a = manager.create(values, shape).toType(dtype, false);
    a.setRequiresGradient(true);
    put(parameters, name, a);
    return a;
  }

  private void put(Map<String, NDArray> map, String name, NDArray a) {
    if (parameters.containsKey(name) || buffers.containsKey(name)) throw new IllegalArgumentException("weight '" + name + "' defined twice");
    a.setName(name);
    map.put(name, a);
  }

  private Random random(String name) {
    return new Random(seed * 1_000_003L + name.hashCode());
  }

  public Map<String, NDArray> parameters() {
    return Collections.unmodifiableMap(parameters);
  }

  public Map<String, NDArray> buffers() {
    return Collections.unmodifiableMap(buffers);
  }

  /** Parameters then buffers, in definition order. */
  public Map<String, NDArray> all() {
    Map<String, NDArray> all = new LinkedHashMap<>(parameters);
    all.putAll(buffers);
    return all;
  }

  public long parameterCount() {
    long n = 0;
    for (NDArray a : parameters.values()) n += a.size();
    return n;
  }

  @Override
  public void close() {
    manager.close();
  }
}
