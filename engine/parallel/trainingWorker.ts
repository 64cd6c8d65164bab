// A training worker thread: its own tfjs backend (with the engine's wasm training kernels and gradients)
// and copy of the backbone; per step, the loss gradients of its shard of the batch (shardGradients).

import * as tf from '@tensorflow/tfjs-core';
import { parentPort } from 'node:worker_threads';
import { selectBackend, type BackendName } from '../backend/selectBackend';
import { getBackbone } from '../backbone/registry';
import type { ParamMap } from '../model/params';
import type { AdaptedModel } from '../modelStore/adaptedModel';
import { DEFAULT_DECODER_CONFIG } from '../decoder/fpnLiteDecoder';
import { getMethod } from '../peft/registry';
import '../training/registerGradients';
import { disposeBatch, type CachedView } from '../training/cachedViews';
import type { AllReduce } from '../training/shardedLoss';
import { abortAllReduce, allReduceParticipant, type AllReduceLayout } from './allReduce';
import { shardGradients } from './shardGradients';
import { tensorDataMap, tensorsOf, transferList, viewOf, type SharedView } from './sharedTensors';
import type { FromTrainingWorker, ToTrainingWorker, WorkerModelSpec } from './trainingMessages';

if (!parentPort) throw new Error('trainingWorker runs as a worker thread');
const port = parentPort;

interface WorkerState {
  model: AdaptedModel;
  reduce: AllReduce;
  layout: AllReduceLayout;
  index: number;
  classWeightPower?: number;
  views: SharedView[];
}

let state: WorkerState | null = null;

async function modelOf(spec: WorkerModelSpec): Promise<AdaptedModel> {
  await selectBackend(spec.backend as BackendName);
  const backbone = await getBackbone(spec.backboneId);
  const method = getMethod(spec.method);
  return {
    backbone,
    method,
    methodConfig: spec.methodConfig,
    firstAdaptedBlock: spec.firstAdaptedBlock,
    target: backbone.adaptTarget(spec.firstAdaptedBlock),
    state: { trainable: {}, buffers: tensorsOf(spec.buffers) },
    decoder: {},
    decoderConfig: DEFAULT_DECODER_CONFIG,
    classes: [],
    inputSize: 0,
  };
}

function stepReply(current: WorkerState, params: ParamMap, indices: number[]): FromTrainingWorker {
  const views: CachedView[] = indices.map((i) => viewOf(current.views[i]));
  try {
    const { value, gradients } = shardGradients(current.model, params, views, { reduce: current.reduce, shardIndex: current.index, classWeightPower: current.classWeightPower });
    const data = tensorDataMap(gradients);
    tf.dispose(Object.values(gradients));
    return { type: 'gradients', gradients: data, value };
  } finally {
    for (const view of views) disposeBatch(view);
  }
}

function send(message: FromTrainingWorker): void {
  port.postMessage(message, message.type === 'gradients' ? transferList(message.gradients) : []);
}

port.on('message', (message: ToTrainingWorker) => {
  void (async () => {
    try {
      if (message.type === 'init') {
        const model = await modelOf(message.model);
        state = { model, reduce: allReduceParticipant(message.reduce, message.index), layout: message.reduce, index: message.index, classWeightPower: message.classWeightPower, views: [] };
        send({ type: 'ready' });
      } else if (message.type === 'views') {
        state!.views.push(...message.views);
      } else {
        const params = tensorsOf(message.params);
        try {
          send(stepReply(state!, params, message.views));
        } finally {
          tf.dispose(Object.values(params));
        }
      }
    } catch (error) {
      // The other workers may be waiting for this one at the barrier.
      if (state) abortAllReduce(state.layout);
      send({ type: 'error', message: error instanceof Error ? error.message : String(error) });
    }
  })();
});
