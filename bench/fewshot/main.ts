// bench/fewshot: few-shot episodes of ../shared/data for every method (not part of npm test).
//   npx tsx bench/fewshot/main.ts [--methods svf,head,...] [--tasks fluorescence,person,all_classes] [--k K1,K5]
//       [--seeds 0,1,2]  (default: every task's own seeds; camvid_dev's are 10, 11, 12) [--queries N] [--workers N] [--steps N] [--results FILE]
//       [--train '{"methodLearningRate":2e-3}']  (training option overrides, recorded with each result)
//       [--model '{"firstAdaptedBlock":"expanded_conv_3"}']  (model option overrides, recorded likewise)
//       [--tta flip]  (queries also predicted mirrored and averaged)
//       [--unlabeled N]  (N query images, every other one, also given to training without labels: self-training;
//                         the result also has the mIoU over the queries not among them)
//       [--self '{"steps":110,"keepShare":0.3}']  (self-training option overrides, recorded likewise)
// Workers are separate processes (tfjs wasm is single-threaded in Node); results are JSON lines, and the
// table is printed from them: query mIoU (mean over seeds) per task and K, and mean adapt seconds.

import { fork } from 'node:child_process';
import { appendFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { METHOD_NAMES } from '../../contract/jobs';
import { selectBackend } from '../../engine/backend/selectBackend';
import type { SelfTrainingOptions } from '../../engine/training/selfTraining';
import { defaultDataRoot, listEpisodes, type Episode } from './episodes';
import { runEpisode, type BenchMethod, type EpisodeResult, type ModelOverrides, type TrainOverrides } from './runEpisode';
import { printTables } from './table';

interface Job {
  episode: Episode;
  method: BenchMethod;
}

function option(name: string): string | undefined {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? process.argv[index + 1] : undefined;
}

const list = (value: string | undefined) => (value ? value.split(',').map((s) => s.trim()).filter(Boolean) : undefined);

async function worker(): Promise<void> {
  await selectBackend(process.env.SEGADAPT_BACKEND ? (process.env.SEGADAPT_BACKEND as 'wasm') : 'wasm');
  process.on('message', async (message: { job: Job | null; dataRoot: string; queries?: number; steps?: number; train?: TrainOverrides; model?: ModelOverrides; tta?: 'flip'; unlabeled?: number; selfTraining?: Partial<SelfTrainingOptions> }) => {
    if (!message.job) process.exit(0);
    try {
      const result = await runEpisode(message.dataRoot, message.job.episode, message.job.method, { queryLimit: message.queries, steps: message.steps, train: message.train, model: message.model, tta: message.tta, unlabeled: message.unlabeled, selfTraining: message.selfTraining });
      process.send!({ result });
    } catch (error) {
      process.send!({ error: `${message.job.method} ${message.job.episode.task} ${message.job.episode.k} seed ${message.job.episode.seed}: ${error instanceof Error ? error.stack : error}` });
    }
  });
  process.send!({ ready: true });
}

async function coordinator(): Promise<void> {
  const dataRoot = option('data') ?? defaultDataRoot();
  const methods = (list(option('methods')) ?? [...METHOD_NAMES, 'unadapted']) as BenchMethod[];
  const tasks = list(option('tasks'));
  const ks = list(option('k')) ?? ['K1', 'K5'];
  const seeds = list(option('seeds'))?.map(Number);
  const queries = option('queries') ? Number(option('queries')) : undefined;
  const steps = option('steps') ? Number(option('steps')) : undefined;
  const train = option('train') ? (JSON.parse(option('train')!) as TrainOverrides) : undefined;
  const model = option('model') ? (JSON.parse(option('model')!) as ModelOverrides) : undefined;
  const tta = option('tta') === 'flip' ? ('flip' as const) : undefined;
  const unlabeled = option('unlabeled') ? Number(option('unlabeled')) : undefined;
  const selfTraining = option('self') ? (JSON.parse(option('self')!) as Partial<SelfTrainingOptions>) : undefined;
  const workers = Number(option('workers') ?? 1);
  const resultsFile = option('results') ?? path.resolve('bench/fewshot/results.jsonl');
  const episodes = listEpisodes(dataRoot).filter((e) => (!tasks || tasks.includes(e.task)) && ks.includes(e.k) && (!seeds || seeds.includes(e.seed)));
  const done = new Set<string>();
  const key = (r: { method: string; task: string; k: string; seed: number; tta?: string; unlabeled?: number }) => `${r.method}|${r.task}|${r.k}|${r.seed}${r.tta ? `|${r.tta}` : ''}${r.unlabeled ? `|U${r.unlabeled}` : ''}`;
  if (existsSync(resultsFile)) for (const line of readFileSync(resultsFile, 'utf8').split('\n').filter(Boolean)) done.add(key(JSON.parse(line)));
  else writeFileSync(resultsFile, '');
  // Slow methods first, so the longest jobs do not end up last.
  const order: BenchMethod[] = ['full', 'svf', 'lora', 'ssf', 'conv-adapter', 'bitfit', 'head', 'unadapted'];
  const jobs: Job[] = [];
  for (const method of [...methods].sort((a, b) => order.indexOf(a) - order.indexOf(b))) {
    for (const episode of episodes) if (!done.has(key({ method, task: episode.task, k: episode.k, seed: episode.seed, tta, unlabeled }))) jobs.push({ episode, method });
  }
  console.error(`${jobs.length} episodes to run (${done.size} already in ${resultsFile}), ${workers} workers`);
  const self = fileURLToPath(import.meta.url);
  await Promise.all(
    Array.from({ length: Math.min(workers, jobs.length) }, () =>
      new Promise<void>((resolve) => {
        const child = fork(self, ['--worker'], { execArgv: process.execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
        const next = () => child.send({ job: jobs.shift() ?? null, dataRoot, queries, steps, train, model, tta, unlabeled, selfTraining });
        child.on('message', (message: { ready?: boolean; result?: EpisodeResult; error?: string }) => {
          if (message.result) {
            appendFileSync(resultsFile, `${JSON.stringify(message.result)}\n`);
            const r = message.result;
            console.error(`${r.method.padEnd(12)} ${r.task.padEnd(12)} ${r.k} seed ${r.seed}: mIoU ${r.miou.toFixed(3)}${r.miouUnseen !== undefined ? ` (unseen ${r.miouUnseen.toFixed(3)})` : ''}  adapt ${r.adaptSeconds.toFixed(1)} s  predict ${r.predictMsPerImage.toFixed(0)} ms/img`);
          }
          if (message.error) console.error(`FAILED ${message.error}`);
          next();
        });
        child.on('exit', () => resolve());
      }),
    ),
  );
  const results = readFileSync(resultsFile, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line) as EpisodeResult);
  printTables(results);
}

if (process.argv.includes('--worker')) await worker();
else await coordinator();
