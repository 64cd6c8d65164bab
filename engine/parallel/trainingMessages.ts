// The typed messages between a training pool (main thread) and its workers.

import type { MethodName } from '../../contract/jobs';
import type { AllReduceLayout } from './allReduce';
import type { SharedView, TensorDataMap } from './sharedTensors';

/** What a worker needs to rebuild the model's forward pass (the trainable tensors come with each step). */
export interface WorkerModelSpec {
  backend: string;
  backboneId: string;
  method: MethodName;
  methodConfig: object;
  firstAdaptedBlock: string;
  /** The method's frozen buffers (e.g. SVD factors), computed once in the main thread. */
  buffers: TensorDataMap;
}

export type ToTrainingWorker =
  | { type: 'init'; model: WorkerModelSpec; classWeightPower?: number; reduce: AllReduceLayout; index: number }
  /** Appended to the views the worker holds (shared memory, not copied). */
  | { type: 'views'; views: SharedView[] }
  /** Gradients of this worker's shard (views by index) at `params`. */
  | { type: 'step'; params: TensorDataMap; views: number[] };

export type FromTrainingWorker =
  | { type: 'ready' }
  | { type: 'gradients'; gradients: TensorDataMap; value: number }
  | { type: 'error'; message: string };
