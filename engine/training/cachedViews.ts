// Training views with their frozen prefix features and label targets, batches of them, and a batch's loss.

import * as tf from '@tensorflow/tfjs-core';
import type { FeatureCache } from '../backbone/backbone';
import type { AdaptedModel } from '../modelStore/adaptedModel';
import { boxLoss, maskLoss, poolLabels, type BoxTargets } from './losses';
import { createHash } from 'node:crypto';
import { makeSyncReadable } from '../backend/syncReadable';
import { tensorDataMap, tensorsOf } from '../parallel/sharedTensors';
import { imageDigest, type FeatureStore } from './featureStore';
import { seededRandom } from './seededRandom';
import { makeView, maxZoomInFor, type LabeledImage, type TrainingView } from './views';

export const STRIDE = 4;

export interface CachedView {
  cache: FeatureCache;
  targets: tf.Tensor4D;
  weights: tf.Tensor3D;
  box: BoxTargets | null;
}

export function boxTargets(view: TrainingView, size: number, classes: number): BoxTargets | null {
  if (view.boxes.length === 0) return null;
  const side = size / STRIDE;
  const masks = new Float32Array(side * side * classes);
  const present = new Float32Array(classes);
  for (const box of view.boxes) {
    present[box.classId] = 1;
    const x0 = Math.floor(box.x / STRIDE);
    const y0 = Math.floor(box.y / STRIDE);
    const x1 = Math.min(side, Math.ceil((box.x + box.w) / STRIDE));
    const y1 = Math.min(side, Math.ceil((box.y + box.h) / STRIDE));
    for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) masks[(y * side + x) * classes + box.classId] = 1;
  }
  return tf.tidy(() => {
    const pixels = tf.tensor4d(view.pixels, [1, size, size, 3]);
    return {
      boxMasks: tf.tensor4d(masks, [1, side, side, classes]),
      boxClasses: tf.tensor2d(present, [1, classes]),
      colours: tf.avgPool(pixels, STRIDE, STRIDE, 'valid') as tf.Tensor4D,
    };
  });
}

export interface Batch {
  cache: FeatureCache;
  targets: tf.Tensor4D;
  weights: tf.Tensor3D;
  box: BoxTargets | null;
}

export function stackViews(views: CachedView[]): Batch {
  const keys = Object.keys(views[0].cache);
  const cache: FeatureCache = {};
  for (const key of keys) cache[key] = tf.concat(views.map((v) => v.cache[key])) as tf.Tensor4D;
  const targets = tf.concat(views.map((v) => v.targets)) as tf.Tensor4D;
  const weights = tf.concat(views.map((v) => v.weights)) as tf.Tensor3D;
  if (views.every((v) => v.box === null)) return { cache, targets, weights, box: null };
  // Views without boxes get zero masks and no box classes, so the box terms skip them.
  const template = views.find((v) => v.box !== null)!.box!;
  const box = tf.tidy(() => {
    const boxOf = (v: CachedView) =>
      v.box ?? { boxMasks: tf.zerosLike(template.boxMasks), boxClasses: tf.zerosLike(template.boxClasses), colours: tf.zerosLike(template.colours) };
    const filled = views.map(boxOf);
    return {
      boxMasks: tf.concat(filled.map((b) => b.boxMasks)) as tf.Tensor4D,
      boxClasses: tf.concat(filled.map((b) => b.boxClasses)) as tf.Tensor2D,
      colours: tf.concat(filled.map((b) => b.colours)) as tf.Tensor4D,
    };
  });
  return { cache, targets, weights, box };
}

/** The training loss of a batch: mask terms over labeled cells, plus the box terms when it has boxes. */
export function batchLoss(logits: tf.Tensor4D, batch: Batch, classWeightPower?: number): tf.Scalar {
  const loss = maskLoss(logits, batch.targets, batch.weights, classWeightPower);
  return batch.box ? (tf.add(loss, boxLoss(logits, batch.box)) as tf.Scalar) : loss;
}

/** Disposes a batch's tensors, or a cached view's (the same fields). */
export function disposeBatch(batch: Batch | CachedView): void {
  tf.dispose([...Object.values(batch.cache), batch.targets, batch.weights, ...(batch.box ? Object.values(batch.box) : [])]);
}

/** Draws batches from `views` without replacement within an epoch, reshuffled each epoch. */
export function batchSampler(views: CachedView[], batchSize: number, shuffle: (indices: number[]) => number[]): () => CachedView[] {
  let order: number[] = [];
  return () => {
    const picked: CachedView[] = [];
    for (let b = 0; b < batchSize; b++) {
      if (order.length === 0) order = shuffle(views.map((_, i) => i));
      picked.push(views[order.pop()!]);
    }
    return picked;
  };
}

/** The seed of view `index` of an image: its augmentation depends on nothing else (see FeatureStore). */
function viewSeed(augmentationSeed: number, digest: string, index: number): number {
  return parseInt(createHash('sha1').update(`${augmentationSeed}:${digest}:${index}`).digest('hex').slice(0, 8), 16);
}

/**
 * Appends `viewsPerImage` views of every item (the first as is, the rest augmented, each view's
 * augmentation drawn from its own seed) with their frozen prefix features to `into` (the caller owns and
 * disposes them, also when this throws midway); features found in `store` are not recomputed, and those
 * computed are added to it. `beforeNext` runs before each view: it may report progress or throw to cancel.
 */
export async function cacheViews(
  model: AdaptedModel,
  items: LabeledImage[],
  viewsPerImage: number | ((item: LabeledImage) => number),
  augmentationSeed: number,
  into: CachedView[],
  beforeNext: (done: number) => Promise<void>,
  store?: FeatureStore,
): Promise<void> {
  const size = model.inputSize;
  const classes = model.classes.length;
  const side = size / STRIDE;
  const maxZoomIn = maxZoomInFor(classes);
  for (const item of items) {
    const views = typeof viewsPerImage === 'number' ? viewsPerImage : viewsPerImage(item);
    const labelWeight = item.labelWeight ?? 1;
    const digest = imageDigest(item.image);
    for (let v = 0; v < views; v++) {
      await beforeNext(into.length);
      const seed = viewSeed(augmentationSeed, digest, v);
      const view = makeView(item, { size, augment: v > 0, maxZoomIn }, seededRandom(seed));
      const key = `${model.backbone.id}|${model.firstAdaptedBlock}|${size}|${maxZoomIn}|${digest}|${seed}`;
      const stored = store?.get(key);
      const cache = stored ? (tensorsOf(stored) as FeatureCache) : prefixFeatures(model, view.pixels);
      if (store && !stored) {
        await makeSyncReadable(Object.values(cache)); // tensorDataMap reads with dataSync (webgpu reads only async)
        store.put(key, tensorDataMap(cache));
      }
      const pooled = poolLabels(view.labels, size, STRIDE, classes);
      if (labelWeight !== 1) for (let cell = 0; cell < pooled.weights.length; cell++) pooled.weights[cell] *= labelWeight;
      into.push({
        cache,
        targets: tf.tensor4d(pooled.targets, [1, side, side, classes]),
        weights: tf.tensor3d(pooled.weights, [1, side, side]),
        box: boxTargets(view, size, classes),
      });
    }
  }
  await beforeNext(into.length);
}

function prefixFeatures(model: AdaptedModel, viewPixels: Float32Array): FeatureCache {
  const size = model.inputSize;
  const pixels = tf.tidy(() => tf.add(tf.mul(tf.tensor4d(viewPixels, [1, size, size, 3]), model.backbone.normalisation.scale), model.backbone.normalisation.offset) as tf.Tensor4D);
  const cache = model.backbone.forwardPrefix(pixels, model.firstAdaptedBlock);
  pixels.dispose();
  return cache;
}
