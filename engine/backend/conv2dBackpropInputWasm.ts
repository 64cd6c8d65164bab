// Conv2DBackpropInput for the wasm backend, replacing the stock scalar loop: a 1x1 stride-1 input gradient
// is one matrix product (dy W^T); any other is a stride-1 convolution of the zero-spread dy with the
// spatially flipped, in/out-swapped filter (a transposed convolution on XNNPACK).

import type { KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { forwardConvInfo, isPointwise, type Conv2DInfo } from './convAttrs';
import { explicitPadding, planAxis } from './convWindowPlan';
import { composeWasmKernel, type WasmKernelScope } from './wasmKernelScope';
import { insertZerosBetween } from './zeroInsertion';

type Shape4 = [number, number, number, number];

export const conv2dBackpropInputWasm: KernelFunc = ({ inputs, attrs, backend }) => {
  const { dy, filter } = inputs as { dy: TensorInfo; filter: TensorInfo };
  const inputShape = (attrs as { inputShape: Shape4 }).inputShape;
  const info = forwardConvInfo(inputShape, filter.shape as Shape4, attrs, false);
  return composeWasmKernel(backend as BackendWasm, (scope) =>
    isPointwise(info) ? pointwiseInputGradient(scope, dy, filter, info) : transposedConvolution(scope, dy, filter, info),
  );
};

/** dx[n, c] = sum_o dy[n, o] W[c, o]; W^T is small, so it is transposed explicitly for XNNPACK. */
function pointwiseInputGradient(scope: WasmKernelScope, dy: TensorInfo, filter: TensorInfo, info: Conv2DInfo): TensorInfo {
  const n = info.batchSize * info.inHeight * info.inWidth;
  const filterT = scope.transpose(scope.reshape(filter, [info.inChannels, info.outChannels]), [1, 0]);
  const product = scope.run('BatchMatMul', {
    a: scope.reshape(dy, [1, n, info.outChannels]),
    b: scope.reshape(filterT, [1, info.outChannels, info.inChannels]),
  }, { transposeA: false, transposeB: false });
  return scope.reshape(product, info.inShape);
}

/** dx[h] = sum_p D[h + pad - p*d] W[p] with D the zero-spread dy; flipping p makes it a plain convolution. */
function transposedConvolution(scope: WasmKernelScope, dy: TensorInfo, filter: TensorInfo, info: Conv2DInfo): TensorInfo {
  const spread = insertZerosBetween(scope, dy, info.strideHeight, info.strideWidth);
  const [batch, spreadHeight, spreadWidth, outChannels] = spread.shape;
  const extentH = (info.filterHeight - 1) * info.dilationHeight + 1;
  const extentW = (info.filterWidth - 1) * info.dilationWidth + 1;
  const rows = planAxis(spreadHeight, extentH - 1 - info.padInfo.top, extentH, 1, info.inHeight);
  const cols = planAxis(spreadWidth, extentW - 1 - info.padInfo.left, extentW, 1, info.inWidth);
  const cropped = scope.slice(spread, [0, rows.cropBefore, cols.cropBefore, 0], [batch, spreadHeight - rows.cropBefore, spreadWidth - cols.cropBefore, outChannels]);
  const flipped = scope.run('Reverse', { x: filter }, { dims: [0, 1] });
  const swapped = scope.transpose(flipped, [0, 1, 3, 2]);
  const gradient = scope.run('Conv2D', { x: cropped, filter: swapped }, {
    strides: [1, 1],
    dilations: [info.dilationHeight, info.dilationWidth],
    pad: explicitPadding(rows, cols),
    dataFormat: 'NHWC',
  });
  return scope.slice(gradient, [0, 0, 0, 0], info.inShape);
}
