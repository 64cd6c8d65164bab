// Runs an import job: an exported adapter (adapter.bin, decoder.bin, adapted.json, segadapt.json) is loaded
// as a model folder, which refuses another base model or tensors that do not fit it, then written whole
// under a fresh model id in the models folder. Errors name the picked file instead of the staging folder.

import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { ImportJobResult, ImportJobSpec } from '../../contract/jobs';
import { MODEL_METADATA_FILE } from '../../contract/modelFormat';
import type { ModelMetadata } from '../../contract/modelFormat';
import { disposeModelTensors } from '../modelStore/adaptedModel';
import { loadModelFolder } from '../modelStore/modelFolder';
import { ModelFolderError } from '../modelStore/validateModelFiles';
import { writeFolderAtomically } from '../output/replaceFolder';
import { newModelId } from './adaptJob';
import type { JobContext } from './jobContext';

const TOTAL = 3;

export async function runImportJob(spec: ImportJobSpec, context: JobContext, options: { modelId?: string } = {}): Promise<ImportJobResult> {
  const started = performance.now();
  context.progress({ step: 0, total: TOTAL, phase: 'checking files' });
  for (const file of spec.files) {
    if (file.name !== path.basename(file.name) || file.name.startsWith('.')) throw new ModelFolderError(`${spec.source}: ${JSON.stringify(file.name)} is not a plain file name`);
  }
  const staging = await mkdtemp(path.join(os.tmpdir(), 'segadapt-import-'));
  let metadata: ModelMetadata;
  try {
    for (const file of spec.files) await writeFile(path.join(staging, file.name), file.data);
    context.progress({ step: 1, total: TOTAL, phase: 'applying to the base model' });
    await context.checkpoint();
    try {
      const loaded = await loadModelFolder(staging);
      metadata = loaded.metadata;
      disposeModelTensors(loaded.model);
    } catch (error) {
      const message = (error instanceof Error ? error.message : String(error)).split(staging + path.sep).join('').split(staging).join(spec.source);
      throw new ModelFolderError(`${spec.source}: ${message}`);
    }
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
  await context.checkpoint();
  context.progress({ step: 2, total: TOTAL, phase: 'storing' });
  const modelId = options.modelId ?? newModelId();
  // The stored folder is the model as adapted; what export added to segadapt.json describes files not kept.
  const { export: _exported, ...kept } = metadata;
  void _exported;
  const stored: ModelMetadata = { ...kept, id: modelId };
  const files = spec.files.map((file) => (file.name === MODEL_METADATA_FILE ? { name: file.name, data: new TextEncoder().encode(`${JSON.stringify(stored, null, 2)}\n`) } : file));
  await writeFolderAtomically(path.join(context.modelsDir, modelId), files);
  context.progress({ step: TOTAL, total: TOTAL, phase: 'imported' });
  return {
    kind: 'import',
    modelId,
    name: stored.name,
    method: stored.method,
    classes: stored.classes,
    trainableParams: stored.trainableParams,
    metrics: stored.metrics,
    seconds: (performance.now() - started) / 1000,
    backend: context.backend,
    createdAt: stored.createdAt,
  };
}
