// The desktop app's engine window (engine/window/), run in Chromium as the app runs it: engine.html with
// its engine worker, served with the app's routes (host/engine/engineWindowRoutes.ts) and cross-origin
// isolated. On Chromium's WebGPU (SwiftShader here, --enable-unsafe-webgpu) a short adapt job lands
// within 0.01 held-out mIoU of the same job on the window's wasm backend (issue 11, item 5), both models
// scored here on Node's wasm (predicting on SwiftShader would add 16 s); the window's own predict job is
// checked on wasm to give the same score. The job is
// the smallest meaningful one, as in engine/backend/webgpuAdaptJob.test.ts: `head`, one labeled nuclei
// image, 64 px, 20 steps.

import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AdaptJobResult, ExportJobResult, PredictJobResult, SelfTestJobResult } from '../../contract/jobs';
import { loadDataFolder } from '../../engine/data/dataFolder';
import { releaseBackbone } from '../../engine/backbone/registry';
import { selectBackend } from '../../engine/backend/selectBackend';
import { heldOutMiou, NUCLEI_FIXTURES, oneImageNucleiAdaptSpec } from '../../engine/jobs/nucleiFixtures.testSupport';
import { modelFromFolder, releaseLoadedModel } from '../../engine/jobs/predictJob';
import { iouAccumulator } from '../../engine/predict/iou';
import type { ApiEvent } from '../../contract/api';
import type { EngineHandle } from '../../host/engine/engineHandle';
import { EngineSupervisor } from '../../host/engine/engineSupervisor';
import { openEnginePage, type EnginePage } from './support/enginePage';
import { pageEngineLauncher } from './support/pageEngineLauncher';
import { serveEngineWindow, type EngineWindowServer } from './support/engineWindowServer';
import { CHROMIUM_FLAGS, findChromium } from './support/findChromium';
import { APP_ROOT } from './support/launchWebApp';

const heldOut = () => loadDataFolder(path.join(NUCLEI_FIXTURES, 'heldout'), { requireLabels: true });

/** The window's predictions of the held-out images, scored. */
async function predictedMiou(engine: EnginePage, modelId: string): Promise<number> {
  const images = heldOut().items;
  const predicted = (await engine.run('predict', { kind: 'predict', modelId, images: images.map((item) => ({ name: item.imageFile, bytes: item.imageBytes })) })) as PredictJobResult;
  const accumulator = iouAccumulator(2);
  predicted.predictions.forEach((prediction, i) => accumulator.add(prediction.mask.data, images[i].mask!.data));
  return accumulator.mean();
}

/** Adapts in the page; the model it wrote (through the host) is scored here, on Node's wasm backend. */
async function adaptInWindow(engine: EnginePage, modelsDir: string): Promise<{ miou: number; modelId: string; backend: string }> {
  const started = performance.now();
  const adapted = (await engine.run('adapt', oneImageNucleiAdaptSpec())) as AdaptJobResult;
  console.log(`engine window on ${adapted.backend}: adapt job ${((performance.now() - started) / 1000).toFixed(1)} s (engine's own count ${adapted.seconds.toFixed(1)} s)`);
  const model = await modelFromFolder(path.join(modelsDir, adapted.modelId));
  return { miou: await heldOutMiou(model), modelId: adapted.modelId, backend: adapted.backend };
}

describe('the engine window in Chromium', () => {
  let server: EngineWindowServer;
  let browser: Browser;
  const modelsDir = mkdtempSync(path.join(os.tmpdir(), 'segadapt-engine-window-'));

  beforeAll(async () => {
    await selectBackend('wasm');
    server = await serveEngineWindow({ appRoot: APP_ROOT, modelsDir });
    browser = await chromium.launch({ executablePath: findChromium(), args: [...CHROMIUM_FLAGS, '--enable-unsafe-webgpu'], headless: true });
  });
  afterAll(async () => {
    releaseLoadedModel();
    await releaseBackbone();
    await browser?.close();
    await server?.close();
    rmSync(modelsDir, { recursive: true, force: true });
  });

  let wasm: { miou: number; modelId: string; backend: string } | null = null;

  it('is cross-origin isolated, runs the threaded wasm build, queues, cancels and goes on with the next job, adapts, predicts and exports', async () => {
    const engine = await openEnginePage(browser, server.pageUrl, 'wasm');
    expect(engine.crossOriginIsolated).toBe(true);
    expect(engine.ready.backend).toBe('wasm');
    expect(engine.ready.probes.find((probe) => probe.name === 'wasm')?.reason).toMatch(/threaded build, \d+ threads?/);
    await engine.send('slow', { kind: 'selftest', steps: 1000, matrixSize: 16, pauseMs: 20 });
    await engine.send('queued', { kind: 'selftest', steps: 2, matrixSize: 16 });
    await engine.cancel('slow');
    expect((await engine.outcome('slow', 30_000)).type).toBe('cancelled');
    expect((await engine.outcome('queued', 30_000)).type).toBe('done');
    wasm = await adaptInWindow(engine, modelsDir);
    expect(wasm.backend).toBe('wasm');
    // Written by the host, through the window's file routes, and read back by the window's predict job.
    expect(existsSync(path.join(modelsDir, wasm.modelId, 'segadapt.json'))).toBe(true);
    expect(await predictedMiou(engine, wasm.modelId)).toBeCloseTo(wasm.miou, 3);
    const exported = (await engine.run('export', { kind: 'export', modelId: wasm.modelId, format: 'all' })) as ExportJobResult;
    expect(exported.files.map((file) => file.name)).toEqual(expect.arrayContaining(['model.onnx', 'model.json', 'adapter.bin', 'segadapt.json', 'README.txt']));
    expect(exported.files.find((file) => file.name === 'model.onnx')!.data.byteLength).toBeGreaterThan(1e6);
    await engine.close();
  }, 300_000);

  it('under the supervisor: a job running when the engine window crashes fails, the window is restarted, and the next job works', async () => {
    const launchPage = pageEngineLauncher(browser, server.pageUrl, 'wasm');
    let latest: EngineHandle | null = null;
    const supervisor = new EngineSupervisor({ launch: () => (latest = launchPage()), restartDelayMs: 50, cancelGraceMs: 5_000 });
    const events: ApiEvent[] = [];
    supervisor.onEvent((event) => events.push(event));
    const finished = (jobId: string) => expect.poll(() => events.find((event) => event.type === 'jobFinished' && event.jobId === jobId), { timeout: 60_000 }).toBeTruthy().then(() => events.find((event) => event.type === 'jobFinished' && event.jobId === jobId) as Extract<ApiEvent, { type: 'jobFinished' }>);
    try {
      supervisor.start();
      await expect.poll(() => supervisor.getStatus().state, { timeout: 60_000 }).toBe('ready');
      expect(supervisor.getStatus().backend).toBe('wasm');
      const doomed = supervisor.startJob({ kind: 'selftest', steps: 1000, matrixSize: 32, pauseMs: 20 });
      await expect.poll(() => events.some((event) => event.type === 'jobProgress' && event.progress.jobId === doomed.jobId), { timeout: 30_000 }).toBe(true);
      // The engine window's renderer crashes (CDP Page.crash, as forcefullyCrashRenderer does in the app).
      latest!.kill();
      const end = await finished(doomed.jobId);
      expect(end.outcome).toBe('failed');
      expect(end.error).toMatch(/killed \(crashed\)/);
      await expect.poll(() => supervisor.getStatus().state, { timeout: 60_000 }).toBe('ready');
      expect(supervisor.getStatus().restarts).toBe(1);
      const next = supervisor.startJob({ kind: 'selftest', steps: 3, matrixSize: 32 });
      expect((await finished(next.jobId)).outcome).toBe('done');
    } finally {
      supervisor.stop();
    }
  }, 120_000);

  it("adapts on Chromium's WebGPU to within 0.01 held-out mIoU of the same job on wasm, and exports on wasm beside it", async (context) => {
    expect(wasm).not.toBeNull();
    const opening = performance.now();
    const engine = await openEnginePage(browser, server.pageUrl, 'webgpu').catch((error: unknown) => error as Error);
    if (engine instanceof Error) {
      // The window gave up: it says why (no navigator.gpu or no adapter: apt-get install chromium libvulkan1).
      console.log(`engine window webgpu test skipped: ${engine.message.split('\n')[0]}`);
      return context.skip();
    }
    console.log(`engine window ready on ${engine.ready.backend} after ${((performance.now() - opening) / 1000).toFixed(1)} s (with the training self-test)`);
    expect(engine.ready.backend).toBe('webgpu');
    const webgpu = await adaptInWindow(engine, modelsDir);
    console.log(`engine window held-out mIoU: wasm ${wasm!.miou.toFixed(4)}, webgpu ${webgpu.miou.toFixed(4)}`);
    expect(webgpu.backend).toBe('webgpu');
    expect(wasm!.miou).toBeGreaterThan(0.5);
    expect(Math.abs(webgpu.miou - wasm!.miou)).toBeLessThan(0.01);
    // Exports read synchronously: on webgpu they run on the window's wasm backend, and the engine stays on webgpu.
    const exporting = performance.now();
    const exported = (await engine.run('export', { kind: 'export', modelId: webgpu.modelId, format: 'onnx' })) as ExportJobResult;
    console.log(`engine window on webgpu: onnx export ${((performance.now() - exporting) / 1000).toFixed(1)} s`);
    expect(exported.files.map((file) => file.name)).toContain('model.onnx');
    expect(((await engine.run('after-export', { kind: 'selftest', steps: 1, matrixSize: 8 })) as SelfTestJobResult).backend).toBe('webgpu');
    await engine.close();
  }, 400_000);
});
