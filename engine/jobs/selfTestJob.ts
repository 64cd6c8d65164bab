// A short, real workload on the active backend: repeated matrix products, reported as GFLOP/s.
// Used by the UI's "check engine" action and by tests that need a job which takes a known time.

import * as tf from '@tensorflow/tfjs-core';
import type { SelfTestJobResult, SelfTestJobSpec } from '../../contract/jobs';
import type { JobContext } from './jobContext';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function runSelfTestJob(spec: SelfTestJobSpec, context: JobContext): Promise<SelfTestJobResult> {
  if (!Number.isInteger(spec.steps) || spec.steps < 1 || spec.steps > 100_000) {
    throw new Error(`selftest steps must be an integer in 1..100000, not ${spec.steps}`);
  }
  if (!Number.isInteger(spec.matrixSize) || spec.matrixSize < 1 || spec.matrixSize > 4096) {
    throw new Error(`selftest matrixSize must be an integer in 1..4096, not ${spec.matrixSize}`);
  }
  const n = spec.matrixSize;
  const a = tf.randomUniform([n, n], -1, 1, 'float32', 7);
  let checksum = 0;
  let computeSeconds = 0;
  const started = Date.now();
  try {
    for (let step = 1; step <= spec.steps; step++) {
      await context.checkpoint();
      const t0 = performance.now();
      const sum = tf.tidy(() => tf.sum(tf.matMul(a, a)));
      checksum += (await sum.data())[0];
      sum.dispose();
      computeSeconds += (performance.now() - t0) / 1000;
      const elapsed = (Date.now() - started) / 1000;
      context.progress({
        step,
        total: spec.steps,
        phase: 'multiplying matrices',
        etaSeconds: (elapsed / step) * (spec.steps - step),
      });
      if (spec.pauseMs) await sleep(spec.pauseMs);
    }
  } finally {
    a.dispose();
  }
  const flops = 2 * n * n * n * spec.steps;
  return {
    kind: 'selftest',
    backend: tf.getBackend(),
    steps: spec.steps,
    gflops: computeSeconds > 0 ? flops / computeSeconds / 1e9 : 0,
    checksum,
  };
}
