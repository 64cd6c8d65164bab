// How many training workers a job uses: SEGADAPT_TRAINING_WORKERS, else one per available core; never more
// than the batch has views (each worker takes at least one), and one (in-process training) where the
// backend is itself multi-threaded (tfjs-node) or a single worker would only add start-up time.

import os from 'node:os';

export const TRAINING_WORKERS_ENV = 'SEGADAPT_TRAINING_WORKERS';

/** Backends whose kernels run on one thread, so that more threads need more workers. */
const SINGLE_THREADED_BACKENDS = new Set(['wasm', 'cpu']);

export function parseWorkerCount(value: string | undefined): number | null {
  if (value === undefined || value === '') return null;
  const count = Number(value);
  if (!Number.isInteger(count) || count < 1) throw new Error(`${TRAINING_WORKERS_ENV} must be a whole number of at least 1, not "${value}"`);
  return count;
}

export function trainingWorkerCount(options: { requested?: number; batchSize: number; backend: string }): number {
  const requested = options.requested ?? parseWorkerCount(process.env[TRAINING_WORKERS_ENV]) ?? os.availableParallelism();
  if (!SINGLE_THREADED_BACKENDS.has(options.backend)) return 1;
  return Math.max(1, Math.min(requested, options.batchSize));
}
