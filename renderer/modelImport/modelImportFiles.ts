// What model import does before and after the host, as pure functions: the picked zip (the app's own
// export, adapter or all formats) or loose files as the four files of a model folder, the classes check
// against the open project, and the one-line messages. Every message names the picked file.
import { unzipSync } from 'fflate';
import type { ImportModelRequest } from '../../contract/api';
import { IMPORTED_MODEL_FILES, type ClassSpec } from '../../contract/jobs';
import { MODEL_METADATA_FILE } from '../../contract/modelFormat';

export interface PickedFile {
  name: string;
  data: Uint8Array;
}

/** A pick that cannot be imported, in one line that names the file. */
export class ModelImportError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ModelImportError';
  }
}

const KEPT = new Set<string>(IMPORTED_MODEL_FILES);
const baseName = (name: string) => name.split(/[\\/]/).pop() ?? name;
const isZip = (file: PickedFile) => /\.zip$/i.test(file.name) || (file.data[0] === 0x50 && file.data[1] === 0x4b);

function firstLine(text: string): string {
  const line = text.split('\n')[0].trim();
  return line.length > 320 ? `${line.slice(0, 319)}…` : line;
}

/** The model-folder files of what the user picked: one zip, or the folder's files themselves. */
export function modelImportRequest(picked: readonly PickedFile[]): ImportModelRequest {
  if (!picked.length) throw new ModelImportError('No file was picked.');
  const zips = picked.filter(isZip);
  if (zips.length > 1 || (zips.length === 1 && picked.length > 1)) throw new ModelImportError(`${zips[0].name}: pick one exported zip, or the files of one model folder`);
  const source = zips.length ? zips[0].name : picked.length === 1 ? picked[0].name : 'the picked files';
  const entries: PickedFile[] = [];
  if (zips.length) {
    let unzipped: Record<string, Uint8Array>;
    try {
      // Only the four files are inflated: an "all formats" zip's model.onnx and shards are left packed.
      unzipped = unzipSync(zips[0].data, { filter: (file) => KEPT.has(baseName(file.name)) });
    } catch (error) {
      throw new ModelImportError(`${source}: not a readable zip file (${firstLine(error instanceof Error ? error.message : String(error))})`);
    }
    for (const [path, data] of Object.entries(unzipped)) entries.push({ name: path, data });
  } else {
    entries.push(...picked.filter((file) => KEPT.has(baseName(file.name))));
  }
  const files = new Map<string, Uint8Array>();
  for (const entry of entries) {
    const name = baseName(entry.name);
    if (files.has(name)) throw new ModelImportError(`${source}: holds more than one ${name}; pick the export of one model`);
    files.set(name, entry.data);
  }
  for (const name of IMPORTED_MODEL_FILES) {
    if (!files.has(name)) throw new ModelImportError(`${source}: missing ${name} (export the model as "Adapter only" or "All formats")`);
  }
  return { source, files: IMPORTED_MODEL_FILES.map((name) => ({ name, data: files.get(name)! })) };
}

/** The classes segadapt.json says the model predicts (the host and the engine check the rest). */
export function declaredClasses(request: ImportModelRequest): ClassSpec[] {
  const file = request.files.find((f) => f.name === MODEL_METADATA_FILE);
  let classes: unknown;
  try {
    classes = (JSON.parse(new TextDecoder().decode(file?.data)) as { classes?: unknown }).classes;
  } catch (error) {
    throw new ModelImportError(`${request.source}: ${MODEL_METADATA_FILE} is not valid JSON (${firstLine(error instanceof Error ? error.message : String(error))})`);
  }
  const valid = Array.isArray(classes) && classes.every((c) => typeof c === 'object' && c !== null && Number.isInteger((c as ClassSpec).id) && typeof (c as ClassSpec).name === 'string');
  if (!valid) throw new ModelImportError(`${request.source}: ${MODEL_METADATA_FILE} lists no classes`);
  return classes as ClassSpec[];
}

/** Why a model with these classes cannot be a version of a project with these (background 0 + its class ids), or null. */
export function foreignClassesReason(source: string, modelClasses: readonly ClassSpec[], projectClasses: readonly { classId: number; name: string }[]): string | null {
  const ids = (list: readonly number[]) => [...list].sort((a, b) => a - b).join(',');
  const expected = [0, ...projectClasses.map((c) => c.classId)];
  if (ids(modelClasses.map((c) => c.id)) === ids(expected)) return null;
  const names = (list: readonly { id: number; name: string }[]) => list.map((c) => `${c.id} ${c.name}`).join(', ');
  return `${source}: the model predicts other classes (${names(modelClasses)}) than this project has (${names([{ id: 0, name: 'background' }, ...projectClasses.map((c) => ({ id: c.classId, name: c.name }))])}); import it into a project with the same classes`;
}

/** The engine's or host's refusal as one line (it already names the file). */
export function importFailureText(source: string, error: string | null): string {
  if (!error) return `${source}: the engine could not import it`;
  const line = firstLine(error);
  return line.startsWith(source) ? line : `${source}: ${line}`;
}
