// Conv2DBackpropFilter for the wasm backend (which lacks it), composed from XNNPACK-backed kernels:
// a 1x1 stride-1 filter gradient is one matrix product (x^T dy); any other is one convolution of x
// (channels as batch, batch as channels) with dy used as a filter dilated by the forward stride.

import type { KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { forwardConvInfo, isPointwise, type Conv2DInfo } from './convAttrs';
import { explicitPadding, planAxis } from './convWindowPlan';
import { composeWasmKernel, type WasmKernelScope } from './wasmKernelScope';

type Shape4 = [number, number, number, number];

export const conv2dBackpropFilterWasm: KernelFunc = ({ inputs, attrs, backend }) => {
  const { x, dy } = inputs as { x: TensorInfo; dy: TensorInfo };
  const filterShape = (attrs as { filterShape: Shape4 }).filterShape;
  const info = forwardConvInfo(x.shape as Shape4, filterShape, attrs, false);
  return composeWasmKernel(backend as BackendWasm, (scope) =>
    isPointwise(info) ? pointwiseFilterGradient(scope, x, dy, info) : convolutionFilterGradient(scope, x, dy, info),
  );
};

/** dW[c, o] = sum_n x[n, c] dy[n, o]; the transpose goes on the smaller operand (XNNPACK takes only untransposed products). */
function pointwiseFilterGradient(scope: WasmKernelScope, x: TensorInfo, dy: TensorInfo, info: Conv2DInfo): TensorInfo {
  const n = info.batchSize * info.outHeight * info.outWidth;
  const c = info.inChannels;
  const o = info.outChannels;
  const x2 = scope.reshape(x, [n, c]);
  const dy2 = scope.reshape(dy, [n, o]);
  if (c <= o) {
    const xT = scope.reshape(scope.transpose(x2, [1, 0]), [1, c, n]);
    const product = scope.run('BatchMatMul', { a: xT, b: scope.reshape(dy2, [1, n, o]) }, { transposeA: false, transposeB: false });
    return scope.reshape(product, [1, 1, c, o]);
  }
  const dyT = scope.reshape(scope.transpose(dy2, [1, 0]), [1, o, n]);
  const product = scope.run('BatchMatMul', { a: dyT, b: scope.reshape(x2, [1, n, c]) }, { transposeA: false, transposeB: false });
  return scope.reshape(scope.transpose(scope.reshape(product, [o, c]), [1, 0]), [1, 1, c, o]);
}

/**
 * dW[p, q, c, o] = sum_{b,i,j} x[b, i*s + p*d - pad, j*s + q*d - pad, c] dy[b, i, j, o]:
 * a convolution over x^T [C, H, W, B] by dy^T [OH, OW, B, O] with stride d and dilation s.
 */
function convolutionFilterGradient(scope: WasmKernelScope, x: TensorInfo, dy: TensorInfo, info: Conv2DInfo): TensorInfo {
  const [batch, height, width, inChannels] = x.shape;
  const rows = planAxis(height, info.padInfo.top, (info.outHeight - 1) * info.strideHeight + 1, info.dilationHeight, info.filterHeight);
  const cols = planAxis(width, info.padInfo.left, (info.outWidth - 1) * info.strideWidth + 1, info.dilationWidth, info.filterWidth);
  const cropped = scope.slice(x, [0, rows.cropBefore, cols.cropBefore, 0], [batch, height - rows.cropBefore, width - cols.cropBefore, inChannels]);
  const channelsAsBatch = scope.transpose(cropped, [3, 1, 2, 0]);
  const dyAsFilter = scope.transpose(dy, [1, 2, 0, 3]);
  const gradient = scope.run('Conv2D', { x: channelsAsBatch, filter: dyAsFilter }, {
    strides: [info.dilationHeight, info.dilationWidth],
    dilations: [info.strideHeight, info.strideWidth],
    pad: explicitPadding(rows, cols),
    dataFormat: 'NHWC',
  });
  const exact = scope.slice(gradient, [0, 0, 0, 0], [inChannels, info.filterHeight, info.filterWidth, info.outChannels]);
  return scope.transpose(exact, [1, 2, 0, 3]);
}
