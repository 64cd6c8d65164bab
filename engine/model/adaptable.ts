// What the backbone exposes to parameter-efficient methods: its weight-bearing layers and its blocks.

/**
 * A convolution or dense layer of the frozen backbone. Kernels follow tfjs layouts:
 * conv2d [kh, kw, in, out]; depthwise [kh, kw, channels, multiplier]; dense [in, out].
 * The forward pass computes op(x, kernel) + bias, then the layer's activation.
 */
export interface AdaptableLayer {
  /** Unique, stable name, e.g. 'backbone/expanded_conv_6/expand'. */
  name: string;
  op: 'conv2d' | 'depthwise' | 'dense';
  /** Key of the kernel in the frozen ParamMap. */
  kernel: string;
  /** Key of the bias in the frozen ParamMap, or null when the layer has none. */
  bias: string | null;
  kernelShape: number[];
  /** Output channels (the last kernel axis for conv2d/dense, channels*multiplier for depthwise). */
  outChannels: number;
  /** Block the layer belongs to. */
  block: string;
}

/** A residual/inverted-bottleneck block (or the stem / last stage), the unit beside which adapters sit. */
export interface AdaptableBlock {
  name: string;
  inChannels: number;
  outChannels: number;
  /** Spatial stride of the block (output is input / stride). */
  stride: number;
}
