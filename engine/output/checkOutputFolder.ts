// Decides, before any work starts, whether a command may write its output folder: never over or around one
// of its inputs, never over a folder SegAdapt did not write, over one it did only when asked (--force), and
// only where it can write at all.

import { existsSync, readdirSync, readFileSync, realpathSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { MODEL_METADATA_FILE } from '../../contract/modelFormat';

export class OutputFolderError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OutputFolderError';
  }
}

export type OutputKind = 'model' | 'predictions';

export interface OutputInput {
  flag: string;
  path: string;
  /** Folders whose files the command reads one by one; the output may not sit inside them either. */
  readsFilesInside?: boolean;
}

export interface OutputRequest {
  flag: string;
  out: string;
  kind: OutputKind;
  inputs: OutputInput[];
  force: boolean;
}

/** The path with symlinks of its existing part resolved, so that two spellings of one folder compare equal. */
function canonical(target: string): string {
  let existing = path.resolve(target);
  const rest: string[] = [];
  while (!existsSync(existing)) {
    const up = path.dirname(existing);
    if (up === existing) break;
    rest.unshift(path.basename(existing));
    existing = up;
  }
  return path.join(realpathSync(existing), ...rest);
}

function isWithin(inner: string, outer: string): boolean {
  return inner === outer || inner.startsWith(outer.endsWith(path.sep) ? outer : outer + path.sep);
}

export function isModelFolder(folder: string): boolean {
  return existsSync(path.join(folder, MODEL_METADATA_FILE));
}

/** A folder `segadapt predict` wrote: only `<base>.png` masks, each with its `<base>.json` instances. */
export function isPredictionsFolder(folder: string): boolean {
  const names = readdirSync(folder).filter((name) => !name.startsWith('.'));
  const bases = new Set(names.filter((name) => name.endsWith('.png')).map((name) => name.slice(0, -4)));
  if (names.length !== bases.size * 2) return false;
  for (const base of bases) {
    const json = path.join(folder, `${base}.json`);
    if (!existsSync(json)) return false;
    try {
      const body = JSON.parse(readFileSync(json, 'utf8')) as { instances?: unknown };
      if (!Array.isArray(body.instances)) return false;
    } catch {
      return false;
    }
  }
  return true;
}

function checkNotAnInput(request: OutputRequest, out: string): void {
  for (const input of request.inputs) {
    const inputPath = canonical(input.path);
    const shown = `${request.flag} ${request.out}`;
    if (out === inputPath) throw new OutputFolderError(`${shown}: is the ${input.flag} folder; choose a new folder for the output`);
    if (isWithin(inputPath, out)) throw new OutputFolderError(`${shown}: contains ${input.flag} ${input.path}; choose a folder outside it`);
    if (input.readsFilesInside && isWithin(out, inputPath)) throw new OutputFolderError(`${shown}: is inside ${input.flag} ${input.path}; choose a folder outside it`);
  }
}

function checkExistingContent(request: OutputRequest, out: string): void {
  const shown = `${request.flag} ${request.out}`;
  if (!existsSync(out)) return;
  if (!statSync(out).isDirectory()) throw new OutputFolderError(`${shown}: exists and is not a folder`);
  if (readdirSync(out).length === 0) return;
  const ours = request.kind === 'model' ? isModelFolder(out) : isPredictionsFolder(out);
  const what = request.kind === 'model' ? 'a SegAdapt model' : 'the masks of an earlier segadapt predict';
  if (!ours) throw new OutputFolderError(`${shown}: exists and holds files that are not ${what}; choose an empty or new folder (nothing was changed)`);
  if (!request.force) throw new OutputFolderError(`${shown}: already holds ${what}; add --force to replace it`);
}

/** Creates and removes a file where the output will be written, so that a read-only place fails now, not after training. */
function checkWritable(request: OutputRequest, out: string): void {
  let place = path.dirname(out);
  while (!existsSync(place) && path.dirname(place) !== place) place = path.dirname(place);
  const probe = path.join(place, `.${path.basename(out)}.probe-${process.pid}`);
  try {
    writeFileSync(probe, '', { flag: 'wx' });
    unlinkSync(probe);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    throw new OutputFolderError(`${request.flag} ${request.out}: cannot write in ${place} (${code})`);
  }
}

export function checkOutputFolder(request: OutputRequest): void {
  const out = canonical(request.out);
  checkNotAnInput(request, out);
  checkExistingContent(request, out);
  checkWritable(request, out);
}
