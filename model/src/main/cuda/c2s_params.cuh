// Kernel parameters, passed by value. The Java engine (model.infer.cuda.ParamLayout) reads this file to lay the
// structs out, so it is kept to one field per line, every field 8 bytes (c2s_i64, c2s_u64, double or a pointer;
// FIELD[N] for N of them) and no other declarations inside a struct.
#ifndef C2S_PARAMS_CUH
#define C2S_PARAMS_CUH

#define C2S_LEVELS 5
/** Feature rows are padded to a multiple of this many channels (zeros): 16-byte vectors of float16 and float32 alike. */
#define C2S_PAD 16
/** Output rows per convolution tile; tile masks are kept per this many rows. */
#define C2S_TILE_ROWS 64
/** 32-bit words of a tile mask: kernels of up to 128 offsets (5x5x5). */
#define C2S_MASK_WORDS 4
/** Blocks of the scan and sort kernels (fixed, so that a captured graph serves every cloud). */
#define C2S_SCAN_BLOCKS 128
#define C2S_SORT_BLOCKS 128

/**
 * One cloud's state on the device. The host uploads it with each cloud's points, which resets it: points, bboxMin =
 * INT64_MAX, the rest 0. Kernels fill in the rest.
 */
struct C2sState {
  c2s_i64 points;
  c2s_i64 bboxMin[3];
  c2s_u64 maxKey;
  c2s_i64 valid;
  c2s_i64 voxels[5];
  c2s_i64 errors;
  c2s_i64 reserved[4];
};

struct C2sPointsParams {
  const float* data;
  c2s_i64 stride;
  c2s_i64 crop;
  double cropMin[3];
  double cropMax[3];
  double invVoxel;
  c2s_i64 limit;
  C2sState* state;
  int* coords;
  int* flags;
  int* rowOf;
};

struct C2sScanParams {
  c2s_i64 mode;
  const int* flags;
  const c2s_u64* keys;
  c2s_i64 shift;
  const c2s_i64* count;
  int* out;
  c2s_i64* partial;
  c2s_i64* total;
};

struct C2sKeysParams {
  const int* coords;
  const int* position;
  C2sState* state;
  c2s_u64* keys;
  int* vals;
};

struct C2sSortParams {
  const c2s_u64* srcKeys;
  const int* srcVals;
  c2s_u64* dstKeys;
  int* dstVals;
  c2s_i64 shift;
  c2s_i64* hist;
  const C2sState* state;
};

struct C2sVoxelsParams {
  const c2s_u64* keys;
  const int* vals;
  const int* runs;
  C2sState* state;
  c2s_u64* voxelKeys;
  int* voxelStart;
  int* pointVoxel;
  int* rowOf;
};

struct C2sFeaturesParams {
  const float* data;
  c2s_i64 stride;
  c2s_i64 channels;
  const int* vals;
  const int* voxelStart;
  const C2sState* state;
  void* out;
  c2s_i64 width;
  c2s_i64 half;
};

struct C2sCoarsenParams {
  c2s_i64 level;
  const c2s_u64* fineKeys;
  const int* runs;
  const int* finePointStart;
  C2sState* state;
  c2s_u64* coarseKeys;
  int* parent;
  int* childStart;
  int* pointStart;
  int* up;
  c2s_i64 fineCapacity;
};

struct C2sChildrenParams {
  c2s_i64 level;
  const c2s_u64* fineKeys;
  const int* childStart;
  const C2sState* state;
  int* child;
  c2s_i64 capacity;
};

struct C2sSubmanifoldParams {
  c2s_i64 level;
  c2s_i64 kernel;
  const c2s_u64* keys;
  const C2sState* state;
  int* neighbours;
  c2s_i64 capacity;
};

struct C2sMaskParams {
  const int* neighbours;
  c2s_i64 volume;
  c2s_i64 capacity;
  const c2s_i64* rows;
  c2s_u32* masks;
};

struct C2sConvParams {
  const void* in[4];
  c2s_i64 inWidth[4];
  c2s_i64 segments;
  c2s_i64 cin;
  const int* neighbours;
  c2s_i64 volume;
  c2s_i64 capacity;
  const c2s_u32* masks;
  const void* weight;
  const float* bias;
  const void* add;
  c2s_i64 relu;
  void* out;
  c2s_i64 cout;
  c2s_i64 outFloat;
  const c2s_i64* rows;
};

struct C2sPointParentParams {
  const int* parent;
  const int* fine;
  int* coarse;
  const C2sState* state;
};

struct C2sInterpolationParams {
  c2s_i64 level;
  const float* data;
  c2s_i64 stride;
  double invVoxel;
  const int* vals;
  const int* pointVoxel;
  const c2s_u64* keys;
  const C2sState* state;
  int* index;
  float* weight;
};

struct C2sToPointsParams {
  c2s_i64 nearest;
  const void* voxels;
  c2s_i64 width;
  const int* pointVoxel;
  const int* index;
  const float* weight;
  const void* plus;
  void* out;
  const C2sState* state;
  c2s_i64 half;
};

struct C2sAverageParams {
  c2s_i64 level;
  const void* points;
  c2s_i64 width;
  const int* pointStart;
  void* out;
  const C2sState* state;
  c2s_i64 half;
};

struct C2sLabelsParams {
  const float* logits;
  c2s_i64 width;
  const c2s_i64* classes;
  const c2s_i64* rows;
  int* label;
  float* score;
};

struct C2sOutputParams {
  c2s_i64 features;
  const C2sState* state;
  const int* rowOf;
  const int* pointVoxel;
  c2s_i64 onVoxels;
  const int* label;
  const float* score;
  int* outLabel;
  float* outScore;
  const void* rowFeatures;
  c2s_i64 width;
  c2s_i64 dim;
  float* outFeatures;
  c2s_i64 half;
};

#endif
