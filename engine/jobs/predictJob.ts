// Runs a predict job in the engine process. The engine work of issue 3 fills this in.

import type { PredictJobResult, PredictJobSpec } from '../../contract/jobs';
import type { JobContext } from './jobContext';

export async function runPredictJob(spec: PredictJobSpec, context: JobContext): Promise<PredictJobResult> {
  void spec;
  void context;
  throw new Error('predict jobs are not available in this build yet');
}
