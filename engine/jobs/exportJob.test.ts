import * as tf from '@tensorflow/tfjs-core';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobProgress } from '../../contract/jobs';
import { selectBackend } from '../backend/selectBackend';
import { loadDataFolder } from '../data/dataFolder';
import { runAdaptJob } from './adaptJob';
import { runExportJob } from './exportJob';
import { createJobContext, JobCancelledError } from './jobContext';

const fixtures = path.resolve(__dirname, '../../tests/fixtures/engine/nuclei');

describe('export job', () => {
  let modelsDir: string;
  let modelId: string;
  const contextFor = (signal: AbortSignal, reports: JobProgress[] = []) => createJobContext({ jobId: 'j', kind: 'export', modelsDir, backend: 'wasm', signal, report: (progress) => reports.push(progress) });

  beforeAll(async () => {
    await selectBackend('wasm');
    modelsDir = mkdtempSync(path.join(os.tmpdir(), 'segadapt-export-job-'));
    const train = loadDataFolder(path.join(fixtures, 'train'), { requireLabels: true });
    const samples = train.items.map((item) => ({ image: { name: item.imageFile, bytes: item.imageBytes }, mask: item.mask }));
    ({ modelId } = await runAdaptJob({ kind: 'adapt', modelName: 'm', method: 'head', classes: train.classes, samples, steps: 1, size: 64, seed: 1 }, contextFor(new AbortController().signal)));
  });
  afterAll(() => rmSync(modelsDir, { recursive: true, force: true }));

  it('gives every file of the export folder with progress per format, and keeps no tensor', async () => {
    const before = tf.memory().numTensors;
    const reports: JobProgress[] = [];
    const result = await runExportJob({ kind: 'export', modelId, format: 'all' }, contextFor(new AbortController().signal, reports));
    expect(result.files.map((file) => file.name)).toEqual(expect.arrayContaining(['model.onnx', 'model.json', 'adapter.bin', 'decoder.bin', 'adapted.json', 'segadapt.json', 'README.txt']));
    expect(reports.map((report) => report.phase)).toEqual(['loading model', 'exported graph', 'exported tfjs', 'exported adapter', 'exported onnx', 'exported']);
    expect(reports.at(-1)).toMatchObject({ step: 5, total: 5 });
    expect(tf.memory().numTensors).toBe(before);
  });

  it('stops when cancelled, leaking nothing', async () => {
    const before = tf.memory().numTensors;
    const controller = new AbortController();
    const reports: JobProgress[] = [];
    const context = contextFor(controller.signal, reports);
    const cancelling = { ...context, progress: (update: Parameters<typeof context.progress>[0]) => (update.phase === 'exported graph' ? controller.abort() : context.progress(update)) };
    await expect(runExportJob({ kind: 'export', modelId, format: 'onnx' }, cancelling)).rejects.toBeInstanceOf(JobCancelledError);
    expect(tf.memory().numTensors).toBe(before);
  });
});
