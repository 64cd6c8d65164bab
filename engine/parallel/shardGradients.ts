// One shard's part of a data-parallel step: the gradients of its surrogate loss (engine/training/shardedLoss)
// at the given trainable tensors. Runs in the main thread (shard 0) and in every worker.

import type { ParamMap } from '../model/params';
import type { AdaptedModel } from '../modelStore/adaptedModel';
import { gradientsOf } from '../training/batchGradients';
import type { CachedView } from '../training/cachedViews';
import { shardLoss, type AllReduce } from '../training/shardedLoss';

export interface ShardOptions {
  reduce: AllReduce;
  shardIndex: number;
  classWeightPower?: number;
}

/** The shard's share of the loss and its gradients (the caller disposes them); the views stay the caller's. */
export function shardGradients(model: AdaptedModel, trainable: ParamMap, views: CachedView[], options: ShardOptions): { value: number; gradients: ParamMap } {
  let value = 0;
  const { value: surrogate, gradients } = gradientsOf(model, trainable, views, (logits, batch) => {
    const loss = shardLoss(logits, batch, options.reduce, options.classWeightPower, options.shardIndex);
    value = loss.value;
    return loss.surrogate;
  });
  surrogate.dispose();
  return { value, gradients };
}
