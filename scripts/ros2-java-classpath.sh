#!/usr/bin/env bash
# Writes OUT/ros2-java-classpath.jar: a manifest-only jar whose Class-Path names every jar the sourced ROS 2
# workspace installs (share/<package>/java/*.jar under each AMENT_PREFIX_PATH entry: rcljava, rcljava_common and the
# message packages rosidl_generator_java built), less the logging jars. The transport-rcljava module compiles and
# tests against it.
set -euo pipefail
out="${1:?usage: ros2-java-classpath.sh OUT_DIR}"
if [[ -z "${AMENT_PREFIX_PATH:-}" ]]; then
  echo "transport-rcljava: AMENT_PREFIX_PATH is not set: source the ROS 2 workspace that has ros2_java (install/setup.bash) first" >&2
  exit 1
fi
jars=()
IFS=: read -r -a prefixes <<< "$AMENT_PREFIX_PATH"
for p in "${prefixes[@]}"; do
  [[ -d "$p/share" ]] || continue
  for j in "$p"/share/*/java/*.jar; do
    [[ -f "$j" ]] || continue
    # rcljava_common ships slf4j 1.7 with two bindings and log4j 1: clip2scene brings its own slf4j
    case "$(basename "$j")" in slf4j-*|log4j-*) continue ;; esac
    jars+=("$(cd "$(dirname "$j")" && pwd)/$(basename "$j")")
  done
done
have() { local n; for n in "${jars[@]}"; do [[ "$(basename "$n")" == "$1" ]] && return 0; done; return 1; }
for needed in rcljava.jar rcljava_common.jar; do
  have "$needed" || { echo "transport-rcljava: no $needed under share/*/java of AMENT_PREFIX_PATH ($AMENT_PREFIX_PATH): is ros2_java built in this workspace?" >&2; exit 1; }
done
mkdir -p "$out/empty"
{
  echo "Manifest-Version: 1.0"
  echo "Class-Path: "
  for j in "${jars[@]}"; do
    [[ "$j" == *" "* ]] && { echo "transport-rcljava: a jar path with a space cannot go in a Class-Path: $j" >&2; exit 1; }
    echo "  $j"
  done
} > "$out/MANIFEST.MF"
rm -f "$out/ros2-java-classpath.jar"
jar --create --file "$out/ros2-java-classpath.jar" --manifest "$out/MANIFEST.MF" -C "$out/empty" .
echo "transport-rcljava: ${#jars[@]} jars from the workspace on the class path ($out/ros2-java-classpath.jar)"
