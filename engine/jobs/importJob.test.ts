import * as tf from '@tensorflow/tfjs-core';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportJobSpec, JobKind } from '../../contract/jobs';
import { selectBackend } from '../backend/selectBackend';
import { loadDataFolder } from '../data/dataFolder';
import { loadModelFolder } from '../modelStore/modelFolder';
import { disposeModelTensors } from '../modelStore/adaptedModel';
import { runAdaptJob } from './adaptJob';
import { runExportJob } from './exportJob';
import { runImportJob } from './importJob';
import { createJobContext } from './jobContext';

const fixtures = path.resolve(__dirname, '../../tests/fixtures/engine/nuclei');
const KEPT = ['adapted.json', 'adapter.bin', 'decoder.bin', 'segadapt.json'];

describe('import job', () => {
  let modelsDir: string;
  let exported: ImportJobSpec['files'];
  const contextFor = (kind: JobKind) => createJobContext({ jobId: 'j', kind, modelsDir, backend: 'wasm', signal: new AbortController().signal, report: () => {} });
  const spec = (files = exported): ImportJobSpec => ({ kind: 'import', source: 'Version-1-adapter.zip', files });
  const replaced = (name: string, edit: (data: Uint8Array) => Uint8Array) => exported.map((file) => (file.name === name ? { name, data: edit(file.data) } : file));

  beforeAll(async () => {
    await selectBackend('wasm');
    modelsDir = mkdtempSync(path.join(os.tmpdir(), 'segadapt-import-job-'));
    const train = loadDataFolder(path.join(fixtures, 'train'), { requireLabels: true });
    const samples = train.items.map((item) => ({ image: { name: item.imageFile, bytes: item.imageBytes }, mask: item.mask }));
    const { modelId } = await runAdaptJob({ kind: 'adapt', modelName: 'nuclei', method: 'head', classes: train.classes, samples, steps: 1, size: 64, seed: 1 }, contextFor('adapt'));
    const result = await runExportJob({ kind: 'export', modelId, format: 'adapter' }, contextFor('export'));
    exported = result.files.filter((file) => KEPT.includes(file.name));
    rmSync(path.join(modelsDir, modelId), { recursive: true, force: true });
  });
  afterAll(() => rmSync(modelsDir, { recursive: true, force: true }));

  it('stores an exported adapter under a fresh id that loads on the base model, and keeps no tensor', async () => {
    const before = tf.memory().numTensors;
    const result = await runImportJob(spec(), contextFor('import'));
    expect(tf.memory().numTensors).toBe(before);
    expect(result).toMatchObject({ kind: 'import', name: 'nuclei', method: 'head' });
    expect(result.classes.map((c) => c.id)).toEqual([0, 1]);
    const folder = path.join(modelsDir, result.modelId);
    expect(readdirSync(folder).sort()).toEqual(KEPT);
    expect(JSON.parse(readFileSync(path.join(folder, 'segadapt.json'), 'utf8'))).toMatchObject({ id: result.modelId, name: 'nuclei' });
    const loaded = await loadModelFolder(folder);
    disposeModelTensors(loaded.model);
    const again = await runImportJob(spec(), contextFor('import'));
    expect(again.modelId).not.toBe(result.modelId);
  });

  it('refuses an adapter trained on other base weights, naming the file, and stores nothing', async () => {
    const folders = readdirSync(modelsDir).length;
    const tampered = replaced('segadapt.json', (data) => {
      const metadata = JSON.parse(new TextDecoder().decode(data));
      return new TextEncoder().encode(JSON.stringify({ ...metadata, baseModelChecksum: `sha256:${'0'.repeat(64)}` }));
    });
    await expect(runImportJob(spec(tampered), contextFor('import'))).rejects.toThrow(/^Version-1-adapter\.zip: segadapt\.json: this adapter was trained on other weights/);
    expect(readdirSync(modelsDir).length).toBe(folders);
  });

  it('refuses a damaged adapter.bin with the file named, leaking nothing', async () => {
    const before = tf.memory().numTensors;
    const staging = () => readdirSync(os.tmpdir()).filter((name) => name.startsWith('segadapt-import-')).length;
    const stagingBefore = staging();
    const damaged = replaced('adapter.bin', (data) => data.slice(0, Math.floor(data.length / 2)));
    await expect(runImportJob(spec(damaged), contextFor('import'))).rejects.toThrow(/^Version-1-adapter\.zip: adapter\.bin: /);
    expect(tf.memory().numTensors).toBe(before);
    expect(staging()).toBe(stagingBefore);
  });
});
