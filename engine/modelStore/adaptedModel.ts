// An adapted model: frozen backbone + a PEFT method's tensors + the decoder, and its forward pass from
// cached prefix features to per-class logits.

import * as tf from '@tensorflow/tfjs-core';
import type { ClassSpec } from '../../contract/jobs';
import type { Backbone, FeatureCache } from '../backbone/backbone';
import { decodeLogits, type DecoderConfig } from '../decoder/fpnLiteDecoder';
import type { ParamMap } from '../model/params';
import type { AdaptTarget, MethodState, PeftMethod } from '../peft/peftMethod';

export interface AdaptedModel {
  backbone: Backbone;
  method: PeftMethod<object>;
  methodConfig: object;
  /** Blocks from this one on are adapted; earlier ones are frozen and their features cached. */
  firstAdaptedBlock: string;
  target: AdaptTarget;
  state: MethodState;
  decoder: ParamMap;
  decoderConfig: DecoderConfig;
  classes: ClassSpec[];
  /** Side of the square training views; prediction resizes an image's longer side to it. */
  inputSize: number;
}

/** The trainable tensors of a model: the decoder and the method's trainable state. */
export function trainableOf(model: Pick<AdaptedModel, 'decoder' | 'state'>): ParamMap {
  return { ...model.decoder, ...model.state.trainable };
}

/** Splits a flat trainable map back into decoder and method tensors. */
export function splitTrainable(trainable: ParamMap): { decoder: ParamMap; method: ParamMap } {
  const decoder: ParamMap = {};
  const method: ParamMap = {};
  for (const [key, tensor] of Object.entries(trainable)) (key.startsWith('decoder/') ? decoder : method)[key] = tensor;
  return { decoder, method };
}

/** The backbone's tap features from prefix features (some may be `cache` entries themselves), with `trainable`'s method tensors in place of the model's own. */
export function featuresFromCache(model: AdaptedModel, cache: FeatureCache, trainable: ParamMap = trainableOf(model)): tf.Tensor4D[] {
  return tf.tidy(() => {
    const { method: methodTensors } = splitTrainable(trainable);
    const state: MethodState = { trainable: methodTensors, buffers: model.state.buffers };
    const weights = { ...model.backbone.frozen, ...model.method.effectiveWeights(model.backbone.frozen, state, model.target, model.methodConfig) };
    const blockOutput = model.method.blockOutput;
    const adapted = new Set(model.target.blocks.map((block) => block.name));
    const hook = blockOutput
      ? (block: Parameters<typeof blockOutput>[0], input: tf.Tensor4D, output: tf.Tensor4D) =>
          adapted.has(block.name) ? blockOutput.call(model.method, block, input, output, state, model.methodConfig) : output
      : undefined;
    // A tap computed before the adapted blocks is the cache's own tensor: the caller must not dispose it.
    return model.backbone.forwardSuffix(cache, model.firstAdaptedBlock, weights, hook);
  });
}

/** Stride-4 logits [N, H/4, W/4, classes] from prefix features, with `trainable` in place of the model's own. */
export function logitsFromCache(model: AdaptedModel, cache: FeatureCache, trainable: ParamMap = trainableOf(model)): tf.Tensor4D {
  return tf.tidy(() => decodeLogits(splitTrainable(trainable).decoder, featuresFromCache(model, cache, trainable)));
}

export function disposeModelTensors(model: AdaptedModel): void {
  tf.dispose([...Object.values(model.decoder), ...Object.values(model.state.trainable), ...Object.values(model.state.buffers)]);
}
