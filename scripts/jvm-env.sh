# Settings every clip2scene JVM runs with, sourced (POSIX sh) by bin/clip2scene and the ros2 run wrappers;
# a value already set in the environment wins.
export DJL_OFFLINE="${DJL_OFFLINE:-true}" OPT_OUT_TRACKING="${OPT_OUT_TRACKING:-true}"
# libtorch's OpenMP threads spin-wait by default, which stalls them badly on a shared CPU
export OMP_WAIT_POLICY="${OMP_WAIT_POLICY:-PASSIVE}"
# glibc raises its mmap threshold each time a large block is freed, so libtorch's per-step tensors move into heap
# arenas that do not shrink and a training run's resident memory creeps up step after step; a fixed threshold
# returns them to the system after every step (BENCHMARKS.md, pretraining memory)
export MALLOC_MMAP_THRESHOLD_="${MALLOC_MMAP_THRESHOLD_:-131072}"
# the CPU inference engine uses the JDK Vector API (an incubator module in Java 17); without it the node falls back
# to the much slower DJL engine
CLIP2SCENE_JVM_MODULES="--add-modules jdk.incubator.vector"

# The class path of clip2scene: JAR (its manifest names lib/), and where the rcljava transport was built (RCLJAVA_JAR
# exists) and a ROS 2 workspace is sourced, that jar and the workspace's jars (CLASSPATH, less the slf4j 1.7 and
# log4j 1 jars rcljava_common ships: clip2scene brings slf4j 2).
CLIP2SCENE_MAIN=dev.clip2scene.nodes.cli.Clip2SceneCommand
clip2scene_class_path() {
  if [ -f "$2" ] && [ -n "${CLASSPATH:-}" ]; then
    ws_cp=$(printf '%s' "$CLASSPATH" | tr ':' '\n' | grep -v -e '/slf4j-[^/]*\.jar$' -e '/log4j-[^/]*\.jar$' | tr '\n' ':')
    printf '%s' "$1:$2:${ws_cp%:}"
  else
    printf '%s' "$1"
  fi
}
