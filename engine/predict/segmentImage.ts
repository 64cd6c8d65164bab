// Image -> per-pixel class indices and confidences at the image's own resolution.

import * as tf from '@tensorflow/tfjs-core';
import { resizeBilinear } from '../decoder/bilinearUpsample';
import type { RgbImage } from '../data/decodedImage';
import { logitsFromCache, type AdaptedModel } from '../modelStore/adaptedModel';
import { baseScale } from '../training/views';

export interface Segmentation {
  width: number;
  height: number;
  /** Class index (position in model.classes) per pixel. */
  classIndex: Uint8Array;
  /** Softmax probability of the chosen class per pixel. */
  confidence: Float32Array;
  /** Image pixels per side of one cell of the model's output grid: finer detail than this is interpolated. */
  cellSize: number;
}

/** The image resized so its longer side is `size`, padded (zeros) to multiples of `multiple`. */
export function modelInput(image: RgbImage, size: number, multiple: number, normalisation: { scale: number; offset: number }): { input: tf.Tensor4D; resizedWidth: number; resizedHeight: number } {
  const scale = baseScale(image, size);
  const resizedWidth = Math.max(1, Math.round(image.width * scale));
  const resizedHeight = Math.max(1, Math.round(image.height * scale));
  const paddedWidth = Math.ceil(resizedWidth / multiple) * multiple;
  const paddedHeight = Math.ceil(resizedHeight / multiple) * multiple;
  const input = tf.tidy(() => {
    const pixels = tf.cast(tf.tensor4d(image.data, [1, image.height, image.width, 3], 'int32'), 'float32') as tf.Tensor4D;
    const resized = tf.image.resizeBilinear(pixels, [resizedHeight, resizedWidth], false, true);
    const padded = tf.pad(resized, [[0, 0], [0, paddedHeight - resizedHeight], [0, paddedWidth - resizedWidth], [0, 0]]);
    return tf.add(tf.mul(padded, normalisation.scale), normalisation.offset) as tf.Tensor4D;
  });
  return { input, resizedWidth, resizedHeight };
}

/** Softmax probabilities [1, H, W, C] at the image's resolution, and the output grid's cell size in image pixels. */
export function predictProbabilities(model: AdaptedModel, image: RgbImage): { probabilities: tf.Tensor4D; cellSize: number } {
  const { backbone } = model;
  const { input, resizedWidth, resizedHeight } = modelInput(image, model.inputSize, backbone.sizeMultiple, backbone.normalisation);
  let cellSize = 1;
  const probabilities = tf.tidy(() => {
    const cache = backbone.forwardPrefix(input, model.firstAdaptedBlock);
    const logits = logitsFromCache(model, cache);
    const [, logitsHeight, logitsWidth] = logits.shape;
    const stride = input.shape[1] / logitsHeight;
    cellSize = (stride * image.height) / resizedHeight;
    input.dispose();
    // Each image pixel samples the logits grid where its resized position falls (padding is never sampled).
    const full = resizeBilinear(logits, image.height, image.width, resizedHeight / image.height / stride, resizedWidth / image.width / (input.shape[2] / logitsWidth));
    return tf.softmax(full) as tf.Tensor4D;
  });
  return { probabilities, cellSize };
}

export interface SegmentOptions {
  /** Also predict the mirrored image and average the two (test-time augmentation): twice the time. */
  flip?: boolean;
}

export function mirroredImage(image: RgbImage): RgbImage {
  const data = new Uint8Array(image.data.length);
  for (let y = 0; y < image.height; y++) {
    const row = y * image.width * 3;
    for (let x = 0; x < image.width; x++) {
      const from = row + x * 3, to = row + (image.width - 1 - x) * 3;
      data[to] = image.data[from];
      data[to + 1] = image.data[from + 1];
      data[to + 2] = image.data[from + 2];
    }
  }
  return { width: image.width, height: image.height, data };
}

function averagedWithMirror(model: AdaptedModel, image: RgbImage, probabilities: tf.Tensor4D): tf.Tensor4D {
  const mirrored = predictProbabilities(model, mirroredImage(image)).probabilities;
  const averaged = tf.tidy(() => tf.mul(tf.add(probabilities, tf.reverse(mirrored, 2)), 0.5) as tf.Tensor4D);
  tf.dispose([mirrored, probabilities]);
  return averaged;
}

export async function segmentImage(model: AdaptedModel, image: RgbImage, options: SegmentOptions = {}): Promise<Segmentation> {
  const single = predictProbabilities(model, image);
  const probabilities = options.flip ? averagedWithMirror(model, image, single.probabilities) : single.probabilities;
  const [classIndexTensor, confidenceTensor] = tf.tidy(() => [tf.argMax(probabilities, 3), tf.max(probabilities, 3)]);
  probabilities.dispose();
  const classIndex = Uint8Array.from(await classIndexTensor.data());
  const confidence = (await confidenceTensor.data()) as Float32Array;
  tf.dispose([classIndexTensor, confidenceTensor]);
  return { width: image.width, height: image.height, classIndex, confidence, cellSize: single.cellSize };
}
