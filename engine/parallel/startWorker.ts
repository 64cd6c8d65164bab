// Starts the training worker thread from source (tsx: the CLI, benchmarks, tests) or from the bundle
// (dist/engine/trainingWorker.mjs beside the bundled engine process, scripts/build-node.mjs).

import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';

const require = createRequire(import.meta.url);

let live = 0;

/** Training worker threads started and not yet exited (tests check that jobs end theirs). */
export function liveTrainingWorkers(): number {
  return live;
}

function sourceWorker(): Worker {
  // Node cannot load TypeScript itself, and hooks given to a worker by --import did not reach its entry:
  // the worker registers tsx's hooks (the ESM build of tsx/esm/api), then imports the entry.
  const tsxApi = pathToFileURL(path.join(path.dirname(require.resolve('tsx/esm')), 'api', 'index.mjs')).href;
  const entry = new URL('./trainingWorker.ts', import.meta.url).href;
  const bootstrap = `import(${JSON.stringify(tsxApi)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry)}); });`;
  return new Worker(bootstrap, { eval: true, execArgv: [] });
}

export function startTrainingWorker(): Worker {
  const fromSource = import.meta.url.endsWith('.ts');
  const worker = fromSource ? sourceWorker() : new Worker(new URL('./trainingWorker.mjs', import.meta.url));
  live += 1;
  worker.once('exit', () => (live -= 1));
  return worker;
}
