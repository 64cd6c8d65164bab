// Runs an export job: the files of an export folder (engine/export/exportModel.ts) for a stored model, in
// the result, for the host to save. Progress per format; cancellable between formats.

import path from 'node:path';
import type { ExportJobResult, ExportJobSpec } from '../../contract/jobs';
import { exportModelFolderFiles } from '../export/exportModel';
import type { JobContext } from './jobContext';

const STEPS: Record<ExportJobSpec['format'], number> = { onnx: 2, tfjs: 2, adapter: 1, all: 4 };

export async function runExportJob(spec: ExportJobSpec, context: JobContext): Promise<ExportJobResult> {
  const total = STEPS[spec.format] + 1;
  let step = 0;
  context.progress({ step, total, phase: 'loading model' });
  const files = await exportModelFolderFiles(path.join(context.modelsDir, spec.modelId), spec.format, {
    step: async (done) => {
      context.progress({ step: ++step, total, phase: `exported ${done}` });
      await context.checkpoint();
    },
  });
  context.progress({ step: total, total, phase: 'exported' });
  return { kind: 'export', format: spec.format, files };
}
