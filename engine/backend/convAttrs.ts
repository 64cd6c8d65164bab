// The forward geometry of a convolution, recomputed from a gradient kernel's attributes.

import { backend_util, type NamedAttrMap } from '@tensorflow/tfjs-core';

export type Conv2DInfo = backend_util.Conv2DInfo;

interface ForwardConvAttrs {
  strides: number | [number, number];
  pad: 'valid' | 'same' | number | backend_util.ExplicitPadding;
  dilations?: number | [number, number];
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
  dataFormat?: 'NHWC' | 'NCHW';
}

export function forwardConvInfo(
  inputShape: [number, number, number, number],
  filterShape: [number, number, number, number],
  attrs: NamedAttrMap | undefined,
  depthwise: boolean,
): Conv2DInfo {
  if (!attrs) throw new Error('convolution gradient kernel called without attributes');
  const a = attrs as unknown as ForwardConvAttrs;
  if (a.dataFormat === 'NCHW') throw new Error('wasm training kernels support only NHWC (channelsLast) data');
  const dilations = a.dilations ?? 1;
  return backend_util.computeConv2DInfo(inputShape, filterShape, a.strides, dilations, a.pad, a.dimRoundingMode, depthwise, 'channelsLast');
}

/** A 1x1, stride-1, unpadded convolution: a matrix product over pixels. */
export function isPointwise(info: Conv2DInfo): boolean {
  return info.filterHeight === 1 && info.filterWidth === 1 && info.strideHeight === 1 && info.strideWidth === 1
    && info.padInfo.top === 0 && info.padInfo.left === 0;
}
