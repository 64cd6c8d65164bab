// Runs an export job. `adapter` gives the model folder's files (metadata, trained method tensors, decoder):
// re-applicable to the same base backbone. ONNX and TensorFlow.js graph export come with the export issue.

import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { ExportJobResult, ExportJobSpec } from '../../contract/jobs';
import { readModelMetadata } from '../modelStore/modelFolder';
import type { JobContext } from './jobContext';

export async function exportModelFolder(folder: string, format: ExportJobSpec['format']): Promise<ExportJobResult> {
  if (format !== 'adapter') throw new Error(`export format "${format}" is not available yet; use "adapter"`);
  await readModelMetadata(folder);
  const files = [];
  for (const name of (await readdir(folder)).sort()) files.push({ name, data: new Uint8Array(await readFile(path.join(folder, name))) });
  return { kind: 'export', format, files };
}

export async function runExportJob(spec: ExportJobSpec, context: JobContext): Promise<ExportJobResult> {
  context.progress({ step: 0, total: 1, phase: 'exporting' });
  const result = await exportModelFolder(path.join(context.modelsDir, spec.modelId), spec.format);
  context.progress({ step: 1, total: 1, phase: 'exported' });
  return result;
}
