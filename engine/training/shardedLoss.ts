// The training loss of a batch split into shards (one per worker), with the gradient of the whole batch's
// loss. batchLoss normalises over the whole batch (class shares, labeled weight, Dice's per-class sums,
// the box terms' counts), so a shard cannot compute its part alone: each shard sums what the normalisers
// need, the shards add their sums (allReduce), and each shard then differentiates a surrogate whose
// gradients, added over the shards, are the gradients of batchLoss on the whole batch. Cross-entropy and
// the box terms add up over images given the batch's normalisers; Dice does not, so the surrogate holds
// its first-order term (dDice/dI * I_shard + dDice/dP * P_shard at the batch's sums), exact for the gradient.

import * as tf from '@tensorflow/tfjs-core';
import type { Batch } from './cachedViews';
import { boxLossFromParts, boxLossParts, DEFAULT_CLASS_WEIGHT_POWER } from './losses';

/** Adds every shard's sums (the same vector, in the same order, for all shards). */
export type AllReduce = (local: Float64Array) => Float64Array;

export interface ShardLoss {
  /** Differentiate this: its gradients summed over the shards are batchLoss's. */
  surrogate: tf.Scalar;
  /** This shard's share of the loss value; the shares add up to batchLoss over the shards. */
  value: number;
}

const dataOf = (tensor: tf.Tensor) => tensor.dataSync() as Float32Array;

/**
 * Called inside the function given to tf.valueAndGrads (the logits are on its tape); `allReduce` runs
 * synchronously between the forward sums and the surrogate. Every shard calls it once.
 */
export function shardLoss(logits: tf.Tensor4D, shard: Batch, allReduce: AllReduce, classWeightPower = DEFAULT_CLASS_WEIGHT_POWER, shardIndex = 0): ShardLoss {
  let value = 0;
  const surrogate = tf.tidy(() => {
    const classes = logits.shape[3];
    const flatTargets = tf.reshape(shard.targets, [-1, classes]);
    const flatWeights = tf.reshape(shard.weights, [-1, 1]);
    const logProbs = tf.logSoftmax(tf.reshape(logits, [-1, classes]));
    const probs = tf.mul(tf.exp(logProbs), flatWeights);
    const intersection = tf.sum(tf.mul(probs, flatTargets), 0);
    const probMass = tf.sum(probs, 0);
    const box = shard.box ? boxLossParts(logits, shard.box) : null;

    const local = new Float64Array(3 * classes + 3);
    local.set(dataOf(tf.sum(tf.mul(flatTargets, flatWeights), 0)), 0);
    local[classes] = dataOf(tf.sum(flatWeights))[0];
    local.set(dataOf(intersection), classes + 1);
    local.set(dataOf(probMass), 2 * classes + 1);
    if (box) {
      local[3 * classes + 1] = dataOf(box.projectionWeight)[0];
      local[3 * classes + 2] = dataOf(box.pairCount)[0];
    }
    const total = allReduce(local);
    const targetMass = total.subarray(0, classes);
    const totalWeight = total[classes];
    const batchIntersection = total.subarray(classes + 1, 2 * classes + 1);
    const batchProbMass = total.subarray(2 * classes + 1, 3 * classes + 1);
    const anyLabeled = totalWeight > 0 ? 1 : 0;

    // Cross-entropy: the class weights and the denominator from the whole batch, as maskLoss computes them.
    const classWeights = Array.from(targetMass, (mass) => {
      const floored = Math.max(mass / Math.max(totalWeight, 1e-6), 1e-3);
      return classWeightPower === 0.5 ? 1 / Math.sqrt(floored) : floored ** -classWeightPower;
    });
    const pixelWeightSum = classWeights.reduce((sum, weight, c) => sum + weight * targetMass[c], 0);
    const pixelWeights = tf.mul(flatWeights, tf.sum(tf.mul(flatTargets, tf.tensor1d(classWeights)), 1, true));
    const crossEntropy = tf.div(tf.neg(tf.sum(tf.mul(tf.mul(flatTargets, logProbs), pixelWeights))), Math.max(pixelWeightSum, 1e-6));

    // Dice over the classes present in the batch, and its first-order term in this shard's sums.
    const present = Array.from(targetMass, (mass): number => (mass > 0 ? 1 : 0));
    const presentCount = Math.max(present.reduce((a, b) => a + b, 0), 1);
    let dice = 0;
    const intersectionCoefficient = new Float32Array(classes);
    const massCoefficient = new Float32Array(classes);
    for (let c = 0; c < classes; c++) {
      const denominator = batchProbMass[c] + targetMass[c] + 1;
      const numerator = 2 * batchIntersection[c] + 1;
      dice += (present[c] * (1 - numerator / denominator)) / presentCount;
      intersectionCoefficient[c] = (-2 * present[c]) / (presentCount * denominator);
      massCoefficient[c] = (present[c] * numerator) / (presentCount * denominator * denominator);
    }
    const diceTerm = tf.add(tf.sum(tf.mul(intersection, intersectionCoefficient)), tf.sum(tf.mul(probMass, massCoefficient)));

    let separable = tf.mul(crossEntropy, anyLabeled);
    if (box) separable = tf.add(separable, boxLossFromParts(box, total[3 * classes + 1], total[3 * classes + 2]));
    // Dice's value is the batch's; the first shard carries it.
    value = dataOf(separable)[0] + (shardIndex === 0 ? dice * anyLabeled : 0);
    return tf.add(separable, tf.mul(diceTerm, anyLabeled)) as tf.Scalar;
  });
  return { surrogate, value };
}
