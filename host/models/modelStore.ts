// Adapted models on disk: one folder per model id under the models folder, described by segadapt.json.

import { promises as fs } from 'node:fs';
import path from 'node:path';
import { ApiError } from '../../contract/api';
import type { ModelBundle, ModelFile, ModelSummary } from '../../contract/api';
import { MODEL_METADATA_FILE } from '../../contract/modelFormat';
import type { ModelMetadata } from '../../contract/modelFormat';

const MODEL_ID = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/;

export function isModelId(id: unknown): id is string {
  return typeof id === 'string' && MODEL_ID.test(id) && !id.includes('..');
}

export function summarise(metadata: ModelMetadata): ModelSummary {
  return {
    id: metadata.id,
    name: metadata.name,
    method: metadata.method,
    baseModel: metadata.baseModel,
    classes: metadata.classes,
    trainableParams: metadata.trainableParams,
    createdAt: metadata.createdAt,
    metrics: metadata.metrics,
  };
}

/** Bytes of the files in `folder` and its sub-folders (links are not followed). */
async function folderBytes(folder: string): Promise<number> {
  let total = 0;
  for (const entry of await fs.readdir(folder, { withFileTypes: true })) {
    const full = path.join(folder, entry.name);
    if (entry.isFile()) total += (await fs.stat(full)).size;
    else if (entry.isDirectory()) total += await folderBytes(full);
  }
  return total;
}

async function readMetadata(folder: string): Promise<ModelMetadata> {
  const text = await fs.readFile(path.join(folder, MODEL_METADATA_FILE), 'utf8');
  const metadata = JSON.parse(text) as ModelMetadata;
  if (typeof metadata.id !== 'string' || typeof metadata.method !== 'string' || !Array.isArray(metadata.classes)) {
    throw new Error(`${MODEL_METADATA_FILE} lacks id, method or classes`);
  }
  return metadata;
}

async function listFiles(folder: string, prefix = ''): Promise<string[]> {
  const entries = await fs.readdir(path.join(folder, prefix), { withFileTypes: true });
  const names: string[] = [];
  for (const entry of entries) {
    const relative = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) names.push(...(await listFiles(folder, relative)));
    else if (entry.isFile()) names.push(relative);
  }
  return names.sort();
}

export class ModelStore {
  constructor(
    readonly modelsDir: string,
    private readonly warn: (message: string) => void = (message) => console.warn(message),
  ) {}

  async list(): Promise<ModelSummary[]> {
    let entries: import('node:fs').Dirent[];
    try {
      entries = await fs.readdir(this.modelsDir, { withFileTypes: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    const summaries: ModelSummary[] = [];
    for (const entry of entries) {
      if (!entry.isDirectory() || !isModelId(entry.name)) continue;
      try {
        const folder = path.join(this.modelsDir, entry.name);
        summaries.push({ ...summarise(await readMetadata(folder)), sizeBytes: await folderBytes(folder) });
      } catch (error) {
        this.warn(`skipping model folder ${entry.name}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    return summaries.sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  }

  /** Whether a model folder with this id is here (its segadapt.json exists). */
  async has(id: string): Promise<boolean> {
    if (!isModelId(id)) return false;
    return fs.access(path.join(this.modelsDir, id, MODEL_METADATA_FILE)).then(
      () => true,
      () => false,
    );
  }

  async load(id: string): Promise<ModelBundle> {
    if (!isModelId(id)) throw new ApiError('bad-request', `not a model id: ${JSON.stringify(id)}`);
    const folder = path.join(this.modelsDir, id);
    let metadata: ModelMetadata;
    try {
      metadata = await readMetadata(folder);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new ApiError('not-found', `no model ${id}`);
      throw new ApiError('internal', `model ${id} is unreadable: ${error instanceof Error ? error.message : String(error)}`);
    }
    const files: ModelFile[] = [];
    for (const name of await listFiles(folder)) {
      files.push({ name, data: new Uint8Array(await fs.readFile(path.join(folder, name))) });
    }
    return { summary: summarise(metadata), files };
  }
}
