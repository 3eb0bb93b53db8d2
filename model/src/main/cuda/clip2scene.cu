// clip2scene's CUDA kernels: one cloud, points in -> labels and scores out, all on the device.
//
// Voxelization: per point validity and voxel coordinates (c2s_points), the kept points compacted (scan) and keyed by
// the Morton code of their voxel relative to the cloud's bounding box (c2s_keys), sorted by key (8-bit LSD radix
// sort, stable, so a voxel's points stay in input order), voxels are the runs of equal keys (scan, c2s_voxels) and
// average their points' features in input order, as the CPU engine does (c2s_voxel_features).
// Levels: a voxel of level l+1 holds the level-l voxels whose key shifted right by 3 is its key, and in Morton order
// those are contiguous; so each coarser level is a scan of run starts (c2s_coarsen), and its stride-2 maps follow
// (c2s_children, the transposed map from the same pass). Submanifold maps search each neighbour's key in the
// level's sorted keys (c2s_submanifold). Per 64-row tile, a mask of the kernel offsets that have any pair
// (c2s_tile_masks) lets the convolutions skip empty offsets.
// Convolutions: implicit GEMM over the neighbour table, output rows in tiles of 64: float16 on tensor cores
// (mma.m16n8k16, float32 accumulation) or float32 on the CUDA cores; bias (batch norm folded), residual and ReLU in
// the epilogue. SPVCNN's point branch: trilinear weights (c2s_interpolation), voxels to points, points to voxels.
// Head: the dense head with the text embeddings folded in gives per-row logits; c2s_labels takes the argmax and its
// softmax probability; c2s_output writes them (or the features) for every input point, -1 where rejected.
//
// Every kernel reads its element counts from device memory and loops over them with a fixed grid, so that one
// captured CUDA graph serves every cloud up to the planned capacity.
#include "c2s_device.cuh"
#include "c2s_params.cuh"

#if defined(C2S_EMULATOR)
#define C2S_KERNEL(name, P, threads) C2S_EMU_KERNEL(name, P)
#else
#define C2S_KERNEL(name, P, threads) extern "C" __global__ void __launch_bounds__(threads) name(const P p)
#endif

#define C2S_BIG 0x7fffffffffffffffLL

// i over [0, n) across the whole grid
#define C2S_FOR(i, n) for (c2s_i64 i = (c2s_i64)blockIdx.x * blockDim.x + threadIdx.x; i < (n); i += (c2s_i64)gridDim.x * blockDim.x)

C2S_INLINE c2s_i64 c2s_min(c2s_i64 a, c2s_i64 b) {
  return a < b ? a : b;
}

C2S_INLINE c2s_i64 c2s_max(c2s_i64 a, c2s_i64 b) {
  return a > b ? a : b;
}

C2S_INLINE bool c2s_finite(float f) {
  return (__float_as_uint(f) & 0x7f800000u) != 0x7f800000u;
}

/** The 21 low bits of A spread to every third bit. */
C2S_INLINE c2s_u64 c2s_spread3(c2s_u64 a) {
  a &= 0x1fffffull;
  a = (a | a << 32) & 0x1f00000000ffffull;
  a = (a | a << 16) & 0x1f0000ff0000ffull;
  a = (a | a << 8) & 0x100f00f00f00f00full;
  a = (a | a << 4) & 0x10c30c30c30c30c3ull;
  a = (a | a << 2) & 0x1249249249249249ull;
  return a;
}

C2S_INLINE c2s_u64 c2s_gather3(c2s_u64 a) {
  a &= 0x1249249249249249ull;
  a = (a ^ (a >> 2)) & 0x10c30c30c30c30c3ull;
  a = (a ^ (a >> 4)) & 0x100f00f00f00f00full;
  a = (a ^ (a >> 8)) & 0x1f0000ff0000ffull;
  a = (a ^ (a >> 16)) & 0x1f00000000ffffull;
  a = (a ^ (a >> 32)) & 0x1fffffull;
  return a;
}

/**
 * The Morton key of non-negative voxel coordinates (below 2^21): bit 3b+2 is x's bit b, 3b+1 y's, 3b z's. So the
 * lowest 3 bits are the stride-2 kernel offset (x&1)<<2 | (y&1)<<1 | z&1, and key >> 3 is the parent voxel's key.
 */
C2S_INLINE c2s_u64 c2s_morton(c2s_u64 x, c2s_u64 y, c2s_u64 z) {
  return c2s_spread3(x) << 2 | c2s_spread3(y) << 1 | c2s_spread3(z);
}

C2S_INLINE void c2s_unmorton(c2s_u64 key, c2s_i64 c[3]) {
  c[0] = (c2s_i64)c2s_gather3(key >> 2);
  c[1] = (c2s_i64)c2s_gather3(key >> 1);
  c[2] = (c2s_i64)c2s_gather3(key);
}

/** Index of KEY in the sorted KEYS[0, n), or -1. */
C2S_INLINE int c2s_search(const c2s_u64* keys, c2s_i64 n, c2s_u64 key) {
  c2s_i64 lo = 0, hi = n;
  while (lo < hi) {
    c2s_i64 mid = (lo + hi) >> 1;
    if (keys[mid] < key) lo = mid + 1;
    else hi = mid;
  }
  return lo < n && keys[lo] == key ? (int)lo : -1;
}

/** The key of the voxel at offset (dx, dy, dz) from KEY's voxel, or all ones when a coordinate leaves the grid. */
C2S_INLINE c2s_u64 c2s_neighbour(c2s_u64 key, int dx, int dy, int dz) {
  c2s_i64 c[3];
  c2s_unmorton(key, c);
  c2s_i64 x = c[0] + dx, y = c[1] + dy, z = c[2] + dz;
  if (x < 0 || y < 0 || z < 0) return ~0ull;
  return c2s_morton((c2s_u64)x, (c2s_u64)y, (c2s_u64)z);
}

/** The bounding box's minimum rounded down to a multiple of 16, so that coordinates halve alike at every level. */
C2S_INLINE c2s_i64 c2s_origin(const C2sState* s, int axis) {
  return s->bboxMin[axis] & ~(c2s_i64)15;
}

/** Exclusive prefix sum of V over the block's 256 threads (8 warps); TOTAL receives the sum. */
C2S_INLINE c2s_i64 c2s_block_scan(c2s_i64 v, c2s_i64* total) {
  __shared__ c2s_i64 warpSums[8];
  int lane = threadIdx.x & 31, warp = threadIdx.x >> 5;
  c2s_i64 x = v;
  for (int off = 1; off < 32; off <<= 1) {
    c2s_i64 y = __shfl_up_sync(C2S_FULL_MASK, x, off);
    if (lane >= off) x += y;
  }
  if (lane == 31) warpSums[warp] = x;
  __syncthreads();
  c2s_i64 before = 0, all = 0;
  for (int w = 0; w < 8; ++w) {
    c2s_i64 s = warpSums[w];
    if (w < warp) before += s;
    all += s;
  }
  __syncthreads();  // the sums are read before the next call writes them
  *total = all;
  return before + x - v;
}

/** Minimum (MAX_ = 0) or maximum (MAX_ = 1) of V over the block's 256 threads, in every thread. */
C2S_INLINE c2s_i64 c2s_block_extreme(c2s_i64 v, bool max_) {
  __shared__ c2s_i64 warpBest[8];
  for (int off = 16; off > 0; off >>= 1) {
    c2s_i64 o = __shfl_xor_sync(C2S_FULL_MASK, v, off);
    v = max_ ? c2s_max(v, o) : c2s_min(v, o);
  }
  if ((threadIdx.x & 31) == 0) warpBest[threadIdx.x >> 5] = v;
  __syncthreads();
  c2s_i64 r = warpBest[0];
  for (int w = 1; w < 8; ++w) r = max_ ? c2s_max(r, warpBest[w]) : c2s_min(r, warpBest[w]);
  __syncthreads();
  return r;
}

C2S_INLINE float c2s_load(const void* base, c2s_i64 i, bool half) {
  return half ? c2s_h2f(static_cast<const c2s_u16*>(base)[i]) : static_cast<const float*>(base)[i];
}

C2S_INLINE void c2s_store(void* base, c2s_i64 i, float v, bool half) {
  if (half) {
    v = v > 65504.f ? 65504.f : (v < -65504.f ? -65504.f : v);  // no infinities from a float16 overflow
    static_cast<c2s_u16*>(base)[i] = c2s_f2h(v);
  } else {
    static_cast<float*>(base)[i] = v;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Voxelization

/** Per point: finite, inside the crop box and the coordinate range (the CPU Voxelizer's rules, in double). */
C2S_KERNEL(c2s_points, C2sPointsParams, 256) {
  c2s_i64 n = p.state->points;
  c2s_i64 lo[3] = {C2S_BIG, C2S_BIG, C2S_BIG};
  C2S_FOR(i, n) {
    const float* d = p.data + i * p.stride;
    bool ok = true;
    for (c2s_i64 s = 0; s < p.stride; ++s) ok = ok && c2s_finite(d[s]);
    if (ok && p.crop) {
      for (int a = 0; a < 3; ++a) ok = ok && (double)d[a] >= p.cropMin[a] && (double)d[a] < p.cropMax[a];
    }
    int c[3] = {0, 0, 0};
    for (int a = 0; a < 3 && ok; ++a) {
      double f = floor((double)d[a] * p.invVoxel);
      if (f >= (double)p.limit || f <= -(double)p.limit) ok = false;
      else c[a] = (int)f;
    }
    p.coords[4 * i] = c[0];
    p.coords[4 * i + 1] = c[1];
    p.coords[4 * i + 2] = c[2];
    p.coords[4 * i + 3] = ok ? 1 : 0;
    p.flags[i] = ok ? 1 : 0;
    p.rowOf[i] = -1;
    if (ok) {
      for (int a = 0; a < 3; ++a) lo[a] = c2s_min(lo[a], c[a]);
    }
  }
  for (int a = 0; a < 3; ++a) {
    c2s_i64 m = c2s_block_extreme(lo[a], false);
    if (threadIdx.x == 0 && m != C2S_BIG) atomicMin(&p.state->bboxMin[a], m);
  }
}

C2S_INLINE int c2s_scan_value(const C2sScanParams& p, c2s_i64 i) {
  if (p.mode == 0) return p.flags[i];
  return i == 0 || (p.keys[i] >> p.shift) != (p.keys[i - 1] >> p.shift) ? 1 : 0;
}

/** This thread's share [*from, *to) of the block's share of [0, n) (C2S_SCAN_BLOCKS blocks of 256 threads). */
C2S_INLINE void c2s_scan_range(c2s_i64 n, c2s_i64* from, c2s_i64* to) {
  c2s_i64 perBlock = (n + C2S_SCAN_BLOCKS - 1) / C2S_SCAN_BLOCKS;
  c2s_i64 b0 = c2s_min(n, blockIdx.x * perBlock), b1 = c2s_min(n, b0 + perBlock);
  c2s_i64 perThread = (b1 - b0 + 255) / 256;
  *from = c2s_min(b1, b0 + threadIdx.x * perThread);
  *to = c2s_min(b1, *from + perThread);
}

/** Scan, step 1 of 3: each block's sum. */
C2S_KERNEL(c2s_scan_partials, C2sScanParams, 256) {
  c2s_i64 from, to, sum = 0, total;
  c2s_scan_range(*p.count, &from, &to);
  for (c2s_i64 i = from; i < to; ++i) sum += c2s_scan_value(p, i);
  c2s_block_scan(sum, &total);
  if (threadIdx.x == 0) p.partial[blockIdx.x] = total;
}

/** Scan, step 2 of 3 (one block): the blocks' offsets, and the total. */
C2S_KERNEL(c2s_scan_top, C2sScanParams, 256) {
  c2s_i64 total;
  bool mine = threadIdx.x < C2S_SCAN_BLOCKS;
  c2s_i64 v = mine ? p.partial[threadIdx.x] : 0;
  c2s_i64 before = c2s_block_scan(v, &total);
  if (mine) p.partial[threadIdx.x] = before;
  if (threadIdx.x == 0) *p.total = total;
}

/** Scan, step 3 of 3: the inclusive prefix sum of every element. */
C2S_KERNEL(c2s_scan_apply, C2sScanParams, 256) {
  c2s_i64 from, to, sum = 0, total;
  c2s_scan_range(*p.count, &from, &to);
  for (c2s_i64 i = from; i < to; ++i) sum += c2s_scan_value(p, i);
  c2s_i64 run = p.partial[blockIdx.x] + c2s_block_scan(sum, &total);
  for (c2s_i64 i = from; i < to; ++i) {
    run += c2s_scan_value(p, i);
    p.out[i] = (int)run;
  }
}

/** Kept points, compacted in input order, with their voxel's Morton key relative to the aligned bounding box. */
C2S_KERNEL(c2s_keys, C2sKeysParams, 256) {
  c2s_i64 n = p.state->points;
  c2s_i64 ox = c2s_origin(p.state, 0), oy = c2s_origin(p.state, 1), oz = c2s_origin(p.state, 2);
  c2s_i64 top = 0;
  C2S_FOR(i, n) {
    const int* c = p.coords + 4 * i;
    if (c[3]) {
      c2s_u64 key = c2s_morton((c2s_u64)(c[0] - ox), (c2s_u64)(c[1] - oy), (c2s_u64)(c[2] - oz));
      c2s_i64 at = p.position[i] - 1;
      p.keys[at] = key;
      p.vals[at] = (int)i;
      top = c2s_max(top, (c2s_i64)key);
    }
  }
  c2s_i64 m = c2s_block_extreme(top, true);
  if (threadIdx.x == 0 && m > 0) atomicMax(&p.state->maxKey, (c2s_u64)m);
}

/** Keys never exceed 2^57; a pass whose digit is 0 in every key would only copy, and copies instead. */
C2S_INLINE bool c2s_sort_skips(const C2sSortParams& p) {
  return (p.state->maxKey >> p.shift) == 0;
}

/** This block's share [*from, *to) of the sort's elements. */
C2S_INLINE void c2s_sort_range(c2s_i64 n, c2s_i64* from, c2s_i64* to) {
  c2s_i64 per = (n + C2S_SORT_BLOCKS - 1) / C2S_SORT_BLOCKS;
  *from = c2s_min(n, blockIdx.x * per);
  *to = c2s_min(n, *from + per);
}

/** Radix sort pass, step 1 of 3: each block counts the digits of its share. */
C2S_KERNEL(c2s_sort_histogram, C2sSortParams, 256) {
  if (c2s_sort_skips(p)) return;
  __shared__ c2s_u32 count[256];
  count[threadIdx.x] = 0;
  __syncthreads();
  c2s_i64 from, to;
  c2s_sort_range(p.state->valid, &from, &to);
  for (c2s_i64 i = from + threadIdx.x; i < to; i += 256) atomicAdd(&count[(p.srcKeys[i] >> p.shift) & 255], 1u);
  __syncthreads();
  p.hist[threadIdx.x * C2S_SORT_BLOCKS + blockIdx.x] = count[threadIdx.x];
}

/** Radix sort pass, step 2 of 3 (one block): where each block's elements of each digit go. */
C2S_KERNEL(c2s_sort_offsets, C2sSortParams, 256) {
  if (c2s_sort_skips(p)) return;
  c2s_i64* row = p.hist + threadIdx.x * C2S_SORT_BLOCKS;
  c2s_i64 sum = 0, total;
  for (int b = 0; b < C2S_SORT_BLOCKS; ++b) sum += row[b];
  c2s_i64 run = c2s_block_scan(sum, &total);
  for (int b = 0; b < C2S_SORT_BLOCKS; ++b) {
    c2s_i64 v = row[b];
    row[b] = run;
    run += v;
  }
}

/**
 * Radix sort pass, step 3 of 3: each block moves its share, 256 at a time in order; within that, elements of one
 * digit keep their order (rank among equal digits in the warp, warps in turn), which makes the sort stable.
 */
C2S_KERNEL(c2s_sort_scatter, C2sSortParams, 256) {
  c2s_i64 n = p.state->valid;
  if (c2s_sort_skips(p)) {
    C2S_FOR(i, n) {
      p.dstKeys[i] = p.srcKeys[i];
      p.dstVals[i] = p.srcVals[i];
    }
    return;
  }
  __shared__ c2s_i64 next[256];
  next[threadIdx.x] = p.hist[threadIdx.x * C2S_SORT_BLOCKS + blockIdx.x];
  __syncthreads();
  int lane = threadIdx.x & 31, warp = threadIdx.x >> 5;
  c2s_i64 from, to;
  c2s_sort_range(n, &from, &to);
  for (c2s_i64 start = from; start < to; start += 256) {
    c2s_i64 i = start + threadIdx.x;
    bool valid = i < to;
    c2s_u64 key = valid ? p.srcKeys[i] : 0;
    int digit = valid ? (int)((key >> p.shift) & 255) : 256 + lane;  // past the end: matches no one
    c2s_u32 peers = __match_any_sync(C2S_FULL_MASK, digit);
    int rank = __popc(peers & c2s_lanemask_lt());
    bool leader = (__ffs(peers) - 1) == lane;
    c2s_i64 at = 0;
    for (int w = 0; w < 8; ++w) {
      if (warp == w) {
        c2s_i64 base = valid ? next[digit] : 0;
        __syncwarp();
        if (valid && leader) next[digit] = base + __popc(peers);
        at = base + rank;
      }
      __syncthreads();
    }
    if (valid) {
      p.dstKeys[at] = key;
      p.dstVals[at] = p.srcVals[i];
    }
  }
}

/** Level-0 voxels: the runs of equal keys in the sorted points. */
C2S_KERNEL(c2s_voxels, C2sVoxelsParams, 256) {
  c2s_i64 n = p.state->valid;
  c2s_i64 voxels = p.state->voxels[0];
  if (n == 0 && blockIdx.x == 0 && threadIdx.x == 0) p.voxelStart[0] = 0;
  C2S_FOR(i, n) {
    int v = p.runs[i] - 1;
    if (i == 0 || p.keys[i] != p.keys[i - 1]) {
      p.voxelKeys[v] = p.keys[i];
      p.voxelStart[v] = (int)i;
    }
    if (i == n - 1) p.voxelStart[voxels] = (int)n;
    p.pointVoxel[i] = v;
    p.rowOf[p.vals[i]] = (int)i;
  }
}

/** Per voxel, the mean of its points' features, summed in input order as the CPU engine does; padding zero. */
C2S_KERNEL(c2s_voxel_features, C2sFeaturesParams, 256) {
  c2s_i64 voxels = p.state->voxels[0];
  C2S_FOR(v, voxels) {
    int from = p.voxelStart[v], to = p.voxelStart[v + 1];
    for (c2s_i64 c = 0; c < p.width; ++c) {
      float mean = 0.f;
      if (c < p.channels) {
        float sum = 0.f;
        for (int q = from; q < to; ++q) sum += p.data[(c2s_i64)p.vals[q] * p.stride + 3 + c];
        mean = sum / (float)(to - from);
      }
      c2s_store(p.out, v * p.width + c, mean, p.half != 0);
    }
  }
}

/** Level l from level l-1: parents, first children, first point rows, and the transposed stride-2 map. */
C2S_KERNEL(c2s_coarsen, C2sCoarsenParams, 256) {
  c2s_i64 fine = p.state->voxels[p.level - 1];
  c2s_i64 coarse = p.state->voxels[p.level];
  C2S_FOR(i, fine) {
    int j = p.runs[i] - 1;
    c2s_u64 key = p.fineKeys[i];
    if (i == 0 || (key >> 3) != (p.fineKeys[i - 1] >> 3)) {
      p.coarseKeys[j] = key >> 3;
      p.childStart[j] = (int)i;
      p.pointStart[j] = p.finePointStart[i];
    }
    if (i == fine - 1) {
      p.childStart[coarse] = (int)fine;
      p.pointStart[coarse] = p.finePointStart[fine];
    }
    p.parent[i] = j;
    int offset = (int)(key & 7);
    for (int o = 0; o < 8; ++o) p.up[o * p.fineCapacity + i] = o == offset ? j : -1;
  }
}

/** The stride-2 map from level l-1 to l: per coarse voxel, its child at each of the 8 offsets, or -1. */
C2S_KERNEL(c2s_children, C2sChildrenParams, 256) {
  c2s_i64 coarse = p.state->voxels[p.level];
  C2S_FOR(j, coarse) {
    int from = p.childStart[j], to = p.childStart[j + 1];
    for (int o = 0; o < 8; ++o) {
      int child = -1;
      for (int i = from; i < to; ++i) child = (int)(p.fineKeys[i] & 7) == o ? i : child;
      p.child[o * p.capacity + j] = child;
    }
  }
}

/** Submanifold map of a level: neighbours[k][i] = the voxel at kernel offset k from voxel i, or -1. */
C2S_KERNEL(c2s_submanifold, C2sSubmanifoldParams, 256) {
  c2s_i64 n = p.state->voxels[p.level];
  int size = (int)p.kernel, r = size / 2;
  c2s_i64 volume = (c2s_i64)size * size * size;
  C2S_FOR(q, volume * n) {
    int k = (int)(q / n);
    c2s_i64 i = q - k * n;
    int dx = k / (size * size) - r, dy = (k / size) % size - r, dz = k % size - r;
    int found;
    if (dx == 0 && dy == 0 && dz == 0) {
      found = (int)i;
    } else {
      c2s_u64 key = c2s_neighbour(p.keys[i], dx, dy, dz);
      found = key == ~0ull ? -1 : c2s_search(p.keys, n, key);
    }
    p.neighbours[k * p.capacity + i] = found;
  }
}

/** Per tile of 64 output rows, the kernel offsets with at least one pair (bit k of word k / 32). */
C2S_KERNEL(c2s_tile_masks, C2sMaskParams, 256) {
  __shared__ c2s_u32 words[C2S_MASK_WORDS];
  c2s_i64 rows = *p.rows;
  c2s_i64 tiles = (rows + C2S_TILE_ROWS - 1) / C2S_TILE_ROWS;
  for (c2s_i64 tile = blockIdx.x; tile < tiles; tile += gridDim.x) {
    if (threadIdx.x < C2S_MASK_WORDS) words[threadIdx.x] = 0;
    __syncthreads();
    for (c2s_i64 q = threadIdx.x; q < p.volume * C2S_TILE_ROWS; q += 256) {
      int k = (int)(q / C2S_TILE_ROWS);
      c2s_i64 r = tile * C2S_TILE_ROWS + q % C2S_TILE_ROWS;
      if (r < rows && p.neighbours[k * p.capacity + r] >= 0) atomicOr(&words[k >> 5], 1u << (k & 31));
    }
    __syncthreads();
    if (threadIdx.x < C2S_MASK_WORDS) p.masks[tile * C2S_MASK_WORDS + threadIdx.x] = words[threadIdx.x];
    __syncthreads();
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Convolutions

/** A tile's kernel offsets with pairs, one bit each: four words in registers, never indexed at run time. */
struct c2s_mask {
  c2s_u32 w0, w1, w2, w3;
};

C2S_INLINE c2s_mask c2s_tile_mask(const C2sConvParams& p, c2s_i64 rowTile) {
  c2s_mask m;
  if (p.masks) {
    const c2s_u32* w = p.masks + rowTile * C2S_MASK_WORDS;
    m.w0 = w[0];
    m.w1 = w[1];
    m.w2 = w[2];
    m.w3 = w[3];
  } else {
    m.w0 = m.w1 = m.w2 = m.w3 = ~0u;
  }
  return m;
}

/** The first kernel offset after K whose bit is set in the tile's mask, or VOLUME. */
C2S_INLINE int c2s_next_offset(const c2s_mask& m, int k, int volume) {
  for (++k; k < volume; k = (k | 31) + 1) {
    int w = k >> 5;
    c2s_u32 word = w == 0 ? m.w0 : w == 1 ? m.w1 : w == 2 ? m.w2 : m.w3;
    c2s_u32 bits = word >> (k & 31);
    if (bits) {
      int found = k + __ffs(bits) - 1;
      return found < volume ? found : volume;
    }
  }
  return volume;
}

/**
 * 16 bytes of input row R's channels [ch, ch + 16 bytes) for kernel offset K: from the segment holding them, or zeros
 * past the input's width, past the rows, or where the offset has no neighbour.
 */
C2S_INLINE c2s_vec16 c2s_gather(const C2sConvParams& p, int src, c2s_i64 ch, int elementBytes) {
  c2s_vec16 v;
  v.w[0] = v.w[1] = v.w[2] = v.w[3] = 0;
  if (src < 0 || ch >= p.cin) return v;
  c2s_i64 start = 0;
  for (int s = 0; s < p.segments; ++s) {
    if (ch < start + p.inWidth[s]) {
      const char* base = static_cast<const char*>(p.in[s]);
      return c2s_load16(base + ((c2s_i64)src * p.inWidth[s] + (ch - start)) * elementBytes);
    }
    start += p.inWidth[s];
  }
  return v;
}

/** The input row feeding output row R through offset K (identity maps have no table). */
C2S_INLINE int c2s_source_row(const C2sConvParams& p, int k, c2s_i64 r, c2s_i64 rows) {
  if (r >= rows) return -1;
  return p.neighbours ? p.neighbours[k * p.capacity + r] : (int)r;
}

C2S_INLINE float c2s_epilogue(const C2sConvParams& p, float acc, c2s_i64 r, c2s_i64 col, bool half) {
  float v = acc + p.bias[col];
  if (p.add) v += c2s_load(p.add, r * p.cout + col, half);
  return p.relu && v < 0.f ? 0.f : v;
}

/** Input channels per convolution step of the float16 kernel (4 m16n8k16 steps). */
#define C2S_F16_BK 64

/**
 * One step's global loads for c2s_conv_f16 (offset K, input channels [64 CHUNK, 64 CHUNK + 64)): into RA, 16 bytes x
 * 4 of the input row feeding output row tid / 2 (parts 4 (tid % 2) .. + 3 of 8 channels); into RB, weight vectors
 * tid + 128 j of the tile's 8 NT output columns x 8 parts.
 */
template <int NT>
C2S_INLINE void c2s_f16_step(const C2sConvParams& p, int k, int chunk, c2s_i64 row0, c2s_i64 rows, int col0, c2s_vec16 ra[4],
                             c2s_vec16 rb[4]) {
  const int tid = threadIdx.x;
  const c2s_u16* weight = static_cast<const c2s_u16*>(p.weight);
  const c2s_i64 base = (c2s_i64)chunk * C2S_F16_BK;
  int src = c2s_source_row(p, k, row0 + (tid >> 1), rows);
  for (int j = 0; j < 4; ++j) ra[j] = c2s_gather(p, src, base + ((tid & 1) * 4 + j) * 8, 2);
  for (int j = 0; j < 4; ++j) {
    int v = tid + 128 * j, n = v >> 3;
    c2s_i64 ch = base + (v & 7) * 8;
    c2s_vec16 z;
    z.w[0] = z.w[1] = z.w[2] = z.w[3] = 0;
    rb[j] = v < NT * 64 && col0 + n < p.cout && ch < p.cin ? c2s_load16(weight + ((c2s_i64)k * p.cout + col0 + n) * p.cin + ch) : z;
  }
}

/**
 * Float16 implicit GEMM: a block of 4 warps computes 64 output rows x 8 NT columns; each warp 16 rows with NT
 * m16n8k16 tiles. Per step (an active kernel offset and 64 input channels) the gathered input rows and the weights
 * go through shared memory; the next step's global loads are issued before this step's mma.
 * Weights: float16, [volume][cout][cin] (cin contiguous, the B operand's layout).
 */
template <int NT>
C2S_INLINE void c2s_conv_f16(const C2sConvParams& p) {
  const int BM = 64, BK = C2S_F16_BK, PITCH = BK + 8;  // 8 halves of padding: fragment loads hit 32 different banks
  const int BN = 8 * NT;
  __shared__ c2s_vec16 aTile[BM * PITCH / 8];
  __shared__ c2s_vec16 bTile[BN * PITCH / 8];
  c2s_u16* as = reinterpret_cast<c2s_u16*>(aTile);
  c2s_u16* bs = reinterpret_cast<c2s_u16*>(bTile);
  const c2s_i64 rows = *p.rows;
  const int tid = threadIdx.x, warp = tid >> 5, lane = tid & 31, g = lane >> 2, t4 = lane & 3;
  const c2s_i64 rowTiles = (rows + BM - 1) / BM;
  const int colTiles = (int)((p.cout + BN - 1) / BN);
  const int chunks = (int)((p.cin + BK - 1) / BK);
  const int volume = (int)p.volume;
  const int aRow = tid >> 1, aPart = (tid & 1) * 4;  // as c2s_f16_step loads
  for (c2s_i64 tile = blockIdx.x; tile < rowTiles * colTiles; tile += gridDim.x) {
    const c2s_i64 rowTile = tile / colTiles, row0 = rowTile * BM;
    const int col0 = (int)(tile % colTiles) * BN;
    const c2s_mask mask = c2s_tile_mask(p, rowTile);
    float acc[NT][4];
    for (int n = 0; n < NT; ++n) acc[n][0] = acc[n][1] = acc[n][2] = acc[n][3] = 0.f;
    c2s_vec16 ra[4], rb[4];
    int k = c2s_next_offset(mask, -1, volume), chunk = 0;
    if (k < volume) c2s_f16_step<NT>(p, k, 0, row0, rows, col0, ra, rb);
    while (k < volume) {
      __syncthreads();
      for (int j = 0; j < 4; ++j) c2s_store16(as + aRow * PITCH + (aPart + j) * 8, ra[j]);
      for (int j = 0; j < 4; ++j) {
        int v = tid + 128 * j;
        if (v < BN * 8) c2s_store16(bs + (v >> 3) * PITCH + (v & 7) * 8, rb[j]);
      }
      __syncthreads();
      int nextK = k, nextChunk = chunk + 1;
      if (nextChunk == chunks) {
        nextChunk = 0;
        nextK = c2s_next_offset(mask, k, volume);
      }
      if (nextK < volume) c2s_f16_step<NT>(p, nextK, nextChunk, row0, rows, col0, ra, rb);
      // channels past the input's width are zeros in both tiles: a step over them adds nothing, and is skipped
      int width = (int)(p.cin - (c2s_i64)chunk * BK);
      for (int kk = 0; kk < BK && kk < width; kk += 16) {
        c2s_u32 a[4];
        const c2s_u16* a0 = as + (warp * 16 + g) * PITCH + kk + 2 * t4;
        a[0] = *reinterpret_cast<const c2s_u32*>(a0);
        a[1] = *reinterpret_cast<const c2s_u32*>(a0 + 8 * PITCH);
        a[2] = *reinterpret_cast<const c2s_u32*>(a0 + 8);
        a[3] = *reinterpret_cast<const c2s_u32*>(a0 + 8 * PITCH + 8);
        for (int n = 0; n < NT; ++n) {
          c2s_u32 b[2];
          const c2s_u16* b0 = bs + (n * 8 + g) * PITCH + kk + 2 * t4;
          b[0] = *reinterpret_cast<const c2s_u32*>(b0);
          b[1] = *reinterpret_cast<const c2s_u32*>(b0 + 8);
          c2s_mma_16x8x16(acc[n], a, b);
        }
      }
      k = nextK;
      chunk = nextChunk;
    }
    for (int n = 0; n < NT; ++n) {
      c2s_i64 col = col0 + n * 8 + 2 * t4;
      if (col >= p.cout) continue;
      for (int h = 0; h < 2; ++h) {
        c2s_i64 r = row0 + warp * 16 + g + 8 * h;
        if (r >= rows) continue;
        float v0 = c2s_epilogue(p, acc[n][2 * h], r, col, true);
        float v1 = c2s_epilogue(p, acc[n][2 * h + 1], r, col + 1, true);
        if (p.outFloat) {
          c2s_store(p.out, r * p.cout + col, v0, false);
          c2s_store(p.out, r * p.cout + col + 1, v1, false);
        } else {
          c2s_store(p.out, r * p.cout + col, v0, true);
          c2s_store(p.out, r * p.cout + col + 1, v1, true);
        }
      }
    }
  }
}

C2S_KERNEL(c2s_conv_f16_n16, C2sConvParams, 128) {
  c2s_conv_f16<2>(p);
}

C2S_KERNEL(c2s_conv_f16_n32, C2sConvParams, 128) {
  c2s_conv_f16<4>(p);
}

C2S_KERNEL(c2s_conv_f16_n64, C2sConvParams, 128) {
  c2s_conv_f16<8>(p);
}

/** Input channels per convolution step of the float32 kernel. */
#define C2S_F32_BK 32

/**
 * One step's global loads for c2s_conv_f32 (offset K, input channels [32 CHUNK, 32 CHUNK + 32)): vectors v = tid and
 * tid + 256 of each tile: into RA, channels 4 (v / 64) .. + 3 of the input row feeding output row v % 64; into RB,
 * input channel v / 16's weights for the tile's columns 4 (v % 16) .. + 3.
 */
C2S_INLINE void c2s_f32_step(const C2sConvParams& p, int k, int chunk, c2s_i64 row0, c2s_i64 rows, int col0, c2s_vec16 ra[2],
                             c2s_vec16 rb[2]) {
  const float* weight = static_cast<const float*>(p.weight);
  c2s_i64 ch = (c2s_i64)chunk * C2S_F32_BK;
  c2s_vec16 z;
  z.w[0] = z.w[1] = z.w[2] = z.w[3] = 0;
  for (int j = 0; j < 2; ++j) {
    int v = threadIdx.x + 256 * j;
    ra[j] = c2s_gather(p, c2s_source_row(p, k, row0 + (v & 63), rows), ch + (v >> 6) * 4, 4);
    c2s_i64 in = ch + (v >> 4), col = col0 + (v & 15) * 4;
    rb[j] = col < p.cout && in < p.cin ? c2s_load16(weight + ((c2s_i64)k * p.cin + in) * p.cout + col) : z;
  }
}

/**
 * Float32 implicit GEMM on the CUDA cores: 256 threads compute 64 rows x 64 columns, 4 x 4 each, 32 input channels
 * per step through shared memory (inputs transposed there so a thread's 4 rows are one vector).
 * Weights: float32, [volume][cin][cout].
 */
C2S_KERNEL(c2s_conv_f32, C2sConvParams, 256) {
  const int BM = 64, BN = 64, BK = C2S_F32_BK, PITCH = 64 + 4;
  // float bits as 32-bit words throughout, converted where used: one type per location for the optimizer
  __shared__ c2s_vec16 aTile[BK * PITCH / 4];
  __shared__ c2s_vec16 bTile[BK * PITCH / 4];
  c2s_u32* as = reinterpret_cast<c2s_u32*>(aTile);
  c2s_u32* bs = reinterpret_cast<c2s_u32*>(bTile);
  const c2s_i64 rows = *p.rows;
  const int tid = threadIdx.x, tx = tid & 15, ty = tid >> 4;
  const c2s_i64 rowTiles = (rows + BM - 1) / BM;
  const int colTiles = (int)((p.cout + BN - 1) / BN);
  const int chunks = (int)((p.cin + BK - 1) / BK);
  const int volume = (int)p.volume;
  for (c2s_i64 tile = blockIdx.x; tile < rowTiles * colTiles; tile += gridDim.x) {
    const c2s_i64 rowTile = tile / colTiles, row0 = rowTile * BM;
    const int col0 = (int)(tile % colTiles) * BN;
    const c2s_mask mask = c2s_tile_mask(p, rowTile);
    float acc[4][4];
    for (int i = 0; i < 4; ++i) acc[i][0] = acc[i][1] = acc[i][2] = acc[i][3] = 0.f;
    c2s_vec16 ra[2], rb[2];
    int k = c2s_next_offset(mask, -1, volume), chunk = 0;
    if (k < volume) c2s_f32_step(p, k, 0, row0, rows, col0, ra, rb);
    while (k < volume) {
      __syncthreads();
      for (int j = 0; j < 2; ++j) {
        int v = tid + 256 * j;  // as c2s_f32_step loads
        for (int q = 0; q < 4; ++q) as[((v >> 6) * 4 + q) * PITCH + (v & 63)] = ra[j].w[q];
        c2s_store16(bs + (v >> 4) * PITCH + (v & 15) * 4, rb[j]);
      }
      __syncthreads();
      int nextK = k, nextChunk = chunk + 1;
      if (nextChunk == chunks) {
        nextChunk = 0;
        nextK = c2s_next_offset(mask, k, volume);
      }
      if (nextK < volume) c2s_f32_step(p, nextK, nextChunk, row0, rows, col0, ra, rb);
      int width = (int)(p.cin - (c2s_i64)chunk * BK);  // channels past the input's width are zeros: skipped
      for (int kk = 0; kk < BK && kk < width; ++kk) {
        c2s_vec16 av = c2s_load16(as + kk * PITCH + ty * 4);
        c2s_vec16 bv = c2s_load16(bs + kk * PITCH + tx * 4);
        float a[4], b[4];
        for (int i = 0; i < 4; ++i) {
          a[i] = __uint_as_float(av.w[i]);
          b[i] = __uint_as_float(bv.w[i]);
        }
        for (int i = 0; i < 4; ++i) {
          for (int j = 0; j < 4; ++j) acc[i][j] += a[i] * b[j];
        }
      }
      k = nextK;
      chunk = nextChunk;
    }
    c2s_i64 col = col0 + tx * 4;
    if (col < p.cout) {
      for (int i = 0; i < 4; ++i) {
        c2s_i64 r = row0 + ty * 4 + i;
        if (r >= rows) continue;
        for (int j = 0; j < 4; ++j) c2s_store(p.out, r * p.cout + col + j, c2s_epilogue(p, acc[i][j], r, col + j, false), false);
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------------------------
// SPVCNN's point branch (point rows are the kept points in sorted order)

/** Each point row's voxel one level up. */
C2S_KERNEL(c2s_point_parent, C2sPointParentParams, 256) {
  c2s_i64 n = p.state->valid;
  C2S_FOR(i, n) p.coarse[i] = p.parent[p.fine[i]];
}

/**
 * Trilinear weights of each point row over the 8 voxels around it at a level (the CPU engine's rule: the point's
 * offset in its voxel clamped to [0, 1], absent voxels weigh 0, weights renormalised, in double).
 */
C2S_KERNEL(c2s_interpolation, C2sInterpolationParams, 256) {
  c2s_i64 n = p.state->valid;
  c2s_i64 voxels = p.state->voxels[p.level];
  double scale = 1.0 / (double)(1 << p.level);
  C2S_FOR(i, n) {
    int own = p.pointVoxel[i];
    c2s_u64 key = p.keys[own];
    c2s_i64 c[3];
    c2s_unmorton(key, c);
    const float* d = p.data + (c2s_i64)p.vals[i] * p.stride;
    double f[3];
    for (int a = 0; a < 3; ++a) {
      float position = (float)((double)d[a] * p.invVoxel);
      double base = (double)(c[a] + (c2s_origin(p.state, a) >> p.level));
      double v = (double)position * scale - base;
      f[a] = v < 0 ? 0 : (v > 1 ? 1 : v);
    }
    double w[8];
    int index[8];
    double sum = 0;
    for (int corner = 0; corner < 8; ++corner) {
      int dx = corner >> 2, dy = (corner >> 1) & 1, dz = corner & 1;
      int j = own;
      if (corner != 0) {
        c2s_u64 nk = c2s_neighbour(key, dx, dy, dz);
        j = c2s_search(p.keys, voxels, nk);
      }
      index[corner] = j;
      w[corner] = j < 0 ? 0 : (dx == 1 ? f[0] : 1 - f[0]) * (dy == 1 ? f[1] : 1 - f[1]) * (dz == 1 ? f[2] : 1 - f[2]);
      sum += w[corner];
    }
    if (sum == 0) {  // rounding put the point on its voxel's far face with no neighbour there
      w[0] = 1;
      sum = 1;
    }
    double norm = 1 / sum;
    for (int corner = 0; corner < 8; ++corner) {
      bool used = index[corner] >= 0 && w[corner] != 0;
      p.index[8 * i + corner] = used ? index[corner] : -1;
      p.weight[8 * i + corner] = used ? (float)(w[corner] * norm) : 0.f;
    }
  }
}

/** Voxel features at the point rows (own voxel, or trilinear), plus PLUS when given. */
C2S_KERNEL(c2s_to_points, C2sToPointsParams, 256) {
  c2s_i64 n = p.state->valid;
  bool half = p.half != 0;
  C2S_FOR(q, n * p.width) {
    c2s_i64 i = q / p.width, c = q - i * p.width;
    float v;
    if (p.nearest) {
      v = c2s_load(p.voxels, (c2s_i64)p.pointVoxel[i] * p.width + c, half);
    } else {
      v = 0.f;
      for (int corner = 0; corner < 8; ++corner) {
        int j = p.index[8 * i + corner];
        if (j >= 0) v += p.weight[8 * i + corner] * c2s_load(p.voxels, (c2s_i64)j * p.width + c, half);
      }
    }
    if (p.plus) v += c2s_load(p.plus, q, half);
    c2s_store(p.out, q, v, half);
  }
}

/** Per voxel of a level, the mean of its point rows (contiguous in sorted order). */
C2S_KERNEL(c2s_average, C2sAverageParams, 256) {
  c2s_i64 voxels = p.state->voxels[p.level];
  bool half = p.half != 0;
  C2S_FOR(q, voxels * p.width) {
    c2s_i64 v = q / p.width, c = q - v * p.width;
    int from = p.pointStart[v], to = p.pointStart[v + 1];
    float inv = 1.f / (float)(to - from);
    float sum = 0.f;
    for (int r = from; r < to; ++r) sum += inv * c2s_load(p.points, (c2s_i64)r * p.width + c, half);
    c2s_store(p.out, q, sum, half);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Labels and output

/** Per row (a warp each): the first class of highest logit, and its softmax probability. */
C2S_KERNEL(c2s_labels, C2sLabelsParams, 256) {
  c2s_i64 rows = *p.rows;
  int classes = (int)*p.classes;
  int lane = threadIdx.x & 31;
  c2s_i64 warps = (c2s_i64)gridDim.x * (blockDim.x >> 5);
  for (c2s_i64 r = (c2s_i64)blockIdx.x * (blockDim.x >> 5) + (threadIdx.x >> 5); r < rows; r += warps) {
    const float* l = p.logits + r * p.width;
    float best = -3.4e38f;
    int arg = 0x7fffffff;
    for (int c = lane; c < classes; c += 32) {
      if (l[c] > best) {
        best = l[c];
        arg = c;
      }
    }
    for (int off = 16; off > 0; off >>= 1) {
      float ob = __shfl_xor_sync(C2S_FULL_MASK, best, off);
      int oa = __shfl_xor_sync(C2S_FULL_MASK, arg, off);
      if (ob > best || (ob == best && oa < arg)) {
        best = ob;
        arg = oa;
      }
    }
    float sum = 0.f;
    for (int c = lane; c < classes; c += 32) sum += expf(l[c] - best);
    for (int off = 16; off > 0; off >>= 1) sum += __shfl_xor_sync(C2S_FULL_MASK, sum, off);
    if (lane == 0) {
      p.label[r] = arg;
      p.score[r] = 1.f / sum;
    }
  }
}

/** Per input point: its label and score (or feature row), -1 / 0 / zeros where the voxelizer rejected it. */
C2S_KERNEL(c2s_output, C2sOutputParams, 256) {
  c2s_i64 n = p.state->points;
  if (!p.features) {
    C2S_FOR(i, n) {
      int row = p.rowOf[i];
      if (row < 0) {
        p.outLabel[i] = -1;
        p.outScore[i] = 0.f;
      } else {
        int r = p.onVoxels ? p.pointVoxel[row] : row;
        p.outLabel[i] = p.label[r];
        p.outScore[i] = p.score[r];
      }
    }
  } else {
    C2S_FOR(q, n * p.dim) {
      c2s_i64 i = q / p.dim, c = q - i * p.dim;
      int row = p.rowOf[i];
      float v = 0.f;
      if (row >= 0) {
        c2s_i64 r = p.onVoxels ? p.pointVoxel[row] : row;
        v = c2s_load(p.rowFeatures, r * p.width + c, p.half != 0);
      }
      p.outFeatures[q] = v;
    }
  }
}
