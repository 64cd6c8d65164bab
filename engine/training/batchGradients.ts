// One training step's loss and gradients over cached views: `gradientsOf` with any loss of the logits
// (the data-parallel shards use it with their surrogate), `batchGradients` with the training loss in
// this thread (the single-worker path of trainModel).

import * as tf from '@tensorflow/tfjs-core';
import './registerGradients';
import type { ParamMap } from '../model/params';
import { logitsFromCache, type AdaptedModel } from '../modelStore/adaptedModel';
import { batchLoss, disposeBatch, stackViews, type Batch, type CachedView } from './cachedViews';

/** `loss` of the logits of `views` at `trainable`, and its gradients (the caller disposes both). */
export function gradientsOf(model: AdaptedModel, trainable: ParamMap, views: CachedView[], loss: (logits: tf.Tensor4D, batch: Batch) => tf.Scalar): { value: tf.Scalar; gradients: ParamMap } {
  const batch = stackViews(views);
  const keys = Object.keys(trainable);
  try {
    const { value, grads } = tf.valueAndGrads((...values: tf.Tensor[]) => {
      const params: ParamMap = Object.fromEntries(keys.map((key, i) => [key, values[i]]));
      return loss(logitsFromCache(model, batch.cache, params), batch);
    })(keys.map((key) => trainable[key]));
    return { value, gradients: Object.fromEntries(keys.map((key, i) => [key, grads[i]])) };
  } finally {
    disposeBatch(batch);
  }
}

/** The loss and its gradients for the batch `views` at `trainable`, in this thread. */
export async function batchGradients(model: AdaptedModel, trainable: ParamMap, views: CachedView[], classWeightPower?: number): Promise<{ loss: number; gradients: ParamMap }> {
  const { value, gradients } = gradientsOf(model, trainable, views, (logits, batch) => batchLoss(logits, batch, classWeightPower));
  const loss = (await value.data())[0];
  value.dispose();
  return { loss, gradients };
}
