// Model export from the app in real Chromium through the web host (wasm engine): an image is labeled and
// adapted with Quick (head), its version is exported as ONNX from the version row, and the downloaded zip's
// model.onnx, run in onnxruntime-node on the same image, gives the engine's own prediction of it (the
// predict job the app's pre-label runs). A Cancel writes no file; a version whose weights the host lost
// says so in one line.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { unzipSync } from 'fflate';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { ApiEvent } from '../../contract/api';
import type { ImagePrediction, JobSpec } from '../../contract/jobs';
import { decodeFrame, encodeFrame, type WireMessage } from '../../contract/wireCodec';
import { decodeImage } from '../../engine/data/decodeImage';
import { loadOnnxSegmenter, predictWithOnnx } from '../../engine/predict/onnxSegment';
import { createProject } from './support/appActions';
import { labelAndQuickAdapt, openImageByName } from './support/canvasActions';
import { APP_ROOT, launchWebApp } from './support/launchWebApp';
import type { WebApp } from './support/launchWebApp';
import { storedRows } from './support/storedRows';

const IMAGE_NAME = 'nuclei-06350c7cc618be44.png';
const IMAGE = path.join(APP_ROOT, 'tests', 'fixtures', 'images', IMAGE_NAME);

/** The engine's prediction through the host's own socket, as the app's pre-label asks for it. */
async function enginePrediction(app: WebApp, modelId: string, bytes: Uint8Array): Promise<ImagePrediction> {
  const socket = new WebSocket(`${app.origin.replace('http', 'ws')}/api?token=${encodeURIComponent(app.token)}`, { handshakeTimeout: 10_000 });
  await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
  try {
    const spec: JobSpec = { kind: 'predict', modelId, images: [{ name: IMAGE_NAME, bytes }] };
    const finished = new Promise<ApiEvent & { type: 'jobFinished' }>((resolve, reject) => {
      let jobId: string | null = null;
      const early: (ApiEvent & { type: 'jobFinished' })[] = [];
      socket.on('message', (data: Buffer) => {
        const message = decodeFrame(new Uint8Array(data)) as WireMessage;
        if ('event' in message) {
          const event = message.event as ApiEvent;
          if (event.type !== 'jobFinished') return;
          if (event.jobId === jobId) resolve(event);
          else early.push(event);
        } else if (message.id === 1) {
          if (!message.ok) return reject(new Error(`startJob refused: ${message.error.message}`));
          jobId = (message.result as { jobId: string }).jobId;
          const done = early.find((event) => event.jobId === jobId);
          if (done) resolve(done);
        }
      });
    });
    socket.send(encodeFrame({ id: 1, call: 'startJob', args: [spec] }));
    const event = await finished;
    if (event.outcome !== 'done' || event.result?.kind !== 'predict') throw new Error(`the predict job ${event.outcome}: ${event.error}`);
    return event.result.predictions[0];
  } finally {
    socket.close();
  }
}

const exportMessage = (page: Page) => page.getByTestId('model-export-message').textContent({ timeout: 1_000 }).catch(() => null);

async function chooseExport(page: Page, versionName: string, format: string): Promise<void> {
  await page.getByRole('button', { name: `Export ${versionName}` }).click();
  await page.getByLabel('Model export format').selectOption(format);
}

describe('model export from the app', () => {
  let app: WebApp;
  let modelId: string;

  beforeAll(async () => {
    await tf.setBackend('cpu');
    app = await launchWebApp({ backend: 'wasm' });
  });

  afterAll(async () => {
    await app?.close();
  });

  it("exports a Quick version as ONNX: the downloaded zip's model.onnx gives the engine's mask of the labeled image", async () => {
    const { page } = app;
    await createProject(page, 'Cells', ['nucleus']);
    await page.getByTestId('import-files').setInputFiles([IMAGE]);
    await expect.poll(() => page.getByTestId('image-row').count(), { timeout: 30_000 }).toBe(1);
    await openImageByName(page, IMAGE_NAME);
    await expect.poll(() => page.getByTestId('engine-state').textContent(), { timeout: 60_000 }).toMatch(/^ready/);
    await labelAndQuickAdapt(page);
    [{ id: modelId }] = await storedRows<{ id: string }>(page, 'modelVersions');

    await chooseExport(page, 'Version 1', 'onnx');
    const clicked = Date.now();
    const downloaded = page.waitForEvent('download', { timeout: 120_000 });
    await page.getByRole('button', { name: 'Export model' }).click();
    // The outcome line first: a failed export says why here rather than as a missing download.
    await expect.poll(() => exportMessage(page), { timeout: 120_000, interval: 250 }).toMatch(/^Exported Version 1 as ONNX/);
    const download = await downloaded;
    const seconds = (Date.now() - clicked) / 1000;
    expect(download.suggestedFilename()).toBe('Version-1-onnx.zip');
    const zip = new Uint8Array(readFileSync((await download.path())!));
    await expect.poll(() => exportMessage(page)).toMatch(/^Exported Version 1 as ONNX: Version-1-onnx\.zip \(3 files, [\d.]+ MB, [\d.]+ s\)$/);
    if (process.env.MODEL_EXPORT_SCREENSHOT) await page.screenshot({ path: process.env.MODEL_EXPORT_SCREENSHOT });
    const files = unzipSync(zip);
    expect(Object.keys(files).sort()).toEqual(['Version-1-onnx/README.txt', 'Version-1-onnx/model.onnx', 'Version-1-onnx/segadapt.json']);
    const description = JSON.parse(new TextDecoder().decode(files['Version-1-onnx/segadapt.json'])) as { id: string; method: string; export: { formats: string[] } };
    expect(description).toMatchObject({ id: modelId, method: 'head', export: { formats: ['onnx'] } });

    const folder = mkdtempSync(path.join(os.tmpdir(), 'segadapt-model-export-'));
    try {
      const onnxFile = path.join(folder, 'model.onnx');
      writeFileSync(onnxFile, files['Version-1-onnx/model.onnx']);
      const bytes = new Uint8Array(readFileSync(IMAGE));
      const onnx = await predictWithOnnx(await loadOnnxSegmenter(onnxFile), IMAGE_NAME, decodeImage(bytes, IMAGE));
      const engine = await enginePrediction(app, modelId, bytes);
      expect([onnx.mask.width, onnx.mask.height]).toEqual([engine.mask.width, engine.mask.height]);
      let equal = 0;
      let nucleus = 0;
      for (let i = 0; i < engine.mask.data.length; i++) {
        if (onnx.mask.data[i] === engine.mask.data[i]) equal++;
        if (engine.mask.data[i] === 1) nucleus++;
      }
      const agreement = equal / engine.mask.data.length;
      console.log(
        `model export e2e: click to download ${seconds.toFixed(1)} s, zip ${zip.byteLength} bytes (model.onnx ${files['Version-1-onnx/model.onnx'].byteLength}); ` +
          `mask agreement onnxruntime vs engine ${(agreement * 100).toFixed(3)}% of ${engine.mask.data.length} pixels (engine: ${nucleus} nucleus pixels)`,
      );
      expect(agreement).toBeGreaterThanOrEqual(0.99);
      // Not a trivial agreement: the model predicts some of the class, and not everywhere.
      expect(nucleus).toBeGreaterThan(0);
      expect(nucleus).toBeLessThan(engine.mask.data.length);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('a cancelled export writes no file, every format exports at once, and a version whose weights the host lost says so in one line', async () => {
    const { page } = app;
    const downloads: string[] = [];
    page.on('download', (download) => downloads.push(download.suggestedFilename()));

    // Behind a long adaptation the export waits in the engine's queue, so Cancel always comes before its end.
    await page.getByLabel('Steps').fill('2000');
    await page.getByRole('button', { name: 'Adapt', exact: true }).click();
    await expect.poll(() => page.getByTestId('adapt-progress').textContent().catch(() => ''), { timeout: 60_000 }).toMatch(/\d+ \/ \d+/);
    await chooseExport(page, 'Version 1', 'all');
    await page.getByRole('button', { name: 'Export model' }).click();
    await expect.poll(() => page.getByTestId('model-export-progress').textContent().catch(() => null)).toBe('queued');
    await page.getByTestId('model-export-running').getByRole('button', { name: 'Cancel' }).click();
    await expect.poll(() => exportMessage(page), { timeout: 30_000 }).toBe('Export cancelled: no file was written.');
    expect(await page.getByTestId('model-export-running').count()).toBe(0);
    await page.getByTestId('adapt-running').getByRole('button', { name: 'Cancel' }).click();
    await expect.poll(() => page.getByTestId('adapt-message').textContent().catch(() => ''), { timeout: 30_000 }).toBe('Adapting was cancelled');
    expect(downloads).toEqual([]);

    await chooseExport(page, 'Version 1', 'all');
    const clicked = Date.now();
    const downloaded = page.waitForEvent('download', { timeout: 120_000 });
    await page.getByRole('button', { name: 'Export model' }).click();
    await expect.poll(() => exportMessage(page), { timeout: 120_000, interval: 250 }).toMatch(/^Exported Version 1 as All formats: Version-1-all\.zip \(\d+ files, /);
    const download = await downloaded;
    const zip = new Uint8Array(readFileSync((await download.path())!));
    const names = Object.keys(unzipSync(zip)).map((name) => name.replace('Version-1-all/', '')).sort();
    console.log(`model export e2e: all formats, click to download ${((Date.now() - clicked) / 1000).toFixed(1)} s, zip ${zip.byteLength} bytes: ${names.join(', ')}`);
    expect(names).toEqual(expect.arrayContaining(['README.txt', 'model.json', 'model.onnx', 'segadapt.json']));
    expect(names.some((name) => name.endsWith('.bin'))).toBe(true);
    downloads.length = 0;

    rmSync(path.join(app.dataDir, 'models', modelId), { recursive: true, force: true });
    await chooseExport(page, 'Version 1', 'onnx');
    await page.getByRole('button', { name: 'Export model' }).click();
    await expect.poll(() => exportMessage(page), { timeout: 30_000 }).toMatch(/^Version 1 cannot be exported: its weights are not in the host's model store/);
    expect((await exportMessage(page))!).not.toContain('\n');
    expect(await page.getByRole('alert').filter({ hasText: 'cannot be exported' }).count()).toBe(1);
    // The app is still there: the version row and the panel answer.
    expect(await page.getByTestId('model-version').count()).toBe(1);
    await page.waitForTimeout(1_000);
    expect(downloads).toEqual([]);
    expect(app.hostOutput()).not.toMatch(/page errors/);
  });
});
