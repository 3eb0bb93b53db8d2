#!/usr/bin/env bash
# Compiles the CUDA kernels (src/main/cuda) into a fatbinary on the class path: machine code for sm_75 (Turing),
# sm_80/86 (Ampere), sm_87 (Orin), sm_89 (Ada), sm_90 (Hopper), plus compute_90 PTX for newer GPUs. Run by Maven
# (model/pom.xml) with: SOURCE_DIR OUTPUT_FILE REQUIRED PTXAS_LOG. Where no nvcc is found it skips with a message (the engine
# then compiles the kernels with the machine's NVRTC at run time), unless REQUIRED is true, as in CI.
# nvcc: $CLIP2SCENE_NVCC, else nvcc on PATH, else the newest /usr/local/cuda*/bin/nvcc.
# Fails on a compile error, and on any kernel that spills registers or uses a stack frame (ptxas -v, sm_90).
set -euo pipefail
src="$1"
out="$2"
required="${3:-false}"
log="${4:-$out.ptxas.log}"

nvcc="${CLIP2SCENE_NVCC:-}"
if [[ -z "$nvcc" ]]; then
  if command -v nvcc >/dev/null 2>&1; then
    nvcc="$(command -v nvcc)"
  else
    for candidate in /usr/local/cuda/bin/nvcc $(ls -d /usr/local/cuda-*/bin/nvcc 2>/dev/null | sort -V -r); do
      if [[ -x "$candidate" ]]; then nvcc="$candidate"; break; fi
    done
  fi
fi
if [[ -z "$nvcc" || ! -x "$nvcc" ]]; then
  if [[ "$required" == "true" ]]; then
    echo "clip2scene: nvcc not found (set CLIP2SCENE_NVCC) but clip2scene.cuda.required=true: the kernels must be compiled" >&2
    exit 1
  fi
  echo "clip2scene: nvcc not found: CUDA kernels not compiled now; the CUDA engine will compile them with the machine's NVRTC at run time (set CLIP2SCENE_NVCC, or -Dclip2scene.cuda.required=true to make this an error)"
  exit 0
fi

sources=("$src"/*.cu "$src"/*.cuh)
if [[ -f "$out" ]]; then
  stale=false
  for s in "${sources[@]}" "$0"; do [[ "$s" -nt "$out" ]] && stale=true; done
  if [[ "$stale" == false ]]; then exit 0; fi
fi

mkdir -p "$(dirname "$out")" "$(dirname "$log")"
archs=()
for sm in 75 80 86 87 89 90; do archs+=("-gencode=arch=compute_$sm,code=sm_$sm"); done
archs+=("-gencode=arch=compute_90,code=compute_90")
echo "clip2scene: compiling CUDA kernels with $nvcc for sm_75..sm_90 + PTX"
"$nvcc" -std=c++17 -O3 --threads 0 -fatbin "${archs[@]}" -o "$out.tmp" "$src/clip2scene.cu"
# registers, stack and spills of every kernel on Hopper, kept beside the image; a spill or a stack frame fails the build
"$nvcc" -std=c++17 -O3 -cubin -arch=sm_90 -Xptxas -v -o "$out.sm_90.cubin" "$src/clip2scene.cu" 2>"$log"
rm -f "$out.sm_90.cubin"
if grep -E "[1-9][0-9]* bytes (spill stores|spill loads|stack frame)" "$log" >/dev/null; then
  echo "clip2scene: a kernel spills registers or uses a stack frame on sm_90 (see $log):" >&2
  grep -B2 -E "[1-9][0-9]* bytes (spill stores|spill loads|stack frame)" "$log" >&2
  rm -f "$out.tmp"
  exit 1
fi
mv "$out.tmp" "$out"
