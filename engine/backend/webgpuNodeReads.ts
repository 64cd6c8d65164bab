// Synchronous reads on tfjs-backend-webgpu in Node. Its readSync goes through an OffscreenCanvas, which
// Node lacks, so dataSync() of anything on the GPU fails (ENGINE-HOSTS.md). The engine reads
// synchronously in a few places, all on tensors whose values came from the CPU (the backbone's frozen
// weights for svf's SVD, the base checksum, graph constants): the backend drops those values once it
// has uploaded them, and here it keeps them instead (tfjs tensors are immutable, so the copy stays
// right). Tensors computed on the GPU must be read with `await tensor.data()`, after which dataSync()
// works too; a sync read before that fails with a message that says so.

import { WebGPUBackend } from '@tensorflow/tfjs-backend-webgpu';

interface TensorDataLike {
  values: unknown;
  resource: unknown;
}

interface BackendInternals {
  tensorMap: { get(dataId: object): TensorDataLike };
  uploadToGPU(dataId: object): void;
  readSync(dataId: object): unknown;
}

export const GPU_SYNC_READ_MESSAGE =
  'the webgpu backend cannot read GPU data synchronously in Node (no OffscreenCanvas): read it with await tensor.data() first';

let keptValues = false;
let refusedGpuReads = false;

/**
 * Keeps the CPU copy of every value uploaded to the GPU, so that reading such a tensor synchronously, or
 * moving it to another backend (an export on wasm beside webgpu), never reads the GPU. Also in Chromium:
 * there a sync read goes through an OffscreenCanvas, and in the engine window's worker (SwiftShader) that
 * path lost the device ("A valid external Instance reference no longer exists").
 */
export function keepUploadedValues(): void {
  if (keptValues) return;
  keptValues = true;
  const proto = WebGPUBackend.prototype as unknown as BackendInternals;
  const upload = proto.uploadToGPU;
  proto.uploadToGPU = function (this: BackendInternals, dataId: object) {
    const data = this.tensorMap.get(dataId);
    const values = data.values;
    upload.call(this, dataId);
    if (values != null && data.values == null) data.values = values;
  };
}

export function keepUploadedValuesReadable(): void {
  if ('OffscreenCanvas' in globalThis) return;
  keepUploadedValues();
  if (refusedGpuReads) return;
  refusedGpuReads = true;
  const proto = WebGPUBackend.prototype as unknown as BackendInternals;
  const readSync = proto.readSync;
  proto.readSync = function (this: BackendInternals, dataId: object) {
    const data = this.tensorMap.get(dataId);
    if (data.values == null && data.resource != null) throw new Error(GPU_SYNC_READ_MESSAGE);
    return readSync.call(this, dataId);
  };
}
