// `npm run web`: SegAdapt in a browser. Serves the renderer and the engine on 127.0.0.1 and prints
// the URL with this launch's token.

import path from 'node:path';
import { parseArgs } from 'node:util';
import { EngineSupervisor } from '../engine/engineSupervisor';
import { forkEngineLauncher } from '../engine/forkEngine';
import { createHostApi } from '../hostApi';
import { ApiError } from '../../contract/api';
import { ModelStore } from '../models/modelStore';
import { appRootOf, defaultDataDir } from '../appPaths';
import { ProjectCopy } from '../projects/projectCopy';
import { projectCopyHandlers } from '../projects/projectCopyApi';
import { startWebHost } from './webHost';
import { listenOnFirstFree, portCandidates, rememberedPort, rememberPort } from './webPort';

const USAGE = 'usage: npm run web -- [--port N] [--data-dir DIR] [--backend tensorflow|webgpu|wasm|cpu]\n(without --port: the port this data dir used last, else 5717, else a free one)';

function parseOptions() {
  try {
    const { values } = parseArgs({
      options: {
        port: { type: 'string', default: process.env.SEGADAPT_PORT },
        'data-dir': { type: 'string', default: defaultDataDir() },
        backend: { type: 'string' },
        help: { type: 'boolean', default: false },
      },
    });
    if (values.help) {
      console.log(USAGE);
      process.exit(0);
    }
    const port = values.port === undefined ? null : Number(values.port);
    if (port !== null && (!Number.isInteger(port) || port < 0 || port > 65535)) throw new Error(`--port must be 0..65535, not ${values.port}`);
    return { port, dataDir: path.resolve(values['data-dir']), backend: values.backend };
  } catch (error) {
    console.error(`segadapt web: ${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
    process.exit(2);
  }
}

const options = parseOptions();
const appRoot = appRootOf(import.meta.url);
const modelsDir = path.join(options.dataDir, 'models');
const projectsDir = path.join(options.dataDir, 'projects');
// Opened before anything listens: a second host on the same data dir stops here.
const projectCopy = await ProjectCopy.open(projectsDir).catch((error: Error) => {
  console.error(`segadapt web: ${error.message}`);
  process.exit(1);
});
const supervisor = new EngineSupervisor({ launch: forkEngineLauncher({ appRoot, modelsDir, backend: options.backend }) });
const handlers = createHostApi({
  supervisor,
  models: new ModelStore(modelsDir),
  saveFile: async () => {
    throw new ApiError('bad-request', 'in web mode the browser saves files (downloads); the host writes none');
  },
  projectCopy: projectCopyHandlers(Promise.resolve(projectCopy)),
});

supervisor.start();
const candidates = portCandidates(options.port, await rememberedPort(options.dataDir));
const host = await listenOnFirstFree(candidates, (port) =>
  startWebHost({
    rendererDir: path.join(appRoot, 'dist', 'renderer'),
    handlers,
    subscribe: (listener) => supervisor.onEvent(listener),
    port,
  }),
).catch(async (error: NodeJS.ErrnoException) => {
  supervisor.stop();
  await projectCopy.close();
  console.error(error.code === 'EADDRINUSE' ? `segadapt web: port ${options.port} is in use; pass --port N (0 picks a free one)` : `segadapt web: ${error.message}`);
  process.exit(1);
});
await rememberPort(options.dataDir, host.port).catch(() => undefined);

if (options.port === null && host.port !== candidates[0]) console.log(`(port ${candidates[0]} was busy; the next launch tries ${host.port} first)`);
console.log(`SegAdapt is running at ${host.url}`);
console.log(`Projects are copied to ${projectsDir}, models kept in ${modelsDir}. Press Ctrl+C to stop.`);

let closing = false;
const shutdown = () => {
  if (closing) return;
  closing = true;
  supervisor.stop();
  void host
    .close()
    .then(() => projectCopy.compact())
    .catch((error: Error) => console.error(`segadapt web: could not compact the project copy: ${error.message}`))
    .then(() => projectCopy.close())
    .finally(() => process.exit(0));
};
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
