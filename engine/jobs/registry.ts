// Job kind -> the function that runs it in the engine process.

import type { JobResult, JobSpec } from '../../contract/jobs';
import type { JobContext } from './jobContext';
import { runSelfTestJob } from './selfTestJob';
import { runAdaptJob } from './adaptJob';
import { runPredictJob } from './predictJob';
import { runExportJob } from './exportJob';
import { runImportJob } from './importJob';

export async function runJob(spec: JobSpec, context: JobContext): Promise<JobResult> {
  switch (spec.kind) {
    case 'selftest':
      return runSelfTestJob(spec, context);
    case 'adapt':
      return runAdaptJob(spec, context);
    case 'predict':
      return runPredictJob(spec, context);
    case 'export':
      return runExportJob(spec, context);
    case 'import':
      return runImportJob(spec, context);
    default: {
      const unknown: never = spec;
      throw new Error(`unknown job kind ${(unknown as { kind: string }).kind}`);
    }
  }
}
