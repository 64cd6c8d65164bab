// Runs a adapt job in the engine process. The engine work of issue 3 fills this in.

import type { AdaptJobResult, AdaptJobSpec } from '../../contract/jobs';
import type { JobContext } from './jobContext';

export async function runAdaptJob(spec: AdaptJobSpec, context: JobContext): Promise<AdaptJobResult> {
  void spec;
  void context;
  throw new Error('adapt jobs are not available in this build yet');
}
