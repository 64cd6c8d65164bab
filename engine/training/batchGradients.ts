// One training step's loss and gradients in this thread (the single-worker path of trainModel).

import * as tf from '@tensorflow/tfjs-core';
import './registerGradients';
import type { ParamMap } from '../model/params';
import { logitsFromCache, type AdaptedModel } from '../modelStore/adaptedModel';
import { batchLoss, disposeBatch, stackViews, type CachedView } from './cachedViews';

/** The loss and its gradients for the batch `views` at `trainable`, in this thread. */
export async function batchGradients(model: AdaptedModel, keys: string[], trainable: ParamMap, views: CachedView[], classWeightPower?: number): Promise<{ loss: number; gradients: ParamMap }> {
  const batch = stackViews(views);
  const lossFunction = (...values: tf.Tensor[]) => {
    const params: ParamMap = Object.fromEntries(keys.map((key, i) => [key, values[i]]));
    return batchLoss(logitsFromCache(model, batch.cache, params), batch, classWeightPower);
  };
  const { value, grads } = tf.valueAndGrads(lossFunction)(keys.map((key) => trainable[key]));
  disposeBatch(batch);
  const loss = (await value.data())[0];
  value.dispose();
  return { loss, gradients: Object.fromEntries(keys.map((key, i) => [key, grads[i]])) };
}

