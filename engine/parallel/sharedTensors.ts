// Tensors as plain data for worker messages: a shape and float32 values, in a SharedArrayBuffer where
// every worker reads the same copy (cached views), or in an ordinary buffer that is transferred.

import * as tf from '@tensorflow/tfjs-core';
import type { ParamMap } from '../model/params';
import type { CachedView } from '../training/cachedViews';

export interface TensorData {
  shape: number[];
  data: Float32Array;
}

export type TensorDataMap = Record<string, TensorData>;

export interface SharedView {
  cache: TensorDataMap;
  targets: TensorData;
  weights: TensorData;
  box: TensorDataMap | null;
}

export function tensorData(tensor: tf.Tensor, shared = false): TensorData {
  const values = tensor.dataSync() as Float32Array;
  const data = shared ? new Float32Array(new SharedArrayBuffer(values.byteLength)) : new Float32Array(values.length);
  data.set(values);
  return { shape: [...tensor.shape], data };
}

export function tensorDataMap(tensors: ParamMap, shared = false): TensorDataMap {
  return Object.fromEntries(Object.entries(tensors).map(([key, tensor]) => [key, tensorData(tensor, shared)]));
}

export function tensorOf({ shape, data }: TensorData): tf.Tensor {
  return tf.tensor(data, shape, 'float32');
}

export function tensorsOf(map: TensorDataMap): ParamMap {
  return Object.fromEntries(Object.entries(map).map(([key, value]) => [key, tensorOf(value)]));
}

/** The buffers to list as transferred when posting `map` (none are shared). */
export function transferList(map: TensorDataMap): ArrayBuffer[] {
  return Object.values(map).map(({ data }) => data.buffer as ArrayBuffer);
}

export function shareView(view: CachedView): SharedView {
  return {
    cache: tensorDataMap(view.cache, true),
    targets: tensorData(view.targets, true),
    weights: tensorData(view.weights, true),
    box: view.box ? tensorDataMap(view.box as unknown as ParamMap, true) : null,
  };
}

/** New tensors for a shared view; the caller disposes them. */
export function viewOf(shared: SharedView): CachedView {
  return {
    cache: tensorsOf(shared.cache) as CachedView['cache'],
    targets: tensorOf(shared.targets) as tf.Tensor4D,
    weights: tensorOf(shared.weights) as tf.Tensor3D,
    box: shared.box ? (tensorsOf(shared.box) as unknown as CachedView['box']) : null,
  };
}
