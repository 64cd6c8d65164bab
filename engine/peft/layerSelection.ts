// Which adapted layers a method touches, and how a kernel is viewed as a matrix.

import type { AdaptableLayer } from '../model/adaptable';
import type { AdaptTarget } from './peftMethod';

export type AdaptableOp = AdaptableLayer['op'];
export const ALL_OPS: readonly AdaptableOp[] = ['conv2d', 'depthwise', 'dense'];

export function layersWithOps(layers: AdaptableLayer[], ops: readonly AdaptableOp[]): AdaptableLayer[] {
  return layers.filter((layer) => ops.includes(layer.op));
}

/** The target's layers a method configured with `ops` adapts. */
export function selectedLayers(target: AdaptTarget, config: { ops: readonly AdaptableOp[] }): AdaptableLayer[] {
  return layersWithOps(target.layers, config.ops);
}

/**
 * The matrix a kernel is, as [rows, columns]: conv2d [kh, kw, in, out] -> [kh*kw*in, out] (the im2col view:
 * a convolution is patches @ W, so this matrix is the linear map the layer applies to each patch);
 * depthwise [kh, kw, c, m] -> [kh*kw, c*m] (columns are the per-channel filters, so the factors are spatial
 * patterns shared across channels: a depthwise kernel has no cross-channel map to factor); dense as is.
 * All three are plain reshapes of tfjs's row-major layout, so no transpose is needed either way.
 */
export function kernelMatrixShape(layer: AdaptableLayer): [number, number] {
  const shape = layer.kernelShape;
  if (layer.op === 'dense') return [shape[0], shape[1]];
  if (layer.op === 'conv2d') return [shape[0] * shape[1] * shape[2], shape[3]];
  return [shape[0] * shape[1], shape[2] * shape[3]];
}

/** Key of a method tensor: `<method>/<layer or block name>/<what>`. */
export function methodKey(method: string, owner: string, what: string): string {
  return `${method}/${owner}/${what}`;
}
