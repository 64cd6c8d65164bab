// Parameters are data: a model is forward(params, x) over a flat map of named tensors.

import type * as tf from '@tensorflow/tfjs-core';

export type ParamMap = Record<string, tf.Tensor>;

export function disposeParams(params: ParamMap): void {
  for (const tensor of Object.values(params)) tensor.dispose();
}

/** Number of scalars in a parameter map. */
export function countParams(params: ParamMap): number {
  let total = 0;
  for (const tensor of Object.values(params)) total += tensor.size;
  return total;
}
