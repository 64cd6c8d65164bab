// Runs an import job: an exported adapter (adapter.bin, decoder.bin, adapted.json, segadapt.json) is loaded
// as a model folder from memory, which refuses another base model or tensors that do not fit it, then
// written whole under a fresh model id in the models folder. Errors name the picked file, not the folder.

import path from 'node:path';
import type { ImportJobResult, ImportJobSpec } from '../../contract/jobs';
import { MODEL_METADATA_FILE } from '../../contract/modelFormat';
import type { ModelMetadata } from '../../contract/modelFormat';
import { disposeModelTensors } from '../modelStore/adaptedModel';
import { engineFiles } from '../files/engineFiles';
import { loadModelFolder, type ModelFileReader } from '../modelStore/modelFolder';
import { ModelFolderError } from '../modelStore/validateModelFiles';
import { newModelId } from './adaptJob';
import type { JobContext } from './jobContext';

const TOTAL = 3;

/** The name the picked files are loaded under, replaced by spec.source in messages. */
const STAGING = 'segadapt-import';

export async function runImportJob(spec: ImportJobSpec, context: JobContext, options: { modelId?: string } = {}): Promise<ImportJobResult> {
  const started = performance.now();
  context.progress({ step: 0, total: TOTAL, phase: 'checking files' });
  for (const file of spec.files) {
    if (file.name !== path.basename(file.name) || file.name.startsWith('.')) throw new ModelFolderError(`${spec.source}: ${JSON.stringify(file.name)} is not a plain file name`);
  }
  const byName = new Map(spec.files.map((file) => [file.name, file.data]));
  const readPicked: ModelFileReader = async (_folder, name) => byName.get(name) ?? null;
  context.progress({ step: 1, total: TOTAL, phase: 'applying to the base model' });
  await context.checkpoint();
  let metadata: ModelMetadata;
  try {
    const loaded = await loadModelFolder(STAGING, readPicked);
    metadata = loaded.metadata;
    disposeModelTensors(loaded.model);
  } catch (error) {
    const message = (error instanceof Error ? error.message : String(error)).split(STAGING + path.sep).join('').split(STAGING).join(spec.source);
    throw new ModelFolderError(`${spec.source}: ${message}`);
  }
  await context.checkpoint();
  context.progress({ step: 2, total: TOTAL, phase: 'storing' });
  const modelId = options.modelId ?? newModelId();
  // The stored folder is the model as adapted; what export added to segadapt.json describes files not kept.
  const { export: _exported, ...kept } = metadata;
  void _exported;
  const stored: ModelMetadata = { ...kept, id: modelId };
  const files = spec.files.map((file) => (file.name === MODEL_METADATA_FILE ? { name: file.name, data: new TextEncoder().encode(`${JSON.stringify(stored, null, 2)}\n`) } : file));
  await engineFiles().writeModelFolder(path.join(context.modelsDir, modelId), files);
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
