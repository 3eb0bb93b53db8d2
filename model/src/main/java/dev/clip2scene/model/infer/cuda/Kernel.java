package dev.clip2scene.model.infer.cuda;

/** The kernels of clip2scene.cu, with their parameter struct (c2s_params.cuh) and block size. */
enum Kernel {
  POINTS("c2s_points", "C2sPointsParams", 256),
  SCAN_PARTIALS("c2s_scan_partials", "C2sScanParams", 256),
  SCAN_TOP("c2s_scan_top", "C2sScanParams", 256),
  SCAN_APPLY("c2s_scan_apply", "C2sScanParams", 256),
  KEYS("c2s_keys", "C2sKeysParams", 256),
  SORT_HISTOGRAM("c2s_sort_histogram", "C2sSortParams", 256),
  SORT_OFFSETS("c2s_sort_offsets", "C2sSortParams", 256),
  SORT_SCATTER("c2s_sort_scatter", "C2sSortParams", 256),
  VOXELS("c2s_voxels", "C2sVoxelsParams", 256),
  VOXEL_FEATURES("c2s_voxel_features", "C2sFeaturesParams", 256),
  COARSEN("c2s_coarsen", "C2sCoarsenParams", 256),
  CHILDREN("c2s_children", "C2sChildrenParams", 256),
  SUBMANIFOLD("c2s_submanifold", "C2sSubmanifoldParams", 256),
  TILE_MASKS("c2s_tile_masks", "C2sMaskParams", 256),
  CONV_F16_N16("c2s_conv_f16_n16", "C2sConvParams", 128),
  CONV_F16_N32("c2s_conv_f16_n32", "C2sConvParams", 128),
  CONV_F16_N64("c2s_conv_f16_n64", "C2sConvParams", 128),
  CONV_F32("c2s_conv_f32", "C2sConvParams", 256),
  POINT_PARENT("c2s_point_parent", "C2sPointParentParams", 256),
  INTERPOLATION("c2s_interpolation", "C2sInterpolationParams", 256),
  TO_POINTS("c2s_to_points", "C2sToPointsParams", 256),
  AVERAGE("c2s_average", "C2sAverageParams", 256),
  LABELS("c2s_labels", "C2sLabelsParams", 256),
  OUTPUT("c2s_output", "C2sOutputParams", 256);

  final String symbol;
  final String struct;
  final int threads;

  Kernel(String symbol, String struct, int threads) {
    this.symbol = symbol;
    this.struct = struct;
    this.threads = threads;
  }

  /** A fresh parameter block of this kernel's struct. */
  ParamLayout.Params params() {
    return ParamLayout.kernels().struct(struct).params();
  }
}
