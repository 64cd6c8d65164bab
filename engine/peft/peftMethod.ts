// The contract every parameter-efficient method implements (one folder per method, registered by name).
// Methods never mutate or dispose frozen tensors; trainable tensors they create belong to the caller.

import type * as tf from '@tensorflow/tfjs-core';
import type { MethodName } from '../../contract/jobs';
import type { AdaptableBlock, AdaptableLayer } from '../model/adaptable';
import type { ParamMap } from '../model/params';

/** The part of the backbone a method adapts; layers and blocks before the adapted part stay frozen and cached. */
export interface AdaptTarget {
  layers: AdaptableLayer[];
  blocks: AdaptableBlock[];
}

/**
 * What a method keeps: `trainable` tensors receive gradients and are what an adapter file stores;
 * `buffers` are frozen tensors derived from the base weights (e.g. SVD factors), recomputed by init.
 */
export interface MethodState {
  trainable: ParamMap;
  buffers: ParamMap;
}

export interface PeftMethod<Config extends object = object> {
  name: MethodName;
  /** One line for the UI. */
  description: string;
  /** Whether `merge` folds the trained tensors into plain backbone weights. */
  mergeable: boolean;
  defaultConfig: Config;
  /**
   * Creates the trainable tensors, keyed `<method>/<layer or block name>/<what>`, initialised so that the
   * adapted model computes exactly what the frozen one does (identity init).
   */
  init(frozen: ParamMap, target: AdaptTarget, config: Config, seed: number): MethodState;
  /**
   * Effective backbone weights for the forward pass, keyed by the frozen keys they replace
   * (only the replaced ones). Called inside tf.tidy / gradient scopes: return new tensors, keep none.
   */
  effectiveWeights(frozen: ParamMap, state: MethodState, target: AdaptTarget, config: Config): ParamMap;
  /** Optional extra computation beside a block (adapters): receives the block's input and output. */
  blockOutput?(block: AdaptableBlock, input: tf.Tensor4D, output: tf.Tensor4D, state: MethodState, config: Config): tf.Tensor4D;
  /** For mergeable methods: plain backbone weights (keyed like frozen) equal to frozen + trained. */
  merge?(frozen: ParamMap, state: MethodState, target: AdaptTarget, config: Config): ParamMap;
}
