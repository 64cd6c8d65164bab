// Spreads dy onto the forward input's grid: with stride s, dy[i] lands at row i*s and the rows between
// are zeros, so an input gradient becomes a stride-1 convolution (a transposed convolution).

import type { TensorInfo } from '@tensorflow/tfjs-core';
import type { WasmKernelScope } from './wasmKernelScope';

/** [B, OH, OW, K] -> [B, OH*sh, OW*sw, K] with dy at multiples of the stride (trailing zeros included). */
export function insertZerosBetween(scope: WasmKernelScope, dy: TensorInfo, strideHeight: number, strideWidth: number): TensorInfo {
  if (strideHeight === 1 && strideWidth === 1) return dy;
  const [batch, outHeight, outWidth, channels] = dy.shape;
  const spread = scope.pad(scope.reshape(dy, [batch * outHeight, 1, outWidth, 1, channels]), [
    [0, 0], [0, strideHeight - 1], [0, 0], [0, strideWidth - 1], [0, 0],
  ]);
  return scope.reshape(spread, [batch, outHeight * strideHeight, outWidth * strideWidth, channels]);
}
