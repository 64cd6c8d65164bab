// Stands in for engine/files/nodeEngineFiles.ts in the engine window's bundle: the worker installs the
// host's files (hostEngineFiles.ts) before any job runs, so this is never called.

import type { EngineFiles } from '../../files/engineFiles';

const notInstalled = (): never => {
  throw new Error('the engine window reads its files through its host: useEngineFiles(hostEngineFiles(...)) must run first');
};

export const nodeEngineFiles: EngineFiles = { readPackageFile: notInstalled, readModelFile: notInstalled, writeModelFolder: notInstalled };
