// DepthwiseConv2dNativeBackpropInput for the wasm backend (which lacks it): a stride-1 depthwise
// convolution of the zero-spread dy with the spatially flipped filter, then a sum over the multiplier.

import type { KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { forwardConvInfo } from './convAttrs';
import { explicitPadding, planAxis } from './convWindowPlan';
import { composeWasmKernel } from './wasmKernelScope';
import { insertZerosBetween } from './zeroInsertion';

type Shape4 = [number, number, number, number];

/** dx[b, h, w, c] = sum_{p,q,m} D[b, h + pad - p*d, w + pad - q*d, c*M + m] W[p, q, c, m], D the zero-spread dy. */
export const depthwiseBackpropInputWasm: KernelFunc = ({ inputs, attrs, backend }) => {
  const { dy, filter } = inputs as { dy: TensorInfo; filter: TensorInfo };
  const inputShape = (attrs as { inputShape: Shape4 }).inputShape;
  const filterShape = filter.shape as Shape4;
  const info = forwardConvInfo(inputShape, filterShape, attrs, true);
  const [kh, kw, channels, multiplier] = filterShape;
  return composeWasmKernel(backend as BackendWasm, (scope) => {
    const spread = insertZerosBetween(scope, dy, info.strideHeight, info.strideWidth);
    const [batch, spreadHeight, spreadWidth] = spread.shape;
    const extentH = (kh - 1) * info.dilationHeight + 1;
    const extentW = (kw - 1) * info.dilationWidth + 1;
    const rows = planAxis(spreadHeight, extentH - 1 - info.padInfo.top, extentH, 1, info.inHeight);
    const cols = planAxis(spreadWidth, extentW - 1 - info.padInfo.left, extentW, 1, info.inWidth);
    const cropped = scope.slice(spread, [0, rows.cropBefore, cols.cropBefore, 0], [batch, spreadHeight - rows.cropBefore, spreadWidth - cols.cropBefore, channels * multiplier]);
    const flipped = scope.reshape(scope.run('Reverse', { x: filter }, { dims: [0, 1] }), [kh, kw, channels * multiplier, 1]);
    const perOutputChannel = scope.run('DepthwiseConv2dNative', { x: cropped, filter: flipped }, {
      strides: [1, 1],
      dilations: [info.dilationHeight, info.dilationWidth],
      pad: explicitPadding(rows, cols),
    });
    const exact = scope.slice(perOutputChannel, [0, 0, 0, 0], [batch, info.inHeight, info.inWidth, channels * multiplier]);
    if (multiplier === 1) return exact;
    const split = scope.reshape(exact, [batch, info.inHeight, info.inWidth, channels, multiplier]);
    return scope.run('Sum', { x: split }, { axis: [4], keepDims: false });
  });
};
