import { describe, expect, it } from 'vitest';
import type { JobPartialResult } from '../../contract/jobs';
import { fakeApi } from '../adapt/fakeEngineApi.testSupport';
import { EngineStore } from './engineStore';

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));
const files = { kind: 'export' as const, format: 'onnx' as const, files: [{ name: 'model.onnx', data: new Uint8Array(1000) }] };

describe('engine store', () => {
  it('hands a job result to its waiter once, then keeps only the outcome', async () => {
    const engine = fakeApi();
    const store = new EngineStore(engine.api);
    await settle();
    const jobId = await store.startJob({ kind: 'export', modelId: 'm', format: 'onnx' }, 'Export');
    const waiting = store.waitForJob(jobId);
    engine.emit({ type: 'jobFinished', jobId, outcome: 'done', result: files });
    expect((await waiting).result).toEqual(files);
    expect(store.getSnapshot().jobs[0]).toMatchObject({ jobId, outcome: 'done', result: null });
  });

  it('a job that ended before anyone waited still gives its result to the first waiter', async () => {
    const engine = fakeApi();
    const store = new EngineStore(engine.api);
    await settle();
    const jobId = await store.startJob({ kind: 'export', modelId: 'm', format: 'onnx' }, 'Export');
    engine.emit({ type: 'jobFinished', jobId, outcome: 'done', result: files });
    expect((await store.waitForJob(jobId)).result).toEqual(files);
    expect(store.getSnapshot().jobs[0].result).toBeNull();
  });

  it("passes a job's partial results to its listeners only, until they stop listening", async () => {
    const engine = fakeApi();
    const store = new EngineStore(engine.api);
    const seen: JobPartialResult[] = [];
    const stop = store.onPartialResult('job-1', (partial) => seen.push(partial));
    const partial: JobPartialResult = { kind: 'predict', index: 0, prediction: { name: 'a.png', mask: { width: 1, height: 1, data: new Uint8Array(1) }, confidence: 1, instances: [] } };
    engine.emit({ type: 'jobPartialResult', jobId: 'job-2', partial });
    engine.emit({ type: 'jobPartialResult', jobId: 'job-1', partial });
    stop();
    engine.emit({ type: 'jobPartialResult', jobId: 'job-1', partial });
    expect(seen).toEqual([partial]);
  });
});
