// A short real adapt job on webgpu lands where the same job on wasm does (held-out mIoU within 0.01).
// SwiftShader runs the backbone about 20x slower than wasm, so the job is the smallest meaningful one:
// the `head` method (the backbone's features are computed once per view; only the decoder trains), one
// labeled image, 64 px, 20 steps: it still lifts held-out mIoU well above the unadapted model's.

import * as tf from '@tensorflow/tfjs-core';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { heldOutMiou, oneImageNucleiAdaptSpec } from '../jobs/nucleiFixtures.testSupport';
import { afterAll, describe, expect, it } from 'vitest';
import { releaseBackbone } from '../backbone/registry';
import { createJobContext } from '../jobs/jobContext';
import { runAdaptJob } from '../jobs/adaptJob';
import { runExportJob } from '../jobs/exportJob';
import { modelFromFolder, releaseLoadedModel } from '../jobs/predictJob';
import { createModel } from '../modelStore/createModel';
import { disposeModelTensors } from '../modelStore/adaptedModel';
import { selectBackend, type BackendName } from './selectBackend';
import { webgpuAdapterForTests } from './swiftShaderIcd.testSupport';
import { onSyncReadableBackend } from './syncReadingJobs';

const adapter = await webgpuAdapterForTests();

describe.skipIf(adapter === null)('adapt job on webgpu', () => {
  const modelsDir = mkdtempSync(path.join(os.tmpdir(), 'segadapt-webgpu-'));
  afterAll(async () => {
    releaseLoadedModel();
    await releaseBackbone();
    rmSync(modelsDir, { recursive: true, force: true });
  });

  let webgpuModelId = '';

  async function adaptedMiou(backend: BackendName): Promise<{ miou: number; backend: string; modelId: string }> {
    // The backbone and the loaded model hold tensors of the previous backend.
    releaseLoadedModel();
    await releaseBackbone();
    await selectBackend(backend);
    const context = createJobContext({ jobId: backend, kind: 'adapt', modelsDir, backend, signal: new AbortController().signal, report: () => {} });
    const result = await runAdaptJob(oneImageNucleiAdaptSpec(), context);
    const model = await modelFromFolder(path.join(modelsDir, result.modelId));
    return { miou: await heldOutMiou(model), backend: result.backend, modelId: result.modelId };
  }

  it('lands within 0.01 held-out mIoU of the same job on wasm, well above the unadapted model', async () => {
    const wasm = await adaptedMiou('wasm');
    const spec = oneImageNucleiAdaptSpec();
    const unadapted = await createModel({ method: spec.method, classes: spec.classes, seed: spec.seed ?? 1, inputSize: spec.size });
    const before = await heldOutMiou(unadapted);
    disposeModelTensors(unadapted);
    const webgpu = await adaptedMiou('webgpu');
    webgpuModelId = webgpu.modelId;
    console.log(`held-out mIoU: unadapted ${before.toFixed(4)}, wasm ${wasm.miou.toFixed(4)}, webgpu ${webgpu.miou.toFixed(4)} (${tf.getBackend()})`);
    expect(webgpu.backend).toBe('webgpu');
    expect(wasm.miou - before).toBeGreaterThan(0.1);
    expect(Math.abs(webgpu.miou - wasm.miou)).toBeLessThan(0.01);
  }, 240_000);

  it('exports the webgpu-adapted model (on wasm, since exports read synchronously) and stays on webgpu', async () => {
    expect(webgpuModelId).not.toBe('');
    const context = createJobContext({ jobId: 'export', kind: 'export', modelsDir, backend: 'webgpu', signal: new AbortController().signal, report: () => {} });
    const result = await onSyncReadableBackend('export', () => runExportJob({ kind: 'export', modelId: webgpuModelId, format: 'all' }, context));
    expect(result.files.map((file) => file.name)).toEqual(expect.arrayContaining(['model.onnx', 'model.json', 'adapter.bin']));
    expect(tf.getBackend()).toBe('webgpu');
  }, 60_000);
});
