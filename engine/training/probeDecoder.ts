// Linear-probe warm-up (LP-FT, Kumar et al. 2022, "Fine-Tuning can Distort Pretrained Features"): before
// the backbone's adapted tensors train, the decoder trains alone on the backbone's features, computed once
// per view. The joint phase then starts from a decoder that already separates the classes, so the first
// gradients reaching the backbone are not the noise of a random head.

import * as tf from '@tensorflow/tfjs-core';
import './registerGradients';
import { decodeLogits } from '../decoder/fpnLiteDecoder';
import type { ParamMap } from '../model/params';
import { featuresFromCache, type AdaptedModel } from '../modelStore/adaptedModel';
import { Adam } from './adam';
import { batchLoss, batchSampler, disposeBatch, stackViews, type CachedView } from './cachedViews';

export interface ProbeOptions {
  steps: number;
  batchSize: number;
  learningRate: number;
  classWeightPower?: number;
  shuffle: (indices: number[]) => number[];
  checkpoint: () => Promise<void>;
  onStep: (step: number, loss: number) => void;
}

/** Trains `model.decoder` in place on the frozen features of `views`; returns the last loss. */
export async function probeDecoder(model: AdaptedModel, views: CachedView[], options: ProbeOptions): Promise<number> {
  const tapNodes = model.backbone.taps.map((tap) => tap.node);
  // The same views with the backbone's taps, keyed by tap node, in place of the prefix features.
  const featureViews: CachedView[] = [];
  const adam = new Adam({ learningRate: () => options.learningRate, totalSteps: options.steps, warmupSteps: Math.max(1, Math.round(options.steps * 0.08)) });
  let lastLoss = NaN;
  try {
    for (const view of views) {
      await options.checkpoint();
      // Clones, so that disposing these never frees a tap the cache holds.
      const features = tf.tidy(() => featuresFromCache(model, view.cache).map((feature) => tf.clone(feature)));
      featureViews.push({ ...view, cache: Object.fromEntries(features.map((feature, i) => [tapNodes[i], feature])) });
    }
    const nextBatch = batchSampler(featureViews, options.batchSize, options.shuffle);
    const keys = Object.keys(model.decoder);
    for (let step = 1; step <= options.steps; step++) {
      await options.checkpoint();
      const batch = stackViews(nextBatch());
      const features = tapNodes.map((node) => batch.cache[node]);
      const lossFunction = (...values: tf.Tensor[]) => {
        const params: ParamMap = Object.fromEntries(keys.map((key, i) => [key, values[i]]));
        return batchLoss(decodeLogits(params, features), batch, options.classWeightPower);
      };
      const { value, grads } = tf.valueAndGrads(lossFunction)(keys.map((key) => model.decoder[key]));
      disposeBatch(batch);
      lastLoss = (await value.data())[0];
      value.dispose();
      model.decoder = adam.apply(model.decoder, Object.fromEntries(keys.map((key, i) => [key, grads[i]])));
      options.onStep(step, lastLoss);
    }
    return lastLoss;
  } finally {
    adam.dispose();
    // Only the features are this function's; targets, weights and boxes belong to the caller's views.
    for (const view of featureViews) tf.dispose(Object.values(view.cache));
  }
}
