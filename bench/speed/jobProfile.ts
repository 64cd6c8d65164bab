// bench/speed/jobProfile: where an adapt job's seconds go, from its progress events: decoding and backbone
// loading, feature caching, training steps (with the held-out checks' steps apart), and what follows the
// last step (best weights back, writing the model folder).
//   npx tsx bench/speed/jobProfile.ts --task fluorescence [--seed 0] [--method lora] [--runs 1] [--backend wasm]

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AdaptJobSpec, JobProgress, MethodName } from '../../contract/jobs';
import { selectBackend, type BackendName } from '../../engine/backend/selectBackend';
import { adaptFeatureStore, runAdaptJob } from '../../engine/jobs/adaptJob';
import { createJobContext } from '../../engine/jobs/jobContext';
import { defaultDataRoot, listEpisodes, loadEpisodeImage } from '../fewshot/episodes';

const option = (name: string) => {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? process.argv[index + 1] : undefined;
};
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;

const choice = await selectBackend((option('backend') ?? 'wasm') as BackendName);
const dataRoot = defaultDataRoot();
const task = option('task') ?? 'fluorescence';
const seed = Number(option('seed') ?? 0);
const method = (option('method') ?? 'lora') as MethodName;
const runs = Number(option('runs') ?? 1);
const episode = listEpisodes(dataRoot).find((e) => e.task === task && e.k === 'K5' && e.seed === seed);
if (!episode) throw new Error(`no K5 episode of ${task} with seed ${seed}`);
const samples = episode.support.map((id) => {
  const item = loadEpisodeImage(dataRoot, episode.dataset, id, episode.targets, episode.classNames !== undefined);
  const bytes = new Uint8Array(readFileSync(path.join(dataRoot, episode.dataset, 'images', `${id}.png`)));
  return { image: { name: `${id}.png`, bytes }, mask: { width: item.image.width, height: item.image.height, data: item.labels } };
});
const classes = (episode.classNames ?? ['background', episode.task]).map((name, id) => ({ id, name }));
const spec: AdaptJobSpec = { kind: 'adapt', modelName: 'profile', method, classes, samples, seed: 0 };
const modelsDir = mkdtempSync(path.join(os.tmpdir(), 'segadapt-profile-'));

try {
  for (let run = 0; run < runs; run++) {
    adaptFeatureStore.clear();
    const events: { at: number; progress: JobProgress }[] = [];
    const started = performance.now();
    const context = createJobContext({ jobId: `p${run}`, kind: 'adapt', modelsDir, backend: choice.backend, signal: new AbortController().signal, report: (progress) => events.push({ at: performance.now() - started, progress }) });
    const result = await runAdaptJob(spec, context);
    const total = (performance.now() - started) / 1000;
    const phaseOf = (p: JobProgress) => p.phase ?? '';
    const firstOf = (test: (p: JobProgress) => boolean) => events.find((e) => test(e.progress))?.at ?? NaN;
    const cachingStart = firstOf((p) => phaseOf(p).startsWith('caching'));
    const trainingStart = firstOf((p) => phaseOf(p) === 'training' || phaseOf(p).startsWith('training the decoder'));
    const stepEvents = events.filter((e) => phaseOf(e.progress) === 'training' || phaseOf(e.progress).startsWith('stopped early'));
    const durations = stepEvents.slice(1).map((e, i) => ({ ms: e.at - stepEvents[i].at, check: e.progress.metrics?.heldOutMiou !== undefined }));
    const plain = durations.filter((d) => !d.check).map((d) => d.ms);
    const checks = durations.filter((d) => d.check).map((d) => d.ms);
    const lastStep = stepEvents.at(-1)?.at ?? NaN;
    console.log(`${task} K5 seed ${seed}, ${method}: ${total.toFixed(1)} s (job ${result.seconds.toFixed(1)} s), ${result.metrics.steps} steps, ${result.metrics.trainingWorkers} training threads, load ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
    console.log(`  before caching (decode, backbone, model) ${(cachingStart / 1000).toFixed(1)} s; caching ${((trainingStart - cachingStart) / 1000).toFixed(1)} s`);
    console.log(`  training ${((lastStep - trainingStart) / 1000).toFixed(1)} s: ${plain.length} steps, median ${median(plain).toFixed(0)} ms; ${checks.length} steps with a held-out check, median ${median(checks).toFixed(0)} ms (the check ${(median(checks) - median(plain)).toFixed(0)} ms)`);
    console.log(`  after the last step (best weights, model folder) ${(total - lastStep / 1000).toFixed(1)} s`);
  }
} finally {
  rmSync(modelsDir, { recursive: true, force: true });
}
