// What a backbone is to the rest of the engine: frozen named weights, the layers and blocks methods may
// adapt, feature taps for the decoder, and a forward split into a cached frozen prefix and an adapted suffix.

import type * as tf from '@tensorflow/tfjs-core';
import type { AdaptableBlock, AdaptableLayer } from '../model/adaptable';
import type { ParamMap } from '../model/params';
import type { InterpretedOp } from './graphInterpreter';
import type { AdaptTarget } from '../peft/peftMethod';

export interface FeatureTap {
  /** Graph value the tap reads. */
  node: string;
  channels: number;
  /** Input pixels per feature pixel. */
  stride: number;
}

export interface BackboneBlock extends AdaptableBlock {
  /** Input pixels per output pixel after this block. */
  outputStride: number;
}

/** Name to pass as the first adapted block when no block is adapted: the whole backbone is cached. */
export const NO_ADAPTED_BLOCK = '(none)';

/** Tensors computed once per image by the frozen prefix, keyed by graph value name. */
export type FeatureCache = Record<string, tf.Tensor4D>;

/** Called after each adapted block with its input and output; returns the output to use downstream. */
export type BlockHook = (block: BackboneBlock, input: tf.Tensor4D, output: tf.Tensor4D) => tf.Tensor4D;

/** The backbone's computation as data, for exporters that re-express it in another format (engine/export). */
export interface BackboneGraph {
  inputNode: string;
  /** Every op from the input to the last tap, in an order where each follows its inputs. */
  ops: InterpretedOp[];
  /** Non-weight constants the ops read, by graph value name. */
  constants: tf.NamedTensorMap;
  /** Per block: the value it reads and the op whose output is the block's output (where a BlockHook applies). */
  blockWiring: { block: string; inputNode: string; outputNode: string }[];
}

export interface Backbone {
  id: string;
  description: string;
  /** Pixel preprocessing: model input = pixel * scale + offset, pixels in 0..255. */
  normalisation: { scale: number; offset: number };
  /** Input sides must be multiples of this. */
  sizeMultiple: number;
  /** Every convolution kernel and bias, keyed like AdaptableLayer.kernel / .bias. Never mutated. */
  frozen: ParamMap;
  layers: AdaptableLayer[];
  blocks: BackboneBlock[];
  taps: FeatureTap[];
  /** Name of the first adapted block for ordinary methods, and for `full`. */
  defaultFirstAdaptedBlock: string;
  fullFirstAdaptedBlock: string;
  /** Layers and blocks from `firstAdaptedBlock` on. */
  adaptTarget(firstAdaptedBlock: string): AdaptTarget;
  /** Runs the frozen blocks before `firstAdaptedBlock`; returns what the suffix and the taps need. */
  forwardPrefix(image: tf.Tensor4D, firstAdaptedBlock: string): FeatureCache;
  /**
   * Runs the blocks from `firstAdaptedBlock` on over a prefix cache with the given weights (frozen keys,
   * some replaced by a method), calling `blockHook` after each adapted block; returns the taps in order.
   */
  forwardSuffix(cache: FeatureCache, firstAdaptedBlock: string, weights: ParamMap, blockHook?: BlockHook): tf.Tensor4D[];
  /** The ops behind forwardPrefix/forwardSuffix, when the backbone is an interpreted graph. */
  graph?: BackboneGraph;
  dispose(): void;
}
