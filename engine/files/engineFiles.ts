// Everything the engine reads or writes outside its memory: the backbones' weights (shipped inside npm
// packages) and model folders. Images reach it as bytes inside job specs. The engine process, the CLI and
// tests use the Node implementation (nodeEngineFiles.ts); the engine window installs one that asks its host
// (engine/window/hostEngineFiles.ts), so that the tensor code runs unchanged in both.

import type { FolderFile } from '../output/replaceFolder';
import { nodeEngineFiles } from './nodeEngineFiles';

export interface EngineFiles {
  /** A file inside an installed npm package, by its '/'-separated path there ('models/centernet.json'). */
  readPackageFile(packageName: string, file: string): Promise<Uint8Array>;
  /** A file of a model folder, or null when it does not exist. */
  readModelFile(folder: string, name: string): Promise<Uint8Array | null>;
  /** Writes `files` as the whole content of a model folder: it then holds the old model or the new one, never a mix. */
  writeModelFolder(folder: string, files: FolderFile[]): Promise<void>;
}

let current: EngineFiles = nodeEngineFiles;

/** Where this process's engine reads and writes from now on. */
export function useEngineFiles(files: EngineFiles): void {
  current = files;
}

export function engineFiles(): EngineFiles {
  return current;
}
