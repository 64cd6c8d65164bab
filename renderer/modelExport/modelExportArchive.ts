// What model export does with the engine's answer, as pure functions: the export folder's files as one
// zip (fflate), its name, and the one-line messages the app shows for progress and failures.
import { zip, type Zippable } from 'fflate';
import type { ExportFormat, JobProgress } from '../../contract/jobs';

export const MODEL_EXPORT_FORMATS: readonly { format: ExportFormat; label: string; detail: string }[] = [
  { format: 'onnx', label: 'ONNX', detail: 'model.onnx, for onnxruntime and other ONNX runtimes' },
  { format: 'tfjs', label: 'TensorFlow.js', detail: 'model.json and weight shards, for tf.loadGraphModel' },
  { format: 'adapter', label: 'Adapter only', detail: 'only the trained tensors, re-applicable to the same base model' },
  { format: 'all', label: 'All formats', detail: 'ONNX, TensorFlow.js and the adapter in one folder' },
];

export function formatLabel(format: ExportFormat): string {
  return MODEL_EXPORT_FORMATS.find((f) => f.format === format)?.label ?? format;
}

export interface ExportedFile {
  name: string;
  data: Uint8Array;
}

export interface ModelArchive {
  /** What the save dialog or the download suggests, e.g. `Version-1-onnx.zip`. */
  fileName: string;
  /** The one folder inside the zip that holds the export's files. */
  folder: string;
  data: Uint8Array;
  files: number;
}

/** A file-name-safe form of a version's name (the user may have named it anything). */
export function safeName(name: string): string {
  const safe = name
    .normalize('NFKD')
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/^[-.]+|-+$/g, '');
  return safe.slice(0, 80) || 'model';
}

// Deflate halves model.onnx and the weight shards (float32 widened from the base model's float16 weights:
// a 7.4 MB model.onnx zips to 3.7 MB at level 6, in 0.9 s on this 2-core machine); fflate's async zip
// does it in workers, off the page's thread, and can be stopped.
const LEVEL = 6;

export class ArchiveCancelled extends Error {
  constructor() {
    super('zipping was cancelled');
    this.name = 'ArchiveCancelled';
  }
}

/** The export folder as a zip: `<version>-<format>/<file>` for each file the engine gave. */
export async function modelArchive(versionName: string, format: ExportFormat, files: readonly ExportedFile[], signal?: AbortSignal): Promise<ModelArchive> {
  if (!files.length) throw new Error('the engine returned no files');
  const folder = `${safeName(versionName)}-${format}`;
  const entries: Zippable = {};
  for (const file of files) {
    const parts = file.name.split('/');
    if (!file.name || file.name.startsWith('/') || parts.some((part) => part === '' || part === '.' || part === '..')) {
      throw new Error(`the engine returned a file named ${JSON.stringify(file.name)}`);
    }
    if (`${folder}/${file.name}` in entries) throw new Error(`the engine returned ${file.name} twice`);
    entries[`${folder}/${file.name}`] = file.data;
  }
  const data = await new Promise<Uint8Array>((resolve, reject) => {
    if (signal?.aborted) return reject(new ArchiveCancelled());
    const stop = zip(entries, { level: LEVEL }, (error, zipped) => {
      signal?.removeEventListener('abort', abort);
      if (error) reject(error);
      else resolve(zipped);
    });
    const abort = () => {
      stop();
      reject(new ArchiveCancelled());
    };
    signal?.addEventListener('abort', abort, { once: true });
  });
  return { fileName: `${folder}.zip`, folder, data, files: files.length };
}

/** The engine's progress of an export job as one line ("exported graph · 2 / 3"), or "queued". */
export function describeExportProgress(progress: JobProgress | null): string {
  if (!progress) return 'queued';
  return `${progress.phase ?? 'exporting'} · ${progress.step} / ${progress.total}`;
}

function firstLine(text: string): string {
  const line = text.split('\n')[0].trim();
  return line.length > 200 ? `${line.slice(0, 199)}…` : line;
}

// How the host and the engine say that a model folder is not there (host/validateJobSpec, engine/modelStore/modelFolder).
const MISSING_WEIGHTS = /no model \S+ in the host's model store|not an adapted model folder|missing or unreadable|ENOENT/;

export function isMissingWeights(error: string): boolean {
  return MISSING_WEIGHTS.test(error);
}

/** Why an export ended without a file, in one line. */
export function exportFailureText(versionName: string, error: string | null): string {
  if (error && isMissingWeights(error)) return `${versionName} cannot be exported: its weights are not in the host's model store (deleted, or adapted with another data folder); adapt again to export it.`;
  return `Exporting ${versionName} failed: ${error ? firstLine(error) : 'the engine gave no files'}. No file was written.`;
}
