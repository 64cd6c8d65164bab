// bench/speed/adaptAgainEpisodes: "adapt again with one image more" on the few-shot episodes of
// ../shared/data, in one process as the engine runs jobs: per support seed, a job on the first K-1 support
// images, the job again on all K continued from it (fromModelId, as the app's adapt-again), and a fresh
// job on all K; the continued job's seconds against the first's, and query mIoU of the continued model
// against the fresh one (the quality the shorter continued training must keep).
//   npx tsx bench/speed/adaptAgainEpisodes.ts --task all_classes [--seeds 10,11,12] [--queries 30] [--method lora] [--steps N]
// --steps N gives the continued job N steps (default: the engine's continued budget).

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AdaptJobResult, AdaptJobSpec, MethodName } from '../../contract/jobs';
import { selectBackend } from '../../engine/backend/selectBackend';
import { adaptFeatureStore, runAdaptJob } from '../../engine/jobs/adaptJob';
import { createJobContext } from '../../engine/jobs/jobContext';
import { disposeModelTensors } from '../../engine/modelStore/adaptedModel';
import { loadModelFolder } from '../../engine/modelStore/modelFolder';
import { iouAccumulator } from '../../engine/predict/iou';
import { segmentImage } from '../../engine/predict/segmentImage';
import { defaultDataRoot, listEpisodes, loadEpisodeImage, type Episode } from '../fewshot/episodes';

const option = (name: string) => {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? process.argv[index + 1] : undefined;
};

const choice = await selectBackend();
const dataRoot = defaultDataRoot();
const task = option('task') ?? 'all_classes';
const method = (option('method') ?? 'lora') as MethodName;
const queryLimit = Number(option('queries') ?? 30);
const continuedSteps = option('steps') ? Number(option('steps')) : undefined;
const seeds = option('seeds')?.split(',').map(Number);
const episodes = listEpisodes(dataRoot).filter((e) => e.task === task && e.k === 'K5' && (!seeds || seeds.includes(e.seed)));
if (episodes.length === 0) throw new Error(`no K5 episodes for task ${task}`);

const modelsDir = mkdtempSync(path.join(os.tmpdir(), 'segadapt-again-'));
const context = () => createJobContext({ jobId: 'again', kind: 'adapt', modelsDir, backend: choice.backend, signal: new AbortController().signal, report: () => {} });

function classesOf(episode: Episode) {
  return (episode.classNames ?? ['background', episode.task]).map((name, id) => ({ id, name }));
}

/** A support image as a job sample: its file's bytes and its labels as a mask of class ids (= indices here). */
function sampleOf(episode: Episode, id: string) {
  const item = loadEpisodeImage(dataRoot, episode.dataset, id, episode.targets, episode.classNames !== undefined);
  const png = path.join(dataRoot, episode.dataset, 'images', `${id}.png`);
  return { image: { name: `${id}.png`, bytes: new Uint8Array(readFileSync(png)) }, mask: { width: item.image.width, height: item.image.height, data: item.labels } };
}

async function queryMiou(episode: Episode, modelId: string): Promise<number> {
  const { model } = await loadModelFolder(path.join(modelsDir, modelId));
  try {
    const accumulator = iouAccumulator(model.classes.length);
    for (const id of episode.query.slice(0, queryLimit)) {
      const item = loadEpisodeImage(dataRoot, episode.dataset, id, episode.targets, episode.classNames !== undefined);
      accumulator.add((await segmentImage(model, item.image)).classIndex, item.labels);
    }
    return accumulator.mean();
  } finally {
    disposeModelTensors(model);
  }
}

const line = (result: AdaptJobResult) => `${result.seconds.toFixed(1)} s, ${result.metrics.steps} steps, ${result.metrics.reusedViews} reused`;
const rows: string[] = [];
try {
  for (const episode of episodes) {
    adaptFeatureStore.clear();
    const samples = episode.support.map((id) => sampleOf(episode, id));
    const spec = (count: number, extra: Partial<AdaptJobSpec> = {}): AdaptJobSpec => ({ kind: 'adapt', modelName: 'again', method, classes: classesOf(episode), samples: samples.slice(0, count), seed: 0, ...extra });
    const first = await runAdaptJob(spec(samples.length - 1), context());
    const again = await runAdaptJob(spec(samples.length, { fromModelId: first.modelId, ...(continuedSteps ? { steps: continuedSteps } : {}) }), context());
    const fresh = await runAdaptJob(spec(samples.length), context());
    const [againMiou, freshMiou] = [await queryMiou(episode, again.modelId), await queryMiou(episode, fresh.modelId)];
    const row = `| ${episode.seed} | ${line(first)} | ${line(again)} | ${(again.seconds / first.seconds).toFixed(2)} | ${line(fresh)} | ${againMiou.toFixed(3)} | ${freshMiou.toFixed(3)} | ${(againMiou - freshMiou).toFixed(3)} |`;
    console.log(row);
    rows.push(row);
  }
} finally {
  rmSync(modelsDir, { recursive: true, force: true });
}
console.log(`\n${task} K5, ${method}, ${queryLimit} queries, backend ${choice.backend}, load ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
console.log('| seed | first (K-1 images) | again (K, continued) | again / first | fresh (K) | query mIoU again | fresh | difference |');
console.log('| --- | --- | --- | --- | --- | --- | --- | --- |');
for (const row of rows) console.log(row);
