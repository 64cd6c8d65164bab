// Code that reads tensors with dataSync() (the model folder writer, exports) runs after this on webgpu,
// whose reads in Node are async only (webgpuNodeReads.ts). Kept free of backend imports: importing
// @tensorflow/tfjs-backend-webgpu before Dawn is installed would leave it unregistered.

/** Reads `tensors` back asynchronously so that dataSync() on them works on every backend (a no-op cost on cpu and wasm). */
export async function makeSyncReadable(tensors: Iterable<{ data(): Promise<unknown> }>): Promise<void> {
  await Promise.all([...tensors].map((tensor) => tensor.data()));
}
