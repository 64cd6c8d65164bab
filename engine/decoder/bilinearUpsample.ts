// Bilinear resize (half-pixel centres, as PyTorch align_corners=False and tf.image.resize) written as two
// products with fixed interpolation matrices. tfjs 4.22's ResizeBilinear gradient ignores halfPixelCenters
// (PERF-NOTES.md), so training must not go through it; matrix products have exact gradients.

import * as tf from '@tensorflow/tfjs-core';

/** [outSize, inSize] matrix whose rows hold the bilinear weights of each output sample. */
/** `scale` is input samples per output sample (inSize / outSize unless only part of the input is kept). */
export function interpolationMatrix(inSize: number, outSize: number, scale = inSize / outSize): Float32Array {
  const matrix = new Float32Array(outSize * inSize);
  for (let i = 0; i < outSize; i++) {
    const source = Math.min(Math.max((i + 0.5) * scale - 0.5, 0), inSize - 1);
    const low = Math.floor(source);
    const high = Math.min(low + 1, inSize - 1);
    const weight = source - low;
    matrix[i * inSize + low] += 1 - weight;
    matrix[i * inSize + high] += weight;
  }
  return matrix;
}

/**
 * Resizes NHWC `x` to [outHeight, outWidth]. With scales, output pixel i samples input coordinate
 * (i + 0.5) * scale - 0.5 (used to map a padded feature map back onto the unpadded image).
 */
export function resizeBilinear(x: tf.Tensor4D, outHeight: number, outWidth: number, scaleY?: number, scaleX?: number): tf.Tensor4D {
  const [n, h, w, c] = x.shape;
  if (h === outHeight && w === outWidth && scaleY === undefined && scaleX === undefined) return tf.clone(x);
  return tf.tidy(() => {
    const rows = tf.tensor2d(interpolationMatrix(h, outHeight, scaleY), [outHeight, h]);
    const cols = tf.tensor2d(interpolationMatrix(w, outWidth, scaleX), [outWidth, w]);
    const byRow = tf.reshape(tf.transpose(x, [1, 0, 2, 3]), [h, n * w * c]);
    const resizedRows = tf.reshape(tf.matMul(rows, byRow as tf.Tensor2D), [outHeight, n, w, c]);
    const byCol = tf.reshape(tf.transpose(resizedRows, [2, 1, 0, 3]), [w, n * outHeight * c]);
    const resized = tf.reshape(tf.matMul(cols, byCol as tf.Tensor2D), [outWidth, n, outHeight, c]);
    return tf.transpose(resized, [1, 2, 0, 3]) as tf.Tensor4D;
  });
}
