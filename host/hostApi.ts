// The API calls both hosts answer the same way; each host adds its own saveFile and event delivery.

import { ApiError, isApiCallName } from '../contract/api';
import type { ApiCallName, ApiCalls } from '../contract/api';
import type { EngineSupervisor } from './engine/engineSupervisor';
import type { ModelStore } from './models/modelStore';
import { validateJobSpec } from './validateJobSpec';
import { validateModelImport } from './models/validateModelImport';
import { noProjectCopy } from './projects/projectCopyApi';
import type { ProjectCopyHandlers } from './projects/projectCopyApi';

export type ApiHandlers = {
  [K in ApiCallName]: (...args: ApiCalls[K]['args']) => Promise<ApiCalls[K]['result']>;
};

export function createHostApi(options: {
  supervisor: EngineSupervisor;
  models: ModelStore;
  saveFile: ApiHandlers['saveFile'];
  /** The durable project copy's calls (host/projects); without it they fail with 'not-found'. */
  projectCopy?: ProjectCopyHandlers;
}): ApiHandlers {
  const { supervisor, models } = options;
  return {
    engineStatus: async () => supervisor.getStatus(),
    startJob: async (spec) => {
      const job = validateJobSpec(spec);
      // A version the renderer remembers may have no folder here (deleted, another data folder): say so now, not from inside the job.
      if (job.kind === 'export' && !(await models.has(job.modelId))) throw new ApiError('not-found', `no model ${job.modelId} in the host's model store`);
      return supervisor.startJob(job);
    },
    cancelJob: async (jobId) => {
      if (typeof jobId !== 'string') throw new ApiError('bad-request', 'cancelJob needs a job id');
      return supervisor.cancelJob(jobId);
    },
    listModels: () => models.list(),
    loadModel: (modelId) => models.load(modelId),
    saveFile: options.saveFile,
    importModel: async (request) => supervisor.startJob(validateModelImport(request)),
    ...(options.projectCopy ?? noProjectCopy()),
  };
}

const CALL_ARITY: { [K in ApiCallName]: ApiCalls[K]['args']['length'] } = {
  engineStatus: 0,
  startJob: 1,
  cancelJob: 1,
  listModels: 0,
  loadModel: 1,
  saveFile: 1,
  importModel: 1,
  projectCopyStatus: 0,
  projectCopyMissingBlobs: 1,
  projectCopyPutBlob: 1,
  projectCopyGetBlob: 1,
  projectCopyPush: 1,
  projectCopyPull: 1,
};

/** Runs one call that arrived from a renderer (untrusted shape): unknown names and bad arity are refused. */
export async function dispatchApiCall(handlers: ApiHandlers, name: unknown, args: unknown): Promise<unknown> {
  if (!isApiCallName(name)) throw new ApiError('unknown-call', `unknown API call ${JSON.stringify(name)}`);
  if (!Array.isArray(args)) throw new ApiError('bad-request', `${name}: arguments must be a list`);
  if (args.length !== CALL_ARITY[name]) {
    throw new ApiError('bad-request', `${name} takes ${CALL_ARITY[name]} argument(s), not ${args.length}`);
  }
  const handler = handlers[name] as (...a: unknown[]) => Promise<unknown>;
  return handler(...args);
}

export function toErrorShape(error: unknown): { code: ApiError['code']; message: string } {
  if (error instanceof ApiError) return { code: error.code, message: error.message };
  return { code: 'internal', message: error instanceof Error ? error.message : String(error) };
}
