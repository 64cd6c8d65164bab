// Data-parallel training steps: the batch is split into shards, the first computed in this thread and the
// others in worker threads, which hold the cached views in shared memory (one copy for all). The shards'
// gradients are added in shard order, so a step gives the gradients of the whole batch
// (engine/training/shardedLoss), deterministically. The caller keeps the optimiser. close() ends every
// worker; it is safe to call twice.

import * as tf from '@tensorflow/tfjs-core';
import type { Worker } from 'node:worker_threads';
import type { ParamMap } from '../model/params';
import type { AdaptedModel } from '../modelStore/adaptedModel';
import type { CachedView } from '../training/cachedViews';
import type { AllReduce } from '../training/shardedLoss';
import { abortAllReduce, allReduceParticipant, createAllReduceLayout, type AllReduceLayout } from './allReduce';
import { shardGradients } from './shardGradients';
import { shareView, tensorDataMap } from './sharedTensors';
import type { FromTrainingWorker, ToTrainingWorker } from './trainingMessages';
import { startTrainingWorker } from './startWorker';

interface Pending {
  resolve: (message: FromTrainingWorker) => void;
  reject: (error: Error) => void;
}

class WorkerChannel {
  private pending: Pending | null = null;
  private failure: Error | null = null;

  constructor(readonly worker: Worker, onFailure: () => void) {
    worker.on('message', (message: FromTrainingWorker) => {
      const pending = this.pending;
      this.pending = null;
      if (message.type === 'error') pending?.reject(new Error(`training worker: ${message.message}`));
      else pending?.resolve(message);
    });
    const fail = (error: Error) => {
      this.failure ??= error;
      onFailure();
      this.pending?.reject(error);
      this.pending = null;
    };
    worker.on('error', (error) => fail(error instanceof Error ? error : new Error(String(error))));
    worker.on('exit', (code) => fail(new Error(`training worker exited (code ${code})`)));
  }

  post(message: ToTrainingWorker, transfer: ArrayBuffer[] = []): void {
    this.worker.postMessage(message, transfer);
  }

  /** Posts `message` and waits for the worker's reply. */
  request(message: ToTrainingWorker, transfer: ArrayBuffer[] = []): Promise<FromTrainingWorker> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      this.pending = { resolve, reject };
      this.post(message, transfer);
    });
  }
}

/** Sizes of `batch` views' shards over `workers`, as even as possible, larger ones first. */
export function shardSizes(batch: number, workers: number): number[] {
  return Array.from({ length: workers }, (_, w) => Math.floor(batch / workers) + (w < batch % workers ? 1 : 0));
}

export class TrainingPool {
  private readonly viewIndex = new Map<CachedView, number>();
  private closed = false;

  private readonly reduce: AllReduce;

  private constructor(
    private readonly model: AdaptedModel,
    private readonly classWeightPower: number | undefined,
    private readonly channels: WorkerChannel[],
    private readonly layout: AllReduceLayout,
    /** Resolves when every worker has its backend and backbone. */
    readonly ready: Promise<void>,
  ) {
    this.reduce = allReduceParticipant(layout, 0);
  }

  /** Threads that compute shards: this one and the workers. */
  get shards(): number {
    return this.channels.length + 1;
  }

  /**
   * Starts `shards - 1` worker threads that can run `model`'s training steps beside this one; `ready`
   * resolves once all have loaded the backbone (meanwhile the caller caches views), and close() ends them
   * also before that.
   */
  static launch(model: AdaptedModel, shards: number, options: { classWeightPower?: number } = {}): TrainingPool {
    if (shards < 2) throw new Error('a training pool needs at least two shards (one thread trains without it)');
    const layout = createAllReduceLayout(shards, 3 * model.classes.length + 3);
    const channels = Array.from({ length: shards - 1 }, () => new WorkerChannel(startTrainingWorker(), () => abortAllReduce(layout)));
    const buffers = tensorDataMap(model.state.buffers);
    const spec = { backend: tf.getBackend(), backboneId: model.backbone.id, method: model.method.name, methodConfig: model.methodConfig, firstAdaptedBlock: model.firstAdaptedBlock, buffers };
    const ready = Promise.all(channels.map((channel, index) => channel.request({ type: 'init', model: spec, classWeightPower: options.classWeightPower, reduce: layout, index: index + 1 }))).then(() => undefined);
    // A failure is reported where `ready` is awaited; until then it must not count as unhandled.
    ready.catch(() => {});
    return new TrainingPool(model, options.classWeightPower, channels, layout, ready);
  }

  /** Makes `views` available to the workers (appended after those shared before). */
  shareViews(views: CachedView[]): void {
    const shared = views.map((view) => {
      this.viewIndex.set(view, this.viewIndex.size);
      return shareView(view);
    });
    for (const channel of this.channels) channel.post({ type: 'views', views: shared });
  }

  /** The loss and the gradients of the batch `views` (shared before) at `trainable`. */
  async gradients(trainable: ParamMap, views: CachedView[]): Promise<{ loss: number; gradients: ParamMap }> {
    const indices = views.map((view) => {
      const index = this.viewIndex.get(view);
      if (index === undefined) throw new Error('a batch view was not shared with the training workers');
      return index;
    });
    const sizes = shardSizes(indices.length, this.shards);
    if (sizes.some((size) => size === 0)) throw new Error(`a batch of ${indices.length} views cannot feed ${this.shards} shards`);
    const params = tensorDataMap(trainable);
    let start = sizes[0];
    const replies = this.channels.map((channel, w) => {
      const shard = indices.slice(start, (start += sizes[w + 1]));
      return channel.request({ type: 'step', params, views: shard });
    });
    // A failed worker rejects its reply; the others' replies must not count as unhandled meanwhile.
    for (const reply of replies) reply.catch(() => {});
    let own: ReturnType<typeof shardGradients>;
    try {
      own = shardGradients(this.model, trainable, views.slice(0, sizes[0]), { reduce: this.reduce, shardIndex: 0, classWeightPower: this.classWeightPower });
    } catch (error) {
      // The workers may be waiting for this thread at the barrier.
      abortAllReduce(this.layout);
      throw error;
    }
    const sums = tensorDataMap(own.gradients);
    tf.dispose(Object.values(own.gradients));
    let loss = own.value;
    for (const reply of await Promise.all(replies)) {
      if (reply.type !== 'gradients') throw new Error(`training worker replied ${reply.type} to a step`);
      loss += reply.value;
      for (const [key, { data }] of Object.entries(reply.gradients)) {
        const sum = sums[key].data;
        for (let i = 0; i < data.length; i++) sum[i] += data[i];
      }
    }
    const gradients: ParamMap = Object.fromEntries(Object.entries(sums).map(([key, { shape, data }]) => [key, tf.tensor(data, shape, 'float32')]));
    return { loss, gradients };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    abortAllReduce(this.layout);
    await Promise.all(this.channels.map((channel) => channel.worker.terminate()));
  }
}

