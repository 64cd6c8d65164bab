import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiEvent, EngineStatus, JobOutcome } from '../../contract/api';
import { appRootOf } from '../appPaths';
import { EngineSupervisor } from './engineSupervisor';
import { forkEngineLauncher } from './forkEngine';
import { loadDataFolder } from '../../engine/data/dataFolder';

function waitFor<T>(supervisor: EngineSupervisor, pick: (event: ApiEvent) => T | undefined, timeoutMs = 30_000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error('timed out waiting for an engine event'));
    }, timeoutMs);
    const off = supervisor.onEvent((event) => {
      const picked = pick(event);
      if (picked !== undefined) {
        clearTimeout(timer);
        off();
        resolve(picked);
      }
    });
  });
}

async function untilReady(supervisor: EngineSupervisor): Promise<EngineStatus> {
  if (supervisor.getStatus().state === 'ready') return supervisor.getStatus();
  const status = await waitFor(supervisor, (e) => (e.type === 'engineStatus' && ['ready', 'stopped'].includes(e.status.state) ? e.status : undefined));
  // An engine that cannot start is given up after repeated crashes: show why instead of timing out.
  if (status.state === 'stopped') throw new Error(`the engine did not start: ${status.lastError}`);
  return status;
}

const finished = (supervisor: EngineSupervisor, jobId: string) =>
  waitFor(supervisor, (e) => (e.type === 'jobFinished' && e.jobId === jobId ? e : undefined));

describe('engine supervisor with a real engine process', () => {
  const modelsDir = mkdtempSync(path.join(os.tmpdir(), 'segadapt-models-'));
  let supervisor: EngineSupervisor;

  beforeAll(() => {
    process.env.SEGADAPT_ENGINE_FROM_SOURCE = '1';
    supervisor = new EngineSupervisor({
      launch: forkEngineLauncher({ appRoot: appRootOf(import.meta.url), modelsDir, backend: 'wasm' }),
      restartDelayMs: 50,
      cancelGraceMs: 5_000,
    });
    supervisor.start();
  });

  afterAll(() => {
    supervisor.stop();
    rmSync(modelsDir, { recursive: true, force: true });
  });

  it('names the backend it chose and why it skipped the others', async () => {
    const status: EngineStatus = await untilReady(supervisor);
    expect(status.backend).toBe('wasm');
    expect(status.probes.find((p) => p.name === 'wasm')?.ok).toBe(true);
    expect(status.probes.find((p) => p.name === 'tensorflow')?.reason).toMatch(/SEGADAPT_BACKEND/);
  });

  it('streams progress of a job and returns its result', async () => {
    await untilReady(supervisor);
    const steps: number[] = [];
    const off = supervisor.onEvent((e) => {
      if (e.type === 'jobProgress') steps.push(e.progress.step);
    });
    const { jobId } = supervisor.startJob({ kind: 'selftest', steps: 5, matrixSize: 64 });
    const end = await finished(supervisor, jobId);
    off();
    expect(end.outcome).toBe('done');
    expect(steps).toEqual([1, 2, 3, 4, 5]);
    expect(end.result).toMatchObject({ kind: 'selftest', backend: 'wasm', steps: 5 });
  });

  it('cancels the running job and a queued one, then runs the next', async () => {
    await untilReady(supervisor);
    const long = supervisor.startJob({ kind: 'selftest', steps: 1000, matrixSize: 32, pauseMs: 20 });
    const queued = supervisor.startJob({ kind: 'selftest', steps: 2, matrixSize: 32 });
    expect(queued.position).toBe(1);
    await waitFor(supervisor, (e) => (e.type === 'jobProgress' && e.progress.jobId === long.jobId ? true : undefined));
    expect(supervisor.cancelJob(queued.jobId)).toBe(true);
    expect(supervisor.cancelJob(long.jobId)).toBe(true);
    const outcome: JobOutcome = (await finished(supervisor, long.jobId)).outcome;
    expect(outcome).toBe('cancelled');
    const next = supervisor.startJob({ kind: 'selftest', steps: 2, matrixSize: 32 });
    expect((await finished(supervisor, next.jobId)).outcome).toBe('done');
  });

  it('reports a job as failed when the engine process is killed, restarts it, and runs the next job', async () => {
    await untilReady(supervisor);
    const pidBefore = supervisor.enginePid!;
    const doomed = supervisor.startJob({ kind: 'selftest', steps: 1000, matrixSize: 32, pauseMs: 20 });
    await waitFor(supervisor, (e) => (e.type === 'jobProgress' && e.progress.jobId === doomed.jobId ? true : undefined));
    const failure = finished(supervisor, doomed.jobId);
    process.kill(pidBefore, 'SIGKILL');
    const end = await failure;
    expect(end.outcome).toBe('failed');
    expect(end.error).toMatch(/killed \(SIGKILL\)/);
    expect(supervisor.getStatus().lastError).toMatch(/SIGKILL/);

    const status = await untilReady(supervisor);
    expect(status.restarts).toBe(1);
    expect(status.backend).toBe('wasm');
    expect(supervisor.enginePid).not.toBe(pidBefore);
    const next = supervisor.startJob({ kind: 'selftest', steps: 3, matrixSize: 32 });
    expect((await finished(supervisor, next.jobId)).outcome).toBe('done');
  });

  it('refuses a job that the engine rejects, with the engine message, and stays usable', async () => {
    await untilReady(supervisor);
    const bad = supervisor.startJob({ kind: 'selftest', steps: 0, matrixSize: 32 });
    const end = await finished(supervisor, bad.jobId);
    expect(end.outcome).toBe('failed');
    expect(end.error).toMatch(/steps must be/);
    expect(supervisor.getStatus().state).toBe('ready');
  });

  it('exports an adapted model through the engine process: every file comes back as bytes', async () => {
    await untilReady(supervisor);
    const train = loadDataFolder(path.resolve(__dirname, '../../tests/fixtures/engine/nuclei/train'), { requireLabels: true });
    const samples = train.items.map((item) => ({ image: { name: item.imageFile, bytes: item.imageBytes }, mask: item.mask }));
    const adapt = supervisor.startJob({ kind: 'adapt', modelName: 'm', method: 'head', classes: train.classes, samples, steps: 1, size: 64, seed: 1 });
    const adapted = await finished(supervisor, adapt.jobId);
    expect(adapted.outcome, adapted.error).toBe('done');
    const modelId = (adapted.result as { modelId: string }).modelId;
    const exported = supervisor.startJob({ kind: 'export', modelId, format: 'all' });
    const end = await finished(supervisor, exported.jobId);
    expect(end.outcome, end.error).toBe('done');
    const files = (end.result as { files: { name: string; data: Uint8Array }[] }).files;
    expect(files.map((file) => file.name)).toEqual(expect.arrayContaining(['model.onnx', 'model.json', 'adapter.bin', 'segadapt.json', 'README.txt']));
    expect(files.find((file) => file.name === 'model.onnx')!.data.byteLength).toBeGreaterThan(1e6);

    // Predicting sends each image's prediction as soon as it is done, before the job ends.
    const images = samples.slice(0, 2).map((sample) => sample.image);
    const partials: { index: number; name: string; beforeEnd: boolean }[] = [];
    let ended = false;
    const off = supervisor.onEvent((e) => {
      if (e.type === 'jobPartialResult' && e.partial.kind === 'predict') partials.push({ index: e.partial.index, name: e.partial.prediction.name, beforeEnd: !ended });
      if (e.type === 'jobFinished') ended = true;
    });
    const predicted = await finished(supervisor, supervisor.startJob({ kind: 'predict', modelId, images }).jobId);
    off();
    expect(predicted.outcome, predicted.error).toBe('done');
    expect(partials).toEqual(images.map((image, index) => ({ index, name: image.name, beforeEnd: true })));
  }, 60_000);
});
