// For every method: adapt briefly on the nuclei fixtures, export, and run model.onnx in onnxruntime-node and
// the graph model in plain tfjs (tf.loadGraphModel over HTTP, no SegAdapt code) on committed fixture images;
// both must give the engine's own logits (1e-3 relative) and masks (>= 99.5% of pixels).

import * as tf from '@tensorflow/tfjs-core';
import { loadGraphModel } from '@tensorflow/tfjs-converter';
import { readFileSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { METHOD_NAMES, type AdaptJobSpec, type MethodName } from '../../contract/jobs';
import { selectBackend } from '../backend/selectBackend';
import { loadDataFolder } from '../data/dataFolder';
import { decodeImage } from '../data/decodeImage';
import type { RgbImage } from '../data/decodedImage';
import { runAdaptJob } from '../jobs/adaptJob';
import { createJobContext } from '../jobs/jobContext';
import { disposeModelTensors } from '../modelStore/adaptedModel';
import { loadModelFolder } from '../modelStore/modelFolder';
import { writeFolderAtomically } from '../output/replaceFolder';
import { loadOnnxSegmenter, segmentWithOnnx } from '../predict/onnxSegment';
import { modelInput, segmentImage } from '../predict/segmentImage';
import { engineLogits } from './engineLogits';
import { exportModelFolderFiles } from './exportModel';

const root = path.resolve(__dirname, '../..');
const nuclei = path.join(root, 'tests/fixtures/engine/nuclei');
const INPUT_SIZE = 128;

function fixtureImages(): { name: string; image: RgbImage }[] {
  const files = [
    ...readdirSync(path.join(nuclei, 'heldout/images')).map((name) => path.join(nuclei, 'heldout/images', name)),
    path.join(root, 'tests/fixtures/export/nuclei-crop-160x96.png'),
  ];
  return files.map((file) => ({ name: path.basename(file), image: decodeImage(new Uint8Array(readFileSync(file)), file) }));
}

function adaptSpec(method: MethodName): AdaptJobSpec {
  const train = loadDataFolder(path.join(nuclei, 'train'), { requireLabels: true });
  return {
    kind: 'adapt',
    modelName: `nuclei-${method}`,
    method,
    classes: train.classes.map((spec) => ({ ...spec })),
    samples: train.items.map((item) => ({ image: { name: item.imageFile, bytes: item.imageBytes }, mask: item.mask })),
    // Enough for every method to find some nuclei (head trains only the decoder, so it needs more steps).
    steps: method === 'head' ? 30 : 8,
    size: INPUT_SIZE,
    seed: 2,
  };
}

/** max |actual - expected| / max |expected|. */
function relativeError(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  let difference = 0;
  let scale = 0;
  for (let i = 0; i < expected.length; i++) {
    difference = Math.max(difference, Math.abs(actual[i] - expected[i]));
    scale = Math.max(scale, Math.abs(expected[i]));
  }
  return difference / scale;
}

function equalFraction(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let same = 0;
  for (let i = 0; i < a.length; i++) if (a[i] === b[i]) same++;
  return same / a.length;
}

/** Serves a folder over HTTP, as a web page would load a graph model. */
async function serveFolder(folder: string): Promise<{ url: string; close: () => void }> {
  const server = http.createServer((request, response) => {
    try {
      response.end(readFileSync(path.join(folder, path.basename(request.url ?? ''))));
    } catch {
      response.statusCode = 404;
      response.end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => server.close() };
}

interface Parity {
  onnxLogits: number;
  tfjsLogits: number;
  onnxMask: number;
  tfjsMask: number;
  appMask: number;
  foreground: number;
}

describe('exported models compute what the engine computes', () => {
  let work: string;
  const parity: Record<string, Parity> = {};
  const images = fixtureImages();

  beforeAll(async () => {
    await selectBackend('wasm');
    work = mkdtempSync(path.join(os.tmpdir(), 'segadapt-export-'));
  });
  afterAll(() => {
    rmSync(work, { recursive: true, force: true });
    console.log(`parity (worst over ${images.length} images): method, logits rel. error onnx / tfjs, network mask equal onnx / tfjs, app-pipeline mask equal onnx, foreground share`);
    for (const [method, p] of Object.entries(parity)) {
      console.log(`  ${method.padEnd(12)} ${p.onnxLogits.toExponential(2)} / ${p.tfjsLogits.toExponential(2)}   ${(100 * p.onnxMask).toFixed(3)}% / ${(100 * p.tfjsMask).toFixed(3)}%   ${(100 * p.appMask).toFixed(3)}%   ${(100 * p.foreground).toFixed(1)}%`);
    }
  });

  it.each(METHOD_NAMES)('%s: model.onnx (onnxruntime-node) and model.json (plain tf.loadGraphModel) give the engine\'s logits and masks', async (method) => {
    const context = createJobContext({ jobId: method, kind: 'adapt', modelsDir: work, backend: 'wasm', signal: new AbortController().signal, report: () => {} });
    const modelFolder = path.join(work, `model-${method}`);
    await runAdaptJob(adaptSpec(method), context, { outDir: modelFolder });

    const before = tf.memory().numTensors;
    const files = await exportModelFolderFiles(modelFolder, 'all');
    expect(tf.memory().numTensors).toBe(before);
    const exported = path.join(work, `export-${method}`);
    await writeFolderAtomically(exported, files);

    const { model } = await loadModelFolder(modelFolder);
    const session = await ort.InferenceSession.create(path.join(exported, 'model.onnx'));
    const segmenter = await loadOnnxSegmenter(path.join(exported, 'model.onnx'));
    const server = await serveFolder(exported);
    const graphModel = await loadGraphModel(`${server.url}/model.json`);
    server.close();
    const ids = model.classes.map((spec) => spec.id);
    const result: Parity = { onnxLogits: 0, tfjsLogits: 0, onnxMask: 1, tfjsMask: 1, appMask: 1, foreground: 0 };
    try {
      for (const { image } of images) {
        // The network on the input the app prepares (resized, padded): engine vs ONNX vs TensorFlow.js.
        const { input } = modelInput(image, model.inputSize, model.backbone.sizeMultiple, { scale: 1, offset: 0 });
        const expected = engineLogits(model, input);
        const expectedMask = tf.tidy(() => tf.gather(tf.tensor1d(ids, 'int32'), tf.argMax(expected, 3)));
        const onnx = await session.run({ image: new ort.Tensor('float32', input.dataSync() as Float32Array, [...input.shape]) });
        const [tfjsLogits, tfjsMask] = graphModel.execute({ image: input }, ['logits', 'mask']) as tf.Tensor[];
        expect(onnx.logits.dims).toEqual(expected.shape);
        expect(tfjsLogits.shape).toEqual(expected.shape);
        const reference = expected.dataSync();
        const referenceMask = expectedMask.dataSync();
        result.onnxLogits = Math.max(result.onnxLogits, relativeError(onnx.logits.data as Float32Array, reference));
        result.tfjsLogits = Math.max(result.tfjsLogits, relativeError(tfjsLogits.dataSync(), reference));
        result.onnxMask = Math.min(result.onnxMask, equalFraction(onnx.mask.data as Int32Array, referenceMask));
        result.tfjsMask = Math.min(result.tfjsMask, equalFraction(tfjsMask.dataSync(), referenceMask));
        tf.dispose([input, expected, expectedMask, tfjsLogits, tfjsMask]);

        // The whole pipeline at the image's resolution: the app's prediction vs `segadapt predict --model model.onnx`.
        const app = await segmentImage(model, image);
        const fromOnnx = await segmentWithOnnx(segmenter, image);
        result.appMask = Math.min(result.appMask, equalFraction(fromOnnx.classIndex, app.classIndex));
        result.foreground = Math.max(result.foreground, app.classIndex.reduce((count, index) => count + (index > 0 ? 1 : 0), 0) / app.classIndex.length);
      }
    } finally {
      graphModel.dispose();
      await session.release();
      await segmenter.session.release();
      disposeModelTensors(model);
    }
    parity[method] = result;
    expect(result.onnxLogits).toBeLessThan(1e-3);
    expect(result.tfjsLogits).toBeLessThan(1e-3);
    expect(result.onnxMask).toBeGreaterThanOrEqual(0.995);
    expect(result.tfjsMask).toBeGreaterThanOrEqual(0.995);
    expect(result.appMask).toBeGreaterThanOrEqual(0.995);
    // A model that labels everything background would make mask parity trivial.
    expect(result.foreground).toBeGreaterThan(0.01);
  }, 90_000);

  it('re-applies an exported adapter to the same base and refuses it on other weights or another base', async () => {
    const context = createJobContext({ jobId: 'adapter', kind: 'adapt', modelsDir: work, backend: 'wasm', signal: new AbortController().signal, report: () => {} });
    const modelFolder = path.join(work, 'model-adapter');
    await runAdaptJob({ ...adaptSpec('lora'), steps: 1 }, context, { outDir: modelFolder });
    const adapter = path.join(work, 'adapter');
    const files = await exportModelFolderFiles(modelFolder, 'adapter');
    expect(files.map((file) => file.name)).toEqual(['README.txt', 'adapted.json', 'adapter.bin', 'decoder.bin', 'segadapt.json']);
    await writeFolderAtomically(adapter, files);
    const metadata = JSON.parse(readFileSync(path.join(adapter, 'segadapt.json'), 'utf8'));
    expect(metadata.baseModelChecksum).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(metadata.classes.every((spec: { color?: string }) => /^#[0-9a-f]{6}$/.test(spec.color ?? ''))).toBe(true);

    const { model } = await loadModelFolder(adapter);
    const again = await segmentImage(model, images[0].image);
    const { model: original } = await loadModelFolder(modelFolder);
    expect(equalFraction(again.classIndex, (await segmentImage(original, images[0].image)).classIndex)).toBe(1);
    disposeModelTensors(model);
    disposeModelTensors(original);

    const before = tf.memory().numTensors;
    writeFileSync(path.join(adapter, 'segadapt.json'), JSON.stringify({ ...metadata, baseModelChecksum: `sha256:${'0'.repeat(64)}` }));
    await expect(loadModelFolder(adapter)).rejects.toThrow(/segadapt\.json: this adapter was trained on other weights of centernet-mobilenetv3 .*refusing/);
    const engineFile = path.join(adapter, 'adapted.json');
    writeFileSync(engineFile, JSON.stringify({ ...JSON.parse(readFileSync(engineFile, 'utf8')), backbone: 'resnet-9000' }));
    writeFileSync(path.join(adapter, 'segadapt.json'), JSON.stringify({ ...metadata, baseModel: 'resnet-9000' }));
    await expect(loadModelFolder(adapter)).rejects.toThrow(/base model resnet-9000 is not available here/);
    expect(tf.memory().numTensors).toBe(before);
  }, 60_000);
});
