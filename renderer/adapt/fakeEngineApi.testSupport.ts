// A fake engine for the adapt and pre-label store tests: it records the jobs it is given, and the test
// pushes their progress and end through emit().
import type { ApiEvent, EngineStatus, JobSpec, ModelSummary, SegAdaptApi } from '../../contract/api';

export const READY: EngineStatus = { state: 'ready', backend: 'wasm', probes: [], restarts: 0, runningJobId: null, queuedJobIds: [], lastError: null };

export function fakeApi() {
  const listeners = new Set<(event: ApiEvent) => void>();
  const started: JobSpec[] = [];
  const cancelled: string[] = [];
  /** What listModels answers: the models in the host's store. */
  const models: ModelSummary[] = [];
  const engineCalls = {
    engineStatus: async () => READY,
    startJob: async (spec: JobSpec) => {
      started.push(spec);
      return { jobId: `job-${started.length}`, position: 0 };
    },
    cancelJob: async (jobId: string) => {
      cancelled.push(jobId);
      return true;
    },
    listModels: async () => models,
    loadModel: async () => {
      throw new Error('not here');
    },
    saveFile: async () => ({ saved: false }),
    onEvent: (listener: (event: ApiEvent) => void) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  } satisfies Partial<SegAdaptApi>;
  // The calls the stores do not make (the project copy, ...) answer that they are not faked.
  const api = new Proxy(engineCalls, {
    get: (target, name) =>
      name in target
        ? target[name as keyof typeof target]
        : async () => {
            throw new Error(`${String(name)} is not faked`);
          },
  }) as unknown as SegAdaptApi;
  const emit = (event: ApiEvent) => listeners.forEach((listener) => listener(event));
  return { api, started, cancelled, emit, models };
}
