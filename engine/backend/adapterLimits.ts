// The WebGPU adapter limits the engine's training needs. tfjs-backend-webgpu requests the adapter's own
// limits; these are what its kernels (256-thread workgroups, shared-memory matrix tiles, several bound
// buffers) and our largest tensors need.

/** createModel's DEFAULT_INPUT_SIZE, not imported: engine start should not load the model code (a test keeps them equal). */
export const DEFAULT_JOB_SIZE = 384;

/**
 * An upper estimate of the largest single tensor of an adapt job, in bytes. Measured with tf.profile over
 * one-step adapt jobs at 384 px with 2 classes (svf, full, head, conv-adapter): the largest output was a
 * [36864, 64] BatchMatMul, 9.4 MB, 64 bytes per input pixel; this allows 96 (12 floats per pixel per
 * image at batch 2), or the logits at the input size when there are more than 12 classes.
 */
export function largestTensorBytes(size: number, classes: number, batch = 2): number {
  const channelsPerPixel = Math.max(12, classes);
  return batch * size * size * channelsPerPixel * 4;
}

const FIXED_MINIMUMS: Record<string, number> = {
  maxComputeInvocationsPerWorkgroup: 256,
  maxComputeWorkgroupSizeX: 256,
  maxComputeWorkgroupStorageSize: 16384,
  maxStorageBuffersPerShaderStage: 8,
  maxComputeWorkgroupsPerDimension: 65535,
};

/** What the adapter lacks for a job of `size` px and `classes` classes, one phrase per limit; empty when it suffices. */
export function missingLimits(limits: Record<string, number>, size = DEFAULT_JOB_SIZE, classes = 32): string[] {
  const bytes = largestTensorBytes(size, classes);
  const needed: Record<string, number> = { ...FIXED_MINIMUMS, maxStorageBufferBindingSize: bytes, maxBufferSize: bytes };
  return Object.entries(needed)
    .filter(([key, minimum]) => !((limits[key] ?? 0) >= minimum))
    .map(([key, minimum]) => `${key} ${limits[key] ?? 'missing'} < ${minimum}`);
}
