#!/usr/bin/env bash
# Builds the GPU device check into target/gpu-check (git-ignored): a jlink-ed Java runtime, only the jars the check
# needs (no DJL, no libtorch), the CUDA kernels (inside the model jar), a MinkUNet14A model folder and real scans
# copied from ../shared/data. On the GPU machine (CUDA driver, no JDK, no network): target/gpu-check/run.sh.
# Usage: scripts/gpu-check/build.sh [--fresh]   (--fresh: remake the model folder too)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
out="$root/target/gpu-check"
shared="$root/../shared/data"
limit_mib=60
cd "$root"
[[ -d "$shared" ]] || { echo "gpu-check: $shared is missing (the scans come from there)" >&2; exit 1; }

echo "gpu-check: building the jars (mvn package, no tests)"
mvn -B -q -DskipTests -Dclip2scene.cuda.required=true package
lib="$root/nodes/target/lib"
[[ -f "$(ls "$lib"/clip2scene-model-*.jar | head -1)" ]] || { echo "gpu-check: no model jar in $lib" >&2; exit 1; }

model="$out/model"
if [[ "${1:-}" == "--fresh" ]]; then rm -rf "$model"; fi
rm -rf "$out/runtime" "$out/lib" "$out/scans" "$out/.javacpp-cache" "$out/.cuda-cache"
mkdir -p "$out/lib" "$out/scans"

echo "gpu-check: Java runtime (jlink)"
jlink --add-modules java.base,java.management,jdk.unsupported,jdk.incubator.vector --strip-debug --no-header-files \
  --no-man-pages --compress=2 --output "$out/runtime" 2>&1 | grep -v "Using incubator modules" || true
find "$out/runtime" -name '*.so' -exec strip --strip-unneeded {} +

echo "gpu-check: jars"
for pattern in 'clip2scene-model-*.jar' 'jackson-core-*.jar' 'jackson-databind-*.jar' 'jackson-annotations-*.jar' \
    'slf4j-api-*.jar' 'slf4j-simple-*.jar' 'javacpp-*.jar'; do
  matches=("$lib"/$pattern)
  [[ -f "${matches[0]}" ]] || { echo "gpu-check: no $pattern in $lib" >&2; exit 1; }
  cp "${matches[@]}" "$out/lib/"
done
presets=$(ls "$lib"/cuda-*.jar | grep -v -- '-linux-')
cp "$presets" "$out/lib/"
# the presets' natives for this platform, only the two the engine loads (the driver API and NVRTC)
natives=("$lib"/cuda-*-linux-x86_64.jar)
tmp="$(mktemp -d)"
(cd "$tmp" && unzip -q "${natives[0]}" 'META-INF/*' 'org/bytedeco/cuda/linux-x86_64/libjnicudart.so' \
  'org/bytedeco/cuda/linux-x86_64/libjninvrtc.so' && zip -q -r "$out/lib/$(basename "${natives[0]}")" .)
rm -rf "$tmp"

echo "gpu-check: scans"
cp "$shared/semantickitti/000000.bin" "$out/scans/semantickitti-000000.bin"
cp "$shared/semantickitti/000000.label" "$out/scans/semantickitti-000000.label"
cp "$shared/kitti/object/velodyne/000000.bin" "$out/scans/kitti-000000.bin"

if [[ ! -f "$model/config.json" ]]; then
  echo "gpu-check: model folder (MinkUNet14A, batch norm calibrated on the scans; a minute or two)"
  cp_test="$root/model/target/test-classes:$root/model/target/classes:$lib/*"
  java --add-modules jdk.incubator.vector -cp "$cp_test" dev.clip2scene.model.infer.cuda.CheckModelMain "$model" \
    "$out/scans/semantickitti-000000.bin" "$out/scans/kitti-000000.bin" 2>&1 | grep -v -E "^\[main\] (INFO|WARN)|incubator" || true
  [[ -f "$model/config.json" ]] || { echo "gpu-check: the model folder was not written" >&2; exit 1; }
fi

cp "$root/scripts/gpu-check/run.sh" "$out/run.sh"
chmod +x "$out/run.sh"
size_kib=$(du -sk "$out" | cut -f1)
echo "gpu-check: $out is $((size_kib / 1024)) MiB"
if ((size_kib > limit_mib * 1024)); then
  echo "gpu-check: over the $limit_mib MiB limit" >&2
  exit 1
fi
