// BatchMatMul's stock gradient multiplies with transposeA/transposeB set. On the wasm backend only an
// untransposed batch-1 product reaches XNNPACK (PERF-NOTES.md); transposed ones fall to a scalar loop,
// which took 2.0 s of a 2.1 s decoder training step. This gradient transposes explicitly (a linear pass)
// and multiplies untransposed. Same values; equal-rank, unbroadcast products on wasm only, else the stock
// one: on webgpu the explicit transposes made Transpose 37% of a full step (SwiftShader, kernelShares.bench)
// and the stock gradient halves the step.

import * as tf from '@tensorflow/tfjs-core';

function swapLastTwo(x: tf.Tensor): tf.Tensor {
  const rank = x.rank;
  const perm = [...Array(rank).keys()];
  [perm[rank - 2], perm[rank - 1]] = [perm[rank - 1], perm[rank - 2]];
  return tf.transpose(x, perm);
}

const product = (a: tf.Tensor, b: tf.Tensor) => tf.matMul(a as tf.Tensor2D, b as tf.Tensor2D);

let registered = false;

export function registerUntransposedMatMulGradient(): void {
  if (registered) return;
  const stock = tf.getGradient('BatchMatMul');
  if (!stock) throw new Error('register the stock gradients before the BatchMatMul one');
  registered = true;
  tf.registerGradient({
    kernelName: 'BatchMatMul',
    inputsToSave: ['a', 'b'],
    gradFunc: (dy, saved, attrs) => {
      const [a, b] = saved;
      const { transposeA, transposeB } = attrs as unknown as { transposeA: boolean; transposeB: boolean };
      const sameBatch = a.rank === b.rank && a.shape.slice(0, -2).every((d, i) => d === b.shape[i]);
      if (!sameBatch || tf.getBackend() !== 'wasm') return stock.gradFunc(dy, saved, attrs);
      const d = dy as tf.Tensor;
      const t = swapLastTwo;
      if (!transposeA && !transposeB) return { a: () => product(d, t(b)), b: () => product(t(a), d) };
      if (!transposeA && transposeB) return { a: () => product(d, b), b: () => product(t(d), a) };
      if (transposeA && !transposeB) return { a: () => product(b, t(d)), b: () => product(a, d) };
      return { a: () => product(t(b), t(d)), b: () => product(t(d), t(a)) };
    },
  });
}
