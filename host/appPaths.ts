// Where the app's own files are, found from any module (source under tsx, or a bundle in dist/).

import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The folder holding SegAdapt's package.json, searched upwards from `from`. */
export function findAppRoot(from: string): string {
  let dir = from;
  for (;;) {
    const manifest = path.join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'segadapt') return dir;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`cannot find SegAdapt's package.json above ${from}`);
    dir = parent;
  }
}

export function appRootOf(moduleUrl: string): string {
  return findAppRoot(path.dirname(fileURLToPath(moduleUrl)));
}

export function defaultDataDir(): string {
  return process.env.SEGADAPT_HOME || path.join(os.homedir(), '.segadapt');
}
