// Losses. Mask pixels: cross-entropy + Dice over labeled pixels only (IGNORE pixels contribute nothing).
// Boxes: the predicted mask's max-projections onto x and y must match the box's (BoxInst), plus a
// colour-affinity term that asks neighbouring pixels of similar colour inside boxes to share a label.

import * as tf from '@tensorflow/tfjs-core';
import { IGNORE } from './views';

/**
 * Per-cell label targets at the logits' resolution: the fraction of each class among the labeled pixels of
 * every stride x stride cell, and the fraction of the cell that is labeled (the cell's weight). Training at
 * stride 4 this way keeps thin structures' share of a cell instead of dropping them as nearest sampling would.
 */
export function poolLabels(labels: Uint8Array, size: number, stride: number, classes: number): { targets: Float32Array; weights: Float32Array } {
  const side = size / stride;
  const targets = new Float32Array(side * side * classes);
  const weights = new Float32Array(side * side);
  const area = stride * stride;
  for (let y = 0; y < size; y++) {
    const cellRow = Math.floor(y / stride) * side;
    for (let x = 0; x < size; x++) {
      const label = labels[y * size + x];
      if (label === IGNORE) continue;
      const cell = cellRow + Math.floor(x / stride);
      weights[cell] += 1;
      targets[cell * classes + label] += 1;
    }
  }
  for (let cell = 0; cell < side * side; cell++) {
    const labeled = weights[cell];
    if (labeled > 0) for (let c = 0; c < classes; c++) targets[cell * classes + c] /= labeled;
    weights[cell] = labeled / area;
  }
  return { targets, weights };
}

/** Classes weigh share^-power in the cross-entropy: 0.5 (1/sqrt) unless a run overrides it. */
export const DEFAULT_CLASS_WEIGHT_POWER = 0.5;

/**
 * Cross-entropy + soft Dice over labeled cells. `logits` and `targets` [B,h,w,C], `weights` [B,h,w]
 * (0 where nothing is labeled: unlabeled pixels teach nothing).
 */
export function maskLoss(logits: tf.Tensor4D, targets: tf.Tensor4D, weights: tf.Tensor3D, classWeightPower = DEFAULT_CLASS_WEIGHT_POWER): tf.Scalar {
  return tf.tidy(() => {
    const classes = logits.shape[3];
    const flatTargets = tf.reshape(targets, [-1, classes]);
    const flatWeights = tf.reshape(weights, [-1, 1]);
    const totalWeight = tf.sum(flatWeights);
    const logProbs = tf.logSoftmax(tf.reshape(logits, [-1, classes]));
    // Classes are weighted by 1/sqrt(their share of the labeled pixels in the batch), so a small object
    // class is not drowned by background. Spot checks (lora, K=5, 30 queries): shoes 0.623 -> 0.656 (head
    // 0.497 -> 0.651, from predicting background everywhere), person 0.897 -> 0.899, nuclei 0.874 -> 0.842.
    const share = tf.div(tf.sum(tf.mul(flatTargets, flatWeights), 0), tf.maximum(totalWeight, 1e-6));
    const floored = tf.maximum(share, 1e-3);
    // The default keeps its 1/sqrt form, so its losses stay bit-for-bit those of earlier runs and benchmarks.
    const classWeights = classWeightPower === 0.5 ? tf.div(1, tf.sqrt(floored)) : tf.pow(floored, -classWeightPower);
    const pixelWeights = tf.mul(flatWeights, tf.sum(tf.mul(flatTargets, classWeights), 1, true));
    const crossEntropy = tf.div(tf.neg(tf.sum(tf.mul(tf.mul(flatTargets, logProbs), pixelWeights))), tf.maximum(tf.sum(pixelWeights), 1e-6));
    const probs = tf.mul(tf.exp(logProbs), flatWeights);
    const weightedTargets = tf.mul(flatTargets, flatWeights);
    const intersection = tf.sum(tf.mul(probs, flatTargets), 0);
    const targetMass = tf.sum(weightedTargets, 0);
    const dicePerClass = tf.sub(1, tf.div(tf.add(tf.mul(intersection, 2), 1), tf.add(tf.add(tf.sum(probs, 0), targetMass), 1)));
    // Dice only for classes that occur among the labeled pixels of the batch.
    const present = tf.cast(tf.greater(targetMass, 0), 'float32');
    const dice = tf.div(tf.sum(tf.mul(dicePerClass, present)), tf.maximum(tf.sum(present), 1));
    const anyLabeled = tf.cast(tf.greater(totalWeight, 0), 'float32');
    return tf.mul(tf.add(crossEntropy, dice), anyLabeled) as tf.Scalar;
  });
}

/** Sum over images and classes of the weighted projection Dice along `axis`, and the weights' sum. */
function projectionDiceParts(predicted: tf.Tensor, target: tf.Tensor, weight: tf.Tensor, axis: number): [tf.Tensor, tf.Tensor] {
  const p = tf.max(predicted, axis);
  const t = tf.max(target, axis);
  const axisOfPixels = 1;
  const intersection = tf.sum(tf.mul(p, t), axisOfPixels);
  const denominator = tf.add(tf.sum(tf.square(p), axisOfPixels), tf.sum(tf.square(t), axisOfPixels));
  const dice = tf.sub(1, tf.div(tf.mul(intersection, 2), tf.add(denominator, 1e-4)));
  return [tf.sum(tf.mul(dice, weight)), tf.sum(weight)];
}

export interface BoxTargets {
  /** [B,h,w,C]: 1 inside a box of class c. */
  boxMasks: tf.Tensor4D;
  /** [B,C]: 1 where the image has at least one box of class c. */
  boxClasses: tf.Tensor2D;
  /** [B,h,w,3] view colours at the logits' resolution, 0..255. */
  colours: tf.Tensor4D;
}

/**
 * The box terms as sums over the batch's images and their normalisers: each sum adds up per image, so a
 * batch split between workers gets its loss from the shards' sums (engine/parallel).
 */
export interface BoxLossParts {
  /** Weighted projection Dice along x plus along y, summed over images and box classes. */
  projectionSum: tf.Scalar;
  /** Number of (image, box class) pairs: the projection terms' normaliser. */
  projectionWeight: tf.Scalar;
  /** Colour-affinity loss summed over neighbour pairs inside boxes, and the number of such pairs. */
  pairwiseSum: tf.Scalar;
  pairCount: tf.Scalar;
}

/** The box loss from summed parts and their normalisers (the whole batch's, when the sums are a shard's). */
export function boxLossFromParts(parts: { projectionSum: tf.Tensor; pairwiseSum: tf.Tensor }, projectionWeight: tf.Tensor | number, pairCount: tf.Tensor | number): tf.Scalar {
  return tf.tidy(() => {
    const projection = tf.div(parts.projectionSum, tf.maximum(projectionWeight, 1));
    const pairwise = tf.div(parts.pairwiseSum, tf.maximum(pairCount, 1));
    return tf.add(projection, tf.mul(pairwise, 0.5)) as tf.Scalar;
  });
}

export function boxLossParts(logits: tf.Tensor4D, targets: BoxTargets, affinityThreshold = 0.3): BoxLossParts {
  return tf.tidy(() => {
    const probs = tf.softmax(logits);
    const [xSum, weight] = projectionDiceParts(probs, targets.boxMasks, targets.boxClasses, 1);
    const [ySum] = projectionDiceParts(probs, targets.boxMasks, targets.boxClasses, 2);
    // Pairs of right and down neighbours inside any box whose colours are similar should agree.
    const inside = tf.max(targets.boxMasks, 3);
    const [, h, w] = probs.shape;
    const pairTerm = (a: tf.Tensor4D, b: tf.Tensor4D, insideA: tf.Tensor, insideB: tf.Tensor, colourA: tf.Tensor, colourB: tf.Tensor) => {
      const colourDistance = tf.sqrt(tf.add(tf.sum(tf.square(tf.sub(colourA, colourB)), 3), 1e-6));
      const similarity = tf.exp(tf.div(colourDistance, -20));
      const weight = tf.mul(tf.mul(insideA, insideB), tf.cast(tf.greaterEqual(similarity, affinityThreshold), 'float32'));
      const same = tf.sum(tf.mul(a, b), 3);
      const loss = tf.neg(tf.log(tf.add(same, 1e-6)));
      return [tf.sum(tf.mul(loss, weight)), tf.sum(weight)] as const;
    };
    const c = targets.colours;
    const [rightLoss, rightCount] = pairTerm(
      tf.slice(probs, [0, 0, 0, 0], [-1, h, w - 1, -1]),
      tf.slice(probs, [0, 0, 1, 0], [-1, h, w - 1, -1]),
      tf.slice(inside, [0, 0, 0], [-1, h, w - 1]),
      tf.slice(inside, [0, 0, 1], [-1, h, w - 1]),
      tf.slice(c, [0, 0, 0, 0], [-1, h, w - 1, -1]),
      tf.slice(c, [0, 0, 1, 0], [-1, h, w - 1, -1]),
    );
    const [downLoss, downCount] = pairTerm(
      tf.slice(probs, [0, 0, 0, 0], [-1, h - 1, w, -1]),
      tf.slice(probs, [0, 1, 0, 0], [-1, h - 1, w, -1]),
      tf.slice(inside, [0, 0, 0], [-1, h - 1, w]),
      tf.slice(inside, [0, 1, 0], [-1, h - 1, w]),
      tf.slice(c, [0, 0, 0, 0], [-1, h - 1, w, -1]),
      tf.slice(c, [0, 1, 0, 0], [-1, h - 1, w, -1]),
    );
    return {
      projectionSum: tf.add(xSum, ySum) as tf.Scalar,
      projectionWeight: weight as tf.Scalar,
      pairwiseSum: tf.add(rightLoss, downLoss) as tf.Scalar,
      pairCount: tf.add(rightCount, downCount) as tf.Scalar,
    };
  });
}

/** BoxInst's projection loss plus colour-affinity pairwise loss, on stride-4 logits [B,h,w,C]. */
export function boxLoss(logits: tf.Tensor4D, targets: BoxTargets, affinityThreshold = 0.3): tf.Scalar {
  return tf.tidy(() => {
    const parts = boxLossParts(logits, targets, affinityThreshold);
    return boxLossFromParts(parts, parts.projectionWeight, parts.pairCount);
  });
}
