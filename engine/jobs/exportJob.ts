// Runs a export job in the engine process. The engine work of issue 3 fills this in.

import type { ExportJobResult, ExportJobSpec } from '../../contract/jobs';
import type { JobContext } from './jobContext';

export async function runExportJob(spec: ExportJobSpec, context: JobContext): Promise<ExportJobResult> {
  void spec;
  void context;
  throw new Error('export jobs are not available in this build yet');
}
