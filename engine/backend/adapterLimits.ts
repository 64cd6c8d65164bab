// The WebGPU adapter limits the engine's training needs. tfjs-backend-webgpu requests the adapter's own
// limits; these are what its kernels (256-thread workgroups, shared-memory matrix tiles, up to six
// bound buffers) and our largest tensors need.

export const DEFAULT_JOB_SIZE = 384;

/**
 * The largest single tensor of a training step, in bytes per input pixel and per image of a batch:
 * measured from tf.profile of a batch-2 step at 384 px for every method, 2 and 11 classes (the
 * largest output is the stride-2 expansion of the backbone's second block, 48 channels at a quarter
 * of the pixels, or the logits at the input size when there are more than 48 classes).
 */
export function largestTensorBytes(size: number, classes: number, batch = 2): number {
  const channelsPerPixel = Math.max(48 / 4, classes);
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
