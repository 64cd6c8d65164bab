// The engine's files on a local disk: packages from node_modules, model folders written whole
// (output/replaceFolder), and a folder an interrupted write left aside put back before it is read.

import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { recoverInterruptedWrite, writeFolderAtomically } from '../output/replaceFolder';
import type { EngineFiles } from './engineFiles';

/** The installed folder of `packageName` (found by folder, since exports maps hide data files from require.resolve). */
export function packageFolder(packageName: string): string {
  const require = createRequire(import.meta.url);
  for (const folder of require.resolve.paths(packageName) ?? []) {
    const candidate = path.join(folder, ...packageName.split('/'));
    if (existsSync(path.join(candidate, 'package.json'))) return candidate;
  }
  throw new Error(`${packageName} is not installed (run npm install)`);
}

async function readIfPresent(file: string): Promise<Uint8Array | null> {
  try {
    return new Uint8Array(await readFile(file));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

export const nodeEngineFiles: EngineFiles = {
  async readPackageFile(packageName, file) {
    return new Uint8Array(await readFile(path.join(packageFolder(packageName), ...file.split('/'))));
  },
  async readModelFile(folder, name) {
    await recoverInterruptedWrite(folder);
    return readIfPresent(path.join(folder, name));
  },
  writeModelFolder: (folder, files) => writeFolderAtomically(folder, files),
};
