// The emulator's runtime: kernel registry, fiber scheduler, warp collectives, guarded device memory, and the JNI
// entry points of dev.clip2scene.model.infer.cuda.EmulatedGpu (test sources). See c2s_emulator.h.
#include "c2s_emulator.h"

#include <jni.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

#if !defined(__x86_64__)
#include <ucontext.h>
#endif

namespace c2s_emu {

Fiber* current = nullptr;
c2s_dim3 block_idx, block_dim, grid_dim;

struct KernelInfo {
  unsigned long paramBytes;
  Entry entry;
};

static std::map<std::string, KernelInfo>& registry() {
  static std::map<std::string, KernelInfo> kernels;
  return kernels;
}

Registration::Registration(const char* name, unsigned long paramBytes, Entry entry) {
  registry()[name] = KernelInfo{paramBytes, entry};
}

// ---- fibers -----------------------------------------------------------------------------------------------------

enum State { RUNNABLE, AT_BARRIER, AT_WARP, DONE };

struct Fiber {
  void* sp = nullptr;
  char* stack = nullptr;
  c2s_dim3 tid{0, 0, 0};
  unsigned lane = 0, warp = 0;
  State state = RUNNABLE;
#if !defined(__x86_64__)
  ucontext_t context;
#endif
};

static const size_t STACK_BYTES = 256 * 1024;
static std::vector<Fiber> fibers;
static Entry running_entry = nullptr;
static unsigned at_barrier = 0, done_fibers = 0;
static const void* running_params = nullptr;
static std::string failure;

const c2s_dim3& thread_index() {
  return current->tid;
}

unsigned lane() {
  return current->lane;
}

void fail(const char* what, const void* where) {
  char buf[256];
  std::snprintf(buf, sizeof buf, "%s at %p (block %u, thread %u)", what, where, block_idx.x, current ? current->tid.x : 0u);
  throw std::runtime_error(buf);
}

#if defined(__x86_64__)
extern "C" void c2s_emu_switch(void** save, void* to);
extern "C" void c2s_emu_trampoline();
extern "C" void c2s_emu_fiber_main(Fiber* f);
// the callee-saved registers on the old stack, then the new stack's (kernels leave the FP control state alone)
asm(R"(
.text
.globl c2s_emu_switch
.type c2s_emu_switch,@function
c2s_emu_switch:
  pushq %rbp
  pushq %rbx
  pushq %r12
  pushq %r13
  pushq %r14
  pushq %r15
  movq %rsp, (%rdi)
  movq %rsi, %rsp
  popq %r15
  popq %r14
  popq %r13
  popq %r12
  popq %rbx
  popq %rbp
  ret
.size c2s_emu_switch,.-c2s_emu_switch
.globl c2s_emu_trampoline
.type c2s_emu_trampoline,@function
c2s_emu_trampoline:
  movq %rbx, %rdi
  andq $-16, %rsp
  call c2s_emu_fiber_main
  ud2
.size c2s_emu_trampoline,.-c2s_emu_trampoline
)");
static void* scheduler_sp = nullptr;
#else
static ucontext_t scheduler_context;
#endif

static void yield() {
  Fiber* f = current;
#if defined(__x86_64__)
  c2s_emu_switch(&f->sp, scheduler_sp);
#else
  swapcontext(&f->context, &scheduler_context);
#endif
}

static void resume(Fiber* f) {
  current = f;
#if defined(__x86_64__)
  c2s_emu_switch(&scheduler_sp, f->sp);
#else
  swapcontext(&scheduler_context, &f->context);
#endif
  current = nullptr;
}

extern "C" void c2s_emu_fiber_main(Fiber* f) {
  try {
    running_entry(running_params);
  } catch (const std::exception& e) {
    if (failure.empty()) failure = e.what();
  }
  f->state = DONE;
  ++done_fibers;
  yield();
  std::abort();  // a finished fiber is never resumed
}

#if !defined(__x86_64__)
static void fiber_start(unsigned hi, unsigned lo) {
  c2s_emu_fiber_main(reinterpret_cast<Fiber*>((static_cast<uintptr_t>(hi) << 32) | lo));
}
#endif

static void start(Fiber* f) {
#if defined(__x86_64__)
  uintptr_t top = (reinterpret_cast<uintptr_t>(f->stack) + STACK_BYTES) & ~static_cast<uintptr_t>(15);
  uint64_t* s = reinterpret_cast<uint64_t*>(top);
  s[-1] = 0;                                                // alignment slot
  s[-2] = reinterpret_cast<uint64_t>(&c2s_emu_trampoline);  // ret target
  s[-3] = 0;                                                // rbp
  s[-4] = reinterpret_cast<uint64_t>(f);                    // rbx: the fiber
  for (int r = 5; r <= 8; ++r) s[-r] = 0;                   // r12..r15
  f->sp = &s[-8];
#else
  getcontext(&f->context);
  f->context.uc_stack.ss_sp = f->stack;
  f->context.uc_stack.ss_size = STACK_BYTES;
  f->context.uc_link = nullptr;
  uintptr_t p = reinterpret_cast<uintptr_t>(f);
  makecontext(&f->context, reinterpret_cast<void (*)()>(fiber_start), 2, static_cast<unsigned>(p >> 32), static_cast<unsigned>(p));
#endif
}

// ---- barriers and warp collectives ------------------------------------------------------------------------------

void sync_threads() {
  current->state = AT_BARRIER;
  ++at_barrier;
  yield();
}

enum Kind { SYNC, SHUFFLE, MATCH, MMA };

struct Warp {
  int arrived = 0;
  Kind kind = SYNC;
  unsigned long long value[32];
  unsigned long long result[32];
  unsigned source[32];
  float* c[32];
  unsigned a[32][4];
  unsigned b[32][2];
};
static Warp warps[32];

static float half_bits(unsigned bits) {
  return c2s_h2f(static_cast<unsigned short>(bits & 0xffff));
}

static void complete(Warp& w) {
  switch (w.kind) {
    case SYNC:
      break;
    case SHUFFLE:
      for (int l = 0; l < 32; ++l) w.result[l] = w.value[w.source[l] & 31];
      break;
    case MATCH:
      for (int l = 0; l < 32; ++l) {
        unsigned m = 0;
        for (int o = 0; o < 32; ++o) m |= (w.value[o] == w.value[l] ? 1u : 0u) << o;
        w.result[l] = m;
      }
      break;
    case MMA: {
      // fragment layout of mma.m16n8k16.row.col (PTX ISA): g = lane / 4, t = lane % 4
      float A[16][16], B[16][8], C[16][8];
      for (int l = 0; l < 32; ++l) {
        int g = l >> 2, t = l & 3;
        for (int h = 0; h < 2; ++h) {
          A[g][2 * t + h] = half_bits(w.a[l][0] >> (16 * h));
          A[g + 8][2 * t + h] = half_bits(w.a[l][1] >> (16 * h));
          A[g][2 * t + 8 + h] = half_bits(w.a[l][2] >> (16 * h));
          A[g + 8][2 * t + 8 + h] = half_bits(w.a[l][3] >> (16 * h));
          B[2 * t + h][g] = half_bits(w.b[l][0] >> (16 * h));
          B[2 * t + 8 + h][g] = half_bits(w.b[l][1] >> (16 * h));
        }
        C[g][2 * t] = w.c[l][0];
        C[g][2 * t + 1] = w.c[l][1];
        C[g + 8][2 * t] = w.c[l][2];
        C[g + 8][2 * t + 1] = w.c[l][3];
      }
      for (int l = 0; l < 32; ++l) {
        int g = l >> 2, t = l & 3;
        int rows[4] = {g, g, g + 8, g + 8}, cols[4] = {2 * t, 2 * t + 1, 2 * t, 2 * t + 1};
        for (int e = 0; e < 4; ++e) {
          float sum = 0.f;
          for (int k = 0; k < 16; ++k) sum += A[rows[e]][k] * B[k][cols[e]];
          w.c[l][e] = C[rows[e]][cols[e]] + sum;
        }
      }
      break;
    }
  }
}

/** Deposits this lane's part; the last lane of the warp to arrive completes the collective for all. */
static unsigned long long collective(Kind kind, unsigned long long value, unsigned source) {
  Fiber* f = current;
  Warp& w = warps[f->warp];
  if (w.arrived > 0 && w.kind != kind) fail("lanes of one warp at different collectives", nullptr);
  w.kind = kind;
  w.value[f->lane] = value;
  w.source[f->lane] = source;
  if (++w.arrived == 32) {
    complete(w);
    w.arrived = 0;
    for (unsigned t = f->warp * 32; t < f->warp * 32 + 32; ++t) {
      if (fibers[t].state == AT_WARP) fibers[t].state = RUNNABLE;
    }
  } else {
    f->state = AT_WARP;
    yield();
  }
  return w.result[f->lane];
}

void sync_warp() {
  collective(SYNC, 0, 0);
}

unsigned long long shuffle(unsigned long long value, unsigned source) {
  return collective(SHUFFLE, value, source);
}

unsigned match_any(unsigned long long value) {
  return static_cast<unsigned>(collective(MATCH, value, 0));
}

void mma_16x8x16(float c[4], const unsigned a[4], const unsigned b[2]) {
  Fiber* f = current;
  Warp& w = warps[f->warp];
  for (int i = 0; i < 4; ++i) w.a[f->lane][i] = a[i];
  w.b[f->lane][0] = b[0];
  w.b[f->lane][1] = b[1];
  w.c[f->lane] = c;
  collective(MMA, 0, 0);
}

// ---- blocks and launches ----------------------------------------------------------------------------------------

static void run_block(unsigned threads, bool reverse) {
  for (unsigned t = 0; t < threads; ++t) {
    Fiber& f = fibers[t];
    f.tid = c2s_dim3{t, 0, 0};
    f.lane = t & 31;
    f.warp = t >> 5;
    f.state = RUNNABLE;
    start(&f);
  }
  for (Warp& w : warps) w.arrived = 0;
  at_barrier = 0;
  done_fibers = 0;
  while (failure.empty()) {
    bool ran = false;
    for (unsigned i = 0; i < threads; ++i) {
      Fiber& f = fibers[reverse ? threads - 1 - i : i];
      if (f.state == RUNNABLE) {
        resume(&f);
        ran = true;
      }
    }
    if (done_fibers == threads) return;
    if (at_barrier + done_fibers == threads) {
      for (unsigned t = 0; t < threads; ++t) {
        if (fibers[t].state == AT_BARRIER) fibers[t].state = RUNNABLE;
      }
      at_barrier = 0;
    } else if (!ran) {
      throw std::runtime_error("deadlock: threads wait at a warp collective that not every lane reaches");
    }
  }  // a failed thread abandons its block: the launch reports the failure
}

static void launch(const std::string& name, unsigned grid, unsigned threads, const void* params, unsigned long bytes, int order) {
  auto it = registry().find(name);
  if (it == registry().end()) throw std::runtime_error("no kernel named " + name);
  if (it->second.paramBytes != bytes) {
    throw std::runtime_error(name + ": " + std::to_string(bytes) + " parameter bytes given, the kernel takes " +
                             std::to_string(it->second.paramBytes));
  }
  if (threads == 0 || threads > 1024 || threads % 32 != 0) throw std::runtime_error(name + ": block of " + std::to_string(threads) + " threads");
  if (fibers.size() < threads) {
    size_t old = fibers.size();
    fibers.resize(threads);
    for (size_t t = old; t < threads; ++t) fibers[t].stack = static_cast<char*>(std::malloc(STACK_BYTES));
  }
  running_entry = it->second.entry;
  running_params = params;
  failure.clear();
  grid_dim = c2s_dim3{grid, 1, 1};
  block_dim = c2s_dim3{threads, 1, 1};
  bool reverse = order != 0;
  for (unsigned i = 0; i < grid; ++i) {
    block_idx = c2s_dim3{reverse ? grid - 1 - i : i, 0, 0};
    run_block(threads, reverse);
    if (!failure.empty()) throw std::runtime_error(name + ": " + failure);
  }
}

// ---- device memory: each allocation ends at an inaccessible page, so reading or writing past it faults ----------

struct Allocation {
  char* mapping;
  size_t mapped;
};
static std::map<uintptr_t, Allocation> allocations;

static uintptr_t allocate(size_t bytes) {
  size_t page = static_cast<size_t>(sysconf(_SC_PAGESIZE));
  size_t rounded = (bytes + 255) / 256 * 256;
  size_t data = (rounded + page - 1) / page * page;
  size_t mapped = data + page;
  void* m = mmap(nullptr, mapped, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (m == MAP_FAILED) throw std::runtime_error("emulated device out of memory");
  char* base = static_cast<char*>(m);
  mprotect(base + data, page, PROT_NONE);
  char* p = base + data - rounded;  // 256-byte aligned, as cudaMalloc's
  std::memset(base, 0x7f, data);      // uninitialised memory reads as huge numbers, not zeros
  allocations[reinterpret_cast<uintptr_t>(p)] = Allocation{base, mapped};
  return reinterpret_cast<uintptr_t>(p);
}

static void release(uintptr_t p) {
  auto it = allocations.find(p);
  if (it == allocations.end()) throw std::runtime_error("freeing an address that was not allocated");
  munmap(it->second.mapping, it->second.mapped);
  allocations.erase(it);
}

}  // namespace c2s_emu

// ---- JNI ----------------------------------------------------------------------------------------------------------

static void throw_java(JNIEnv* env, const char* message) {
  jclass c = env->FindClass("java/lang/IllegalStateException");
  if (c) env->ThrowNew(c, message);
}

extern "C" {

JNIEXPORT jlong JNICALL Java_dev_clip2scene_model_infer_cuda_EmulatedGpu_allocateNative(JNIEnv* env, jclass, jlong bytes) {
  try {
    return static_cast<jlong>(c2s_emu::allocate(static_cast<size_t>(bytes)));
  } catch (const std::exception& e) {
    throw_java(env, e.what());
    return 0;
  }
}

JNIEXPORT void JNICALL Java_dev_clip2scene_model_infer_cuda_EmulatedGpu_releaseNative(JNIEnv* env, jclass, jlong p) {
  try {
    c2s_emu::release(static_cast<uintptr_t>(p));
  } catch (const std::exception& e) {
    throw_java(env, e.what());
  }
}

/** Copies BYTES from host address FROM to host address TO (device memory is host memory here). */
JNIEXPORT void JNICALL Java_dev_clip2scene_model_infer_cuda_EmulatedGpu_copyNative(JNIEnv*, jclass, jlong to, jlong from, jlong bytes) {
  std::memmove(reinterpret_cast<void*>(to), reinterpret_cast<const void*>(from), static_cast<size_t>(bytes));
}

JNIEXPORT jlong JNICALL Java_dev_clip2scene_model_infer_cuda_EmulatedGpu_addressNative(JNIEnv* env, jclass, jobject buffer) {
  return reinterpret_cast<jlong>(env->GetDirectBufferAddress(buffer));
}

JNIEXPORT void JNICALL Java_dev_clip2scene_model_infer_cuda_EmulatedGpu_launchNative(JNIEnv* env, jclass, jstring kernel, jint grid,
                                                                                 jint block, jlong params, jlong bytes, jint order) {
  const char* name = env->GetStringUTFChars(kernel, nullptr);
  std::string n(name);
  env->ReleaseStringUTFChars(kernel, name);
  try {
    c2s_emu::launch(n, static_cast<unsigned>(grid), static_cast<unsigned>(block), reinterpret_cast<const void*>(params),
                    static_cast<unsigned long>(bytes), order);
  } catch (const std::exception& e) {
    throw_java(env, e.what());
  }
}

JNIEXPORT jstring JNICALL Java_dev_clip2scene_model_infer_cuda_EmulatedGpu_kernelsNative(JNIEnv* env, jclass) {
  std::string all;
  for (auto& k : c2s_emu::registry()) all += k.first + "=" + std::to_string(k.second.paramBytes) + "\n";
  return env->NewStringUTF(all.c_str());
}
}
