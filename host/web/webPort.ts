// Web mode's port: the browser keeps projects per origin, port included, so a data dir keeps its port
// from one launch to the next (remembered in `web-port.json`), falling back when it is busy.

import { readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';

export const DEFAULT_WEB_PORT = 5717;
const PORT_FILE = 'web-port.json';

const isPort = (value: unknown): value is number => Number.isInteger(value) && (value as number) > 0 && (value as number) <= 65535;

export async function rememberedPort(dataDir: string): Promise<number | null> {
  try {
    const { port } = JSON.parse(await readFile(path.join(dataDir, PORT_FILE), 'utf8')) as { port?: unknown };
    return isPort(port) ? port : null;
  } catch {
    return null;
  }
}

export async function rememberPort(dataDir: string, port: number): Promise<void> {
  const file = path.join(dataDir, PORT_FILE);
  const temporary = `${file}.tmp-${process.pid}`;
  await writeFile(temporary, `${JSON.stringify({ port })}\n`);
  await rename(temporary, file);
}

/** Ports to try in order: the one asked for alone; else the remembered one, the default, then any free one. */
export function portCandidates(requested: number | null, remembered: number | null): number[] {
  if (requested !== null) return [requested];
  return [...new Set([remembered ?? DEFAULT_WEB_PORT, DEFAULT_WEB_PORT, 0])];
}

/** Listens on the first candidate that is free; other errors, and a busy port the user asked for, are thrown. */
export async function listenOnFirstFree<T>(candidates: number[], listen: (port: number) => Promise<T>): Promise<T> {
  for (let i = 0; ; i++) {
    try {
      return await listen(candidates[i]);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE' || i === candidates.length - 1) throw error;
    }
  }
}
