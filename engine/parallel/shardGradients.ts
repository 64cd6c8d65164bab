// One shard's part of a data-parallel step: the gradients of its surrogate loss (engine/training/shardedLoss)
// at the given trainable tensors. Runs in the main thread (shard 0) and in every worker.

import * as tf from '@tensorflow/tfjs-core';
import type { ParamMap } from '../model/params';
import { logitsFromCache, type AdaptedModel } from '../modelStore/adaptedModel';
import { disposeBatch, stackViews, type CachedView } from '../training/cachedViews';
import { shardLoss, type AllReduce } from '../training/shardedLoss';

export interface ShardOptions {
  reduce: AllReduce;
  shardIndex: number;
  classWeightPower?: number;
}

/** The shard's share of the loss and its gradients (the caller disposes them); the views stay the caller's. */
export function shardGradients(model: AdaptedModel, trainable: ParamMap, views: CachedView[], options: ShardOptions): { value: number; gradients: ParamMap } {
  const batch = stackViews(views);
  const keys = Object.keys(trainable);
  let value = 0;
  try {
    const { value: surrogate, grads } = tf.valueAndGrads((...values: tf.Tensor[]) => {
      const params = Object.fromEntries(keys.map((key, i) => [key, values[i]]));
      const loss = shardLoss(logitsFromCache(model, batch.cache, params), batch, options.reduce, options.classWeightPower, options.shardIndex);
      value = loss.value;
      return loss.surrogate;
    })(keys.map((key) => trainable[key]));
    surrogate.dispose();
    return { value, gradients: Object.fromEntries(keys.map((key, i) => [key, grads[i]])) };
  } finally {
    disposeBatch(batch);
  }
}
