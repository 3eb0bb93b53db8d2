// clip2scene CUDA kernels: the device primitives they use, in one place.
//
// The kernels are compiled three ways from the same text: by nvcc in the build (fatbinary for sm_75..sm_90 + PTX),
// by the machine's NVRTC at run time where no embedded image fits (the engine passes one option, -arch, so nothing
// here may need an include path: no CUDA headers; half precision and tensor cores through inline PTX), and by a
// host C++ compiler for the tests (C2S_EMULATOR: model/src/test/cuda supplies the indices, barriers, atomics, warp
// collectives and the mma in emulation). Everything target-specific is below.
#ifndef C2S_DEVICE_CUH
#define C2S_DEVICE_CUH

typedef unsigned long long c2s_u64;
typedef long long c2s_i64;
typedef unsigned int c2s_u32;
typedef unsigned short c2s_u16;

/** 16 bytes, the unit of vector loads and stores (the address must be 16-byte aligned). */
struct __align__(16) c2s_vec16 {
  c2s_u32 w[4];
};

#if !defined(C2S_EMULATOR)
#define C2S_INLINE __device__ __forceinline__
#define C2S_FULL_MASK 0xffffffffu

/** float -> float16 bits, round to nearest even. */
C2S_INLINE c2s_u16 c2s_f2h(float f) {
  unsigned short h;
  asm("cvt.rn.f16.f32 %0, %1;" : "=h"(h) : "f"(f));
  return h;
}

C2S_INLINE float c2s_h2f(c2s_u16 h) {
  float f;
  unsigned short x = h;
  asm("cvt.f32.f16 %0, %1;" : "=f"(f) : "h"(x));
  return f;
}

/**
 * D = A B + C for one warp: A 16x16 (row major), B 16x8 (K x N), float32 accumulators. Fragments as the PTX ISA lays
 * them out for mma.m16n8k16 (g = lane / 4, t = lane % 4): a[0] = A[g][2t..2t+1], a[1] = A[g+8][2t..], a[2] =
 * A[g][2t+8..], a[3] = A[g+8][2t+8..]; b[0] = B[2t..2t+1][g], b[1] = B[2t+8..2t+9][g]; c[0..1] = C[g][2t..2t+1],
 * c[2..3] = C[g+8][2t..]; the lower column (or k) in the lower 16 bits. Turing (sm_75) has only the k8 shape: the
 * same fragments, as two k8 steps.
 */
C2S_INLINE void c2s_mma_16x8x16(float c[4], const c2s_u32 a[4], const c2s_u32 b[2]) {
#if __CUDA_ARCH__ >= 800
  asm volatile(
      "mma.sync.aligned.m16n8k16.row.col.f32.f16.f16.f32 {%0,%1,%2,%3}, {%4,%5,%6,%7}, {%8,%9}, {%0,%1,%2,%3};\n"
      : "+f"(c[0]), "+f"(c[1]), "+f"(c[2]), "+f"(c[3])
      : "r"(a[0]), "r"(a[1]), "r"(a[2]), "r"(a[3]), "r"(b[0]), "r"(b[1]));
#else
  asm volatile(
      "mma.sync.aligned.m16n8k8.row.col.f32.f16.f16.f32 {%0,%1,%2,%3}, {%4,%5}, {%6}, {%0,%1,%2,%3};\n"
      : "+f"(c[0]), "+f"(c[1]), "+f"(c[2]), "+f"(c[3])
      : "r"(a[0]), "r"(a[1]), "r"(b[0]));
  asm volatile(
      "mma.sync.aligned.m16n8k8.row.col.f32.f16.f16.f32 {%0,%1,%2,%3}, {%4,%5}, {%6}, {%0,%1,%2,%3};\n"
      : "+f"(c[0]), "+f"(c[1]), "+f"(c[2]), "+f"(c[3])
      : "r"(a[2]), "r"(a[3]), "r"(b[1]));
#endif
}

C2S_INLINE c2s_u32 c2s_lanemask_lt() {
  c2s_u32 m;
  asm("mov.u32 %0, %%lanemask_lt;" : "=r"(m));
  return m;
}

C2S_INLINE c2s_vec16 c2s_load16(const void* p) {
  return *reinterpret_cast<const c2s_vec16*>(p);
}

C2S_INLINE void c2s_store16(void* p, c2s_vec16 v) {
  *reinterpret_cast<c2s_vec16*>(p) = v;
}
#endif

#endif
