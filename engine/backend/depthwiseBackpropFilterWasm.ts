// DepthwiseConv2dNativeBackpropFilter for the wasm backend (which lacks it): one depthwise convolution
// of x with the batch folded into the channels, using dy as a filter dilated by the forward stride,
// then a sum over the batch (PERF-NOTES: the fastest arrangement measured).

import type { KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { forwardConvInfo } from './convAttrs';
import { explicitPadding, planAxis } from './convWindowPlan';
import { composeWasmKernel } from './wasmKernelScope';

type Shape4 = [number, number, number, number];

/** dW[p, q, c, m] = sum_{b,i,j} x[b, i*s + p*d - pad, j*s + q*d - pad, c] dy[b, i, j, c*M + m]. */
export const depthwiseBackpropFilterWasm: KernelFunc = ({ inputs, attrs, backend }) => {
  const { x, dy } = inputs as { x: TensorInfo; dy: TensorInfo };
  const filterShape = (attrs as { filterShape: Shape4 }).filterShape;
  const info = forwardConvInfo(x.shape as Shape4, filterShape, attrs, true);
  const [kh, kw, channels, multiplier] = filterShape;
  const [batch, height, width] = x.shape;
  return composeWasmKernel(backend as BackendWasm, (scope) => {
    const rows = planAxis(height, info.padInfo.top, (info.outHeight - 1) * info.strideHeight + 1, info.dilationHeight, kh);
    const cols = planAxis(width, info.padInfo.left, (info.outWidth - 1) * info.strideWidth + 1, info.dilationWidth, kw);
    const croppedHeight = height - rows.cropBefore;
    const croppedWidth = width - cols.cropBefore;
    const cropped = scope.slice(x, [0, rows.cropBefore, cols.cropBefore, 0], [batch, croppedHeight, croppedWidth, channels]);
    const batchInChannels = scope.reshape(scope.transpose(cropped, [1, 2, 0, 3]), [1, croppedHeight, croppedWidth, batch * channels]);
    const dyAsFilter = scope.reshape(scope.transpose(dy, [1, 2, 0, 3]), [info.outHeight, info.outWidth, batch * channels, multiplier]);
    const perBatch = scope.run('DepthwiseConv2dNative', { x: batchInChannels, filter: dyAsFilter }, {
      strides: [info.dilationHeight, info.dilationWidth],
      dilations: [info.strideHeight, info.strideWidth],
      pad: explicitPadding(rows, cols),
    });
    const exact = scope.slice(perBatch, [0, 0, 0, 0], [1, kh, kw, batch * channels * multiplier]);
    const summed = batch === 1 ? exact : scope.run('Sum', { x: scope.reshape(exact, [kh, kw, batch, channels * multiplier]) }, { axis: [2], keepDims: false });
    return scope.reshape(summed, filterShape);
  });
};
