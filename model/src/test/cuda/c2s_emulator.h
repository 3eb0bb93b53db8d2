// Test harness: runs clip2scene's CUDA kernels (model/src/main/cuda) as host C++. Force-included (-include) before
// the kernel source when it is compiled with -DC2S_EMULATOR; see c2s_emulator.cpp for the scheduler.
//
// Each CUDA thread of a block is a fiber; a block's fibers run on one OS thread, switching only at __syncthreads and
// at warp collectives, which makes every run deterministic. The launcher can run fibers (and blocks) in forward or
// reverse order: a kernel whose result depends on that order has a race (a missing barrier). __shared__ variables
// are function statics, shared by the fibers of the one block that runs at a time. Warp collectives (shuffles,
// match, mma) gather all 32 lanes and compute their results at once, from the PTX ISA's fragment layout for the mma.
// Misaligned 16-byte accesses abort with a message; device allocations end at a guard page (see the .cpp).
#ifndef C2S_EMULATOR_H
#define C2S_EMULATOR_H

#include <cmath>
#include <cstdint>
#include <cstring>
#include <math.h>

#define __global__
#define __device__
#define __host__
#define __forceinline__
#define __launch_bounds__(x)
#define __align__(n) alignas(n)
#define __shared__ static
#define C2S_INLINE static inline
#define C2S_FULL_MASK 0xffffffffu

struct c2s_dim3 {
  unsigned x, y, z;
};

namespace c2s_emu {
struct Fiber;
extern Fiber* current;
extern c2s_dim3 block_idx, block_dim, grid_dim;
const c2s_dim3& thread_index();

typedef void (*Entry)(const void* params);
struct Registration {
  Registration(const char* name, unsigned long paramBytes, Entry entry);
};

void sync_threads();
void sync_warp();
unsigned lane();
/** Warp collective: every lane contributes VALUE; returns what lane SOURCE contributed. */
unsigned long long shuffle(unsigned long long value, unsigned source);
/** Warp collective: the lanes whose VALUE equals this lane's. */
unsigned match_any(unsigned long long value);
/** Warp collective mma.m16n8k16 (row.col, f16 inputs, f32 accumulators) on each lane's fragments. */
void mma_16x8x16(float c[4], const unsigned a[4], const unsigned b[2]);
[[noreturn]] void fail(const char* what, const void* where);
}  // namespace c2s_emu

#define threadIdx (c2s_emu::thread_index())
#define blockIdx (c2s_emu::block_idx)
#define blockDim (c2s_emu::block_dim)
#define gridDim (c2s_emu::grid_dim)

#define C2S_EMU_KERNEL(name, P)                                                                              \
  static void name(const P p);                                                                               \
  static const c2s_emu::Registration name##_registration(#name, sizeof(P), [](const void* bytes) {          \
    P copy;                                                                                                  \
    std::memcpy(static_cast<void*>(&copy), bytes, sizeof(P));                                                \
    name(copy);                                                                                              \
  });                                                                                                        \
  static void name(const P p)

inline void __syncthreads() {
  c2s_emu::sync_threads();
}

inline void __syncwarp(unsigned = C2S_FULL_MASK) {
  c2s_emu::sync_warp();
}

inline unsigned __float_as_uint(float f) {
  unsigned u;
  std::memcpy(&u, &f, 4);
  return u;
}

inline float __uint_as_float(unsigned u) {
  float f;
  std::memcpy(&f, &u, 4);
  return f;
}

inline int __popc(unsigned v) {
  return __builtin_popcount(v);
}

inline int __ffs(unsigned v) {
  return __builtin_ffs((int)v);
}

inline int __shfl_xor_sync(unsigned, int v, int mask) {
  return (int)c2s_emu::shuffle((unsigned)v, c2s_emu::lane() ^ (unsigned)mask);
}

inline float __shfl_xor_sync(unsigned, float v, int mask) {
  return __uint_as_float((unsigned)c2s_emu::shuffle(__float_as_uint(v), c2s_emu::lane() ^ (unsigned)mask));
}

inline long long __shfl_xor_sync(unsigned, long long v, int mask) {
  return (long long)c2s_emu::shuffle((unsigned long long)v, c2s_emu::lane() ^ (unsigned)mask);
}

/** The value of the lane DELTA below; lanes below DELTA keep their own. */
inline long long __shfl_up_sync(unsigned, long long v, unsigned delta) {
  unsigned l = c2s_emu::lane();
  return (long long)c2s_emu::shuffle((unsigned long long)v, l >= delta ? l - delta : l);
}

inline unsigned __match_any_sync(unsigned, int v) {
  return c2s_emu::match_any((unsigned)v);
}

// a block's fibers switch only at barriers and collectives, so these are atomic as written
template <typename T>
inline T atomicAdd(T* a, T v) {
  T old = *a;
  *a = old + v;
  return old;
}

template <typename T>
inline T atomicMin(T* a, T v) {
  T old = *a;
  if (v < old) *a = v;
  return old;
}

template <typename T>
inline T atomicMax(T* a, T v) {
  T old = *a;
  if (v > old) *a = v;
  return old;
}

template <typename T>
inline T atomicOr(T* a, T v) {
  T old = *a;
  *a = old | v;
  return old;
}

// the kernels' own primitives (c2s_device.cuh has the CUDA versions)

C2S_INLINE unsigned short c2s_f2h(float f) {
  _Float16 h = (_Float16)f;  // round to nearest even, as cvt.rn.f16.f32
  unsigned short bits;
  std::memcpy(&bits, &h, 2);
  return bits;
}

C2S_INLINE float c2s_h2f(unsigned short bits) {
  _Float16 h;
  std::memcpy(&h, &bits, 2);
  return (float)h;
}

C2S_INLINE void c2s_mma_16x8x16(float c[4], const unsigned a[4], const unsigned b[2]) {
  c2s_emu::mma_16x8x16(c, a, b);
}

C2S_INLINE unsigned c2s_lanemask_lt() {
  return (1u << c2s_emu::lane()) - 1u;
}

template <typename V>
C2S_INLINE V c2s_load16_impl(const void* p) {
  if (reinterpret_cast<uintptr_t>(p) % 16 != 0) c2s_emu::fail("misaligned 16-byte load", p);
  V v;
  std::memcpy(static_cast<void*>(&v), p, 16);
  return v;
}

#define c2s_load16(p) c2s_load16_impl<c2s_vec16>(p)

template <typename V>
C2S_INLINE void c2s_store16(void* p, V v) {
  if (reinterpret_cast<uintptr_t>(p) % 16 != 0) c2s_emu::fail("misaligned 16-byte store", p);
  std::memcpy(p, static_cast<const void*>(&v), 16);
}

#endif
