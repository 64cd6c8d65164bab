// bench/speed/adaptAgain: an adapt job, then "adapt again" with one more labeled image, in one process (as
// the engine process runs them), so the second reuses the first's prefix features (adaptFeatureStore).
//   npx tsx bench/speed/adaptAgain.ts --data DIR [--method lora] [--continue] [--no-store]
// --continue starts the second job from the first's model (fromModelId), as the app's adapt-again may;
// --no-store empties the feature store between the jobs (the time without reuse).

import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AdaptJobSpec, MethodName } from '../../contract/jobs';
import { selectBackend } from '../../engine/backend/selectBackend';
import { loadDataFolder } from '../../engine/data/dataFolder';
import { adaptFeatureStore, runAdaptJob } from '../../engine/jobs/adaptJob';
import { createJobContext } from '../../engine/jobs/jobContext';

const option = (name: string) => {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? process.argv[index + 1] : undefined;
};
const flag = (name: string) => process.argv.includes(`--${name}`);

const choice = await selectBackend();
const data = loadDataFolder(option('data') ?? '', { requireLabels: true });
const method = (option('method') ?? 'lora') as MethodName;
const modelsDir = mkdtempSync(path.join(os.tmpdir(), 'segadapt-again-'));
const samples = data.items.map((item) => ({ image: { name: item.imageFile, bytes: item.imageBytes }, mask: item.mask }));
const spec = (count: number, fromModelId?: string): AdaptJobSpec => ({ kind: 'adapt', modelName: 'again', method, classes: data.classes, samples: samples.slice(0, count), seed: 0, ...(fromModelId ? { fromModelId } : {}) });
const context = () => createJobContext({ jobId: 'again', kind: 'adapt', modelsDir, backend: choice.backend, signal: new AbortController().signal, report: () => {} });
try {
  const first = await runAdaptJob(spec(samples.length - 1), context());
  if (flag('no-store')) adaptFeatureStore.clear();
  const second = await runAdaptJob(spec(samples.length, flag('continue') ? first.modelId : undefined), context());
  const line = (label: string, result: typeof first) =>
    `${label}: ${result.seconds.toFixed(1)} s, ${result.metrics.steps} steps, ${result.metrics.reusedViews} views reused, held-out mIoU ${result.metrics.heldOutMiou?.toFixed(3)}, ${result.metrics.trainingWorkers} training threads`;
  console.log(line(`first (${samples.length - 1} images)`, first));
  console.log(line(`again (${samples.length} images${flag('continue') ? ', continued' : ''}${flag('no-store') ? ', store emptied' : ''})`, second));
  console.log(`ratio ${(second.seconds / first.seconds).toFixed(2)}`);
} finally {
  rmSync(modelsDir, { recursive: true, force: true });
}
