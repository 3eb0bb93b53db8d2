/* Test helper (NvrtcCompileTest): compiles a CUDA source file with NVRTC as the engine does (no include path, the one
 * option given), loading libnvrtc from the path given. Usage: nvrtc_compile LIBNVRTC SOURCE OPTION. Prints the
 * result, the image size and NVRTC's log; exits with NVRTC's result (0 = compiled). */
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>

typedef int (*create_t)(void**, const char*, const char*, int, const char* const*, const char* const*);
typedef int (*compile_t)(void*, int, const char* const*);
typedef int (*size_t_getter)(void*, size_t*);
typedef int (*log_t)(void*, char*);

int main(int argc, char** argv) {
  if (argc != 4) return 2;
  void* h = dlopen(argv[1], RTLD_NOW);
  if (!h) {
    printf("dlopen %s: %s\n", argv[1], dlerror());
    return 2;
  }
  create_t create = (create_t)dlsym(h, "nvrtcCreateProgram");
  compile_t compile = (compile_t)dlsym(h, "nvrtcCompileProgram");
  size_t_getter log_size = (size_t_getter)dlsym(h, "nvrtcGetProgramLogSize");
  log_t get_log = (log_t)dlsym(h, "nvrtcGetProgramLog");
  size_t_getter cubin_size = (size_t_getter)dlsym(h, "nvrtcGetCUBINSize");
  FILE* f = fopen(argv[2], "rb");
  if (!f) return 2;
  fseek(f, 0, SEEK_END);
  long n = ftell(f);
  fseek(f, 0, SEEK_SET);
  char* src = malloc(n + 1);
  if (fread(src, 1, n, f) != (size_t)n) return 2;
  src[n] = 0;
  void* program;
  if (create(&program, src, "clip2scene.cu", 0, NULL, NULL) != 0) return 2;
  const char* option = argv[3];
  int r = compile(program, 1, &option);
  size_t ls = 0;
  log_size(program, &ls);
  char* lg = malloc(ls + 1);
  get_log(program, lg);
  lg[ls] = 0;
  size_t image = 0;
  if (r == 0) cubin_size(program, &image);
  printf("%s: result %d, image %zu bytes\n%s\n", option, r, image, lg);
  return r;
}
