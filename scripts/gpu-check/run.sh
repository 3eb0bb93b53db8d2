#!/usr/bin/env bash
# The GPU device check (see scripts/gpu-check/build.sh): the CUDA engine against the CPU engine on real scans, then
# its latency; prints one JSON object. Exit 0 pass, 1 a check failed, 3 no CUDA device (the CPU half ran).
# Options: --device N, --clouds N (measured per latency row, default 200), --out FILE.json
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# the driver's libcuda.so.1 and the toolkit's libcudart / libnvrtc, wherever this machine keeps them
for d in /usr/local/cuda/lib64 /usr/local/cuda/targets/x86_64-linux/lib /usr/local/nvidia/lib64 /usr/lib/x86_64-linux-gnu /usr/lib64; do
  [[ -d "$d" ]] && LD_LIBRARY_PATH="$d${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
done
export LD_LIBRARY_PATH
exec "$here/runtime/bin/java" --add-modules jdk.incubator.vector -Xmx16g \
  -Dorg.bytedeco.javacpp.cachedir="$here/.javacpp-cache" -Dclip2scene.cuda.cache="$here/.cuda-cache" \
  -Dorg.slf4j.simpleLogger.logFile=System.err \
  -cp "$here/lib/*" dev.clip2scene.model.infer.cuda.DeviceCheck "$here" "$@"
