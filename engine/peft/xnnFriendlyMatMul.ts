// Matrix products whose gradients are also untransposed products. tfjs's MatMul gradient multiplies by
// transposed operands, and on the wasm backend only untransposed products reach XNNPACK (PERF-NOTES):
// the others are scalar loops. Here the small factor is transposed explicitly instead.

import * as tf from '@tensorflow/tfjs-core';

/** a @ b where only `a` receives a gradient (`b` is a frozen buffer). */
export function matMulFrozenRight(a: tf.Tensor2D, b: tf.Tensor2D): tf.Tensor2D {
  const product = tf.customGrad((aIn: tf.Tensor | tf.GradSaveFunc) => ({
    value: tf.matMul(aIn as tf.Tensor2D, b),
    gradFunc: (dy: tf.Tensor | tf.Tensor[]) => tf.matMul(dy as tf.Tensor2D, tf.transpose(b)),
  }));
  return product(a) as tf.Tensor2D;
}

/** a @ b where both factors receive gradients. */
export function matMulBothTrained(a: tf.Tensor2D, b: tf.Tensor2D): tf.Tensor2D {
  const product = tf.customGrad((aIn: tf.Tensor | tf.GradSaveFunc, bIn: tf.Tensor | tf.GradSaveFunc, save: tf.Tensor | tf.GradSaveFunc) => {
    (save as tf.GradSaveFunc)([aIn as tf.Tensor, bIn as tf.Tensor]);
    return {
      value: tf.matMul(aIn as tf.Tensor2D, bIn as tf.Tensor2D),
      gradFunc: (dy: tf.Tensor | tf.Tensor[], saved: tf.Tensor[]) => [
        tf.matMul(dy as tf.Tensor2D, tf.transpose(saved[1] as tf.Tensor2D)),
        tf.matMul(tf.transpose(saved[0] as tf.Tensor2D), dy as tf.Tensor2D),
      ],
    };
  });
  return product(a, b) as tf.Tensor2D;
}
