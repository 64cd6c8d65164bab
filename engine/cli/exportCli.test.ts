// `segadapt export` and `segadapt predict --model model.onnx`, spawned as a user runs them.

import * as tf from '@tensorflow/tfjs-core';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSegadapt } from './segadaptProcess.testSupport';
import { selectBackend } from '../backend/selectBackend';
import { decodeImage } from '../data/decodeImage';
import { engineLogits } from '../export/engineLogits';
import { disposeModelTensors } from '../modelStore/adaptedModel';
import { loadModelFolder } from '../modelStore/modelFolder';
import { modelInput } from '../predict/segmentImage';

const root = path.resolve(__dirname, '../..');
const fixtures = path.join(root, 'tests/fixtures/engine/nuclei');

describe('segadapt export and predict --model model.onnx', () => {
  let work: string;
  let model: string;
  beforeAll(async () => {
    work = mkdtempSync(path.join(os.tmpdir(), 'segadapt-export-cli-'));
    model = path.join(work, 'model');
    const adapt = await runSegadapt('adapt', '--data', path.join(fixtures, 'train'), '--out', model, '--steps', '6', '--size', '128', '--seed', '1', '--method', 'conv-adapter');
    expect(adapt.code, adapt.stderr).toBe(0);
  }, 120_000);
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('writes every format into one folder, and predict runs its model.onnx like the model folder', async () => {
    const out = path.join(work, 'exported');
    const exported = await runSegadapt('export', '--model', model, '--format', 'all', '--out', out);
    expect(exported.code, exported.stderr).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['README.txt', 'adapted.json', 'adapter.bin', 'decoder.bin', 'group1-shard1of2.bin', 'group1-shard2of2.bin', 'model.json', 'model.onnx', 'segadapt.json']);
    const metadata = JSON.parse(readFileSync(path.join(out, 'segadapt.json'), 'utf8'));
    expect(metadata).toMatchObject({ method: 'conv-adapter', baseModel: 'centernet-mobilenetv3', inputSize: 128, normalisation: { scale: 1, offset: 0 } });
    expect(metadata.export).toMatchObject({ formats: ['onnx', 'tfjs', 'adapter'], onnxOpset: 17, input: { name: 'image', layout: 'NHWC', sizeMultiple: 32 } });
    expect(metadata.trainableParams).toBeGreaterThan(0);
    const readme = readFileSync(path.join(out, 'README.txt'), 'utf8');
    expect(readme).toContain("ort.InferenceSession.create('model.onnx')");

    const images = path.join(fixtures, 'heldout/images');
    const fromOnnx = await runSegadapt('predict', '--model', path.join(out, 'model.onnx'), '--images', images, '--out', path.join(work, 'onnx-masks'));
    expect(fromOnnx.code, fromOnnx.stderr).toBe(0);
    expect(fromOnnx.stderr).toMatch(/onnxruntime-node/);
    const fromFolder = await runSegadapt('predict', '--model', out, '--images', images, '--out', path.join(work, 'folder-masks'));
    expect(fromFolder.code, fromFolder.stderr).toBe(0);
    for (const name of readdirSync(path.join(work, 'folder-masks')).filter((file) => file.endsWith('.png'))) {
      const a = PNG.sync.read(readFileSync(path.join(work, 'onnx-masks', name))).data;
      const b = PNG.sync.read(readFileSync(path.join(work, 'folder-masks', name))).data;
      let same = 0;
      for (let i = 0; i < a.length; i += 4) same += a[i] === b[i] ? 1 : 0;
      expect(same / (a.length / 4)).toBeGreaterThanOrEqual(0.995);
    }

    // model.json in a process of its own that loads only the public tfjs packages (cpu backend).
    await selectBackend('wasm');
    const { model: adapted } = await loadModelFolder(model);
    const crop = path.join(root, 'tests/fixtures/export/nuclei-crop-160x96.png');
    const { input } = modelInput(decodeImage(new Uint8Array(readFileSync(crop)), crop), adapted.inputSize, 32, { scale: 1, offset: 0 });
    const inputFile = path.join(work, 'input.bin');
    writeFileSync(inputFile, new Uint8Array(input.dataSync().buffer));
    const plain = spawnSync(process.execPath, [path.join(root, 'tests/support/plainGraphModel.mjs'), path.join(out, 'model.json'), inputFile, String(input.shape[1]), String(input.shape[2])], { encoding: 'utf8', cwd: root });
    expect(plain.status, plain.stderr).toBe(0);
    expect(JSON.parse(plain.stdout.trim().split('\n').pop()!)).toEqual({ backend: 'cpu', logits: [1, 96, 128, 2], mask: [1, 96, 128], maskDtype: 'int32' });
    const expected = engineLogits(adapted, input);
    const reference = expected.dataSync();
    const logits = new Float32Array(new Uint8Array(readFileSync(`${inputFile}.logits`)).buffer);
    let difference = 0;
    let scale = 0;
    for (let i = 0; i < reference.length; i++) {
      difference = Math.max(difference, Math.abs(logits[i] - reference[i]));
      scale = Math.max(scale, Math.abs(reference[i]));
    }
    expect(difference / scale).toBeLessThan(1e-3);
    tf.dispose([input, expected]);
    disposeModelTensors(adapted);

    const again = await runSegadapt('export', '--model', model, '--format', 'onnx', '--out', out);
    expect(again.code).toBe(2);
    expect(again.lastError).toMatch(/already holds a SegAdapt model; add --force/);
    const forced = await runSegadapt('export', '--model', model, '--format', 'onnx', '--out', out, '--force');
    expect(forced.code, forced.stderr).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['README.txt', 'model.onnx', 'segadapt.json']);
  }, 120_000);

  it('refuses a bad format, a missing or foreign .onnx file, and a damaged model, leaving nothing behind', async () => {
    const bad = await runSegadapt('export', '--model', model, '--format', 'pt', '--out', path.join(work, 'never'));
    expect(bad.code).toBe(2);
    expect(bad.lastError).toMatch(/--format must be onnx, tfjs, adapter or all, not "pt"/);

    const images = path.join(fixtures, 'heldout/images');
    const missing = await runSegadapt('predict', '--model', path.join(work, 'nothing.onnx'), '--images', images, '--out', path.join(work, 'never'));
    expect(missing.code).toBe(2);
    expect(missing.lastError).toMatch(/nothing\.onnx: file not found/);
    writeFileSync(path.join(work, 'foreign.onnx'), new Uint8Array([0x08, 0x07, 0x12, 0x03, 0x61, 0x62, 0x63]));
    const foreign = await runSegadapt('predict', '--model', path.join(work, 'foreign.onnx'), '--images', images, '--out', path.join(work, 'never'));
    expect(foreign.code).toBe(2);
    expect(foreign.lastError).toMatch(/foreign\.onnx: not exported by SegAdapt/);

    const damaged = path.join(work, 'damaged');
    cpSync(model, damaged, { recursive: true });
    writeFileSync(path.join(damaged, 'decoder.bin'), readFileSync(path.join(damaged, 'decoder.bin')).subarray(0, 100));
    const broken = await runSegadapt('export', '--model', damaged, '--format', 'all', '--out', path.join(work, 'never'));
    expect(broken.code).toBe(2);
    expect(broken.lastError).toMatch(/damaged\/decoder\.bin: /);
    expect(existsSync(path.join(work, 'never'))).toBe(false);
    expect(readdirSync(work).filter((name) => name.startsWith('.'))).toEqual([]);
  }, 120_000);
});
