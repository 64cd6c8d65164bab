// The one API contract between renderer, hosts (Electron main, web host) and the engine process.
// Types only, plus the list of call names that hosts and the preload accept: anything else is rejected.

import type { JobSpec, JobResult, JobProgress, JobOutcome, JobPartialResult } from './jobs';
import type { BlobChunk, BlobRange, ProjectCopyStatus, PullPage, PullRequest, PushResult, RowChange } from './projectCopy';
import type { TrainableCounts } from './trainableCounts';
export type { BlobChunk, BlobRange, ProjectCopyStatus, PullPage, PullRequest, PushResult, RowChange } from './projectCopy';

export type { JobSpec, JobResult, JobProgress, JobOutcome, JobPartialResult } from './jobs';

/** A backend the engine tried, in order of preference, and why it was or was not used. */
export interface BackendProbe {
  name: 'tensorflow-gpu' | 'webgpu' | 'tensorflow' | 'wasm' | 'cpu';
  ok: boolean;
  reason: string;
}

export type EngineState = 'starting' | 'ready' | 'busy' | 'crashed' | 'restarting' | 'stopped';

export interface EngineStatus {
  state: EngineState;
  /** tfjs backend in use ('tensorflow', 'webgpu', 'wasm' or 'cpu'), null until the engine has started. */
  backend: string | null;
  probes: BackendProbe[];
  /** How many times the engine process was restarted after a crash in this session. */
  restarts: number;
  /** The job running now, if any. */
  runningJobId: string | null;
  queuedJobIds: string[];
  /** Why the engine last crashed, shown to the user until it is ready again. */
  lastError: string | null;
  /** Trainable-parameter counts per method, once the engine has measured them after starting. */
  trainableCounts?: TrainableCounts;
}


export interface JobTicket {
  jobId: string;
  position: number;
}

export interface ModelSummary {
  id: string;
  name: string;
  method: string;
  baseModel: string;
  classes: { id: number; name: string; color?: string }[];
  trainableParams: number;
  createdAt: string;
  metrics: Record<string, number>;
  /** Bytes of the model folder on disk (listModels fills it in). */
  sizeBytes?: number;
}

export interface ModelFile {
  name: string;
  data: Uint8Array;
}

export interface ModelBundle {
  summary: ModelSummary;
  files: ModelFile[];
}

export interface SaveFileRequest {
  suggestedName: string;
  /** e.g. [{ name: 'ONNX model', extensions: ['onnx'] }] */
  filters?: { name: string; extensions: string[] }[];
  data: Uint8Array;
}

export interface SaveFileResult {
  saved: boolean;
  /** Where it was written (desktop) or the download name (web). */
  path?: string;
}

/** An exported model's files, as the user picked them (the renderer unzips a zip); see ImportJobSpec. */
export interface ImportModelRequest {
  /** The picked zip's or file's name, for messages. */
  source: string;
  files: ModelFile[];
}

/** Every call the renderer can make: name -> [argument tuple, result]. */
export interface ApiCalls {
  engineStatus: { args: []; result: EngineStatus };
  startJob: { args: [spec: JobSpec]; result: JobTicket };
  cancelJob: { args: [jobId: string]; result: boolean };
  listModels: { args: []; result: ModelSummary[] };
  loadModel: { args: [modelId: string]; result: ModelBundle };
  saveFile: { args: [request: SaveFileRequest]; result: SaveFileResult };
  /** Checks an exported model's files and starts the engine's import job (its result: ImportJobResult). */
  importModel: { args: [request: ImportModelRequest]; result: JobTicket };
  // The host's durable copy of the project store (contract/projectCopy.ts).
  projectCopyStatus: { args: []; result: ProjectCopyStatus };
  projectCopyMissingBlobs: { args: [hashes: string[]]; result: string[] };
  projectCopyPutBlob: { args: [chunk: BlobChunk]; result: { stored: boolean } };
  projectCopyGetBlob: { args: [range: BlobRange]; result: Uint8Array };
  projectCopyPush: { args: [changes: RowChange[]]; result: PushResult };
  projectCopyPull: { args: [request: PullRequest]; result: PullPage };
}

export type ApiCallName = keyof ApiCalls;

export const API_CALL_NAMES = [
  'engineStatus',
  'startJob',
  'cancelJob',
  'listModels',
  'loadModel',
  'saveFile',
  'importModel',
  'projectCopyStatus',
  'projectCopyMissingBlobs',
  'projectCopyPutBlob',
  'projectCopyGetBlob',
  'projectCopyPush',
  'projectCopyPull',
] as const satisfies readonly ApiCallName[];

// Compile-time check that the list names every call exactly.
type MissingCalls = Exclude<ApiCallName, (typeof API_CALL_NAMES)[number]>;
const everyCallListed: MissingCalls extends never ? true : never = true;
void everyCallListed;

export function isApiCallName(name: unknown): name is ApiCallName {
  return typeof name === 'string' && (API_CALL_NAMES as readonly string[]).includes(name);
}

/** Events pushed from the host to every renderer. */
export type ApiEvent =
  | { type: 'engineStatus'; status: EngineStatus }
  | { type: 'jobProgress'; progress: JobProgress }
  | { type: 'jobPartialResult'; jobId: string; partial: JobPartialResult }
  | { type: 'jobFinished'; jobId: string; outcome: JobOutcome; result?: JobResult; error?: string };

export type ApiEventListener = (event: ApiEvent) => void;

/** What the renderer sees as `window.segadapt` (Electron) or gets from the WebSocket client (web mode). */
export type SegAdaptApi = {
  [K in ApiCallName]: (...args: ApiCalls[K]['args']) => Promise<ApiCalls[K]['result']>;
} & {
  /** Subscribe to host events; returns the unsubscribe function. */
  onEvent(listener: ApiEventListener): () => void;
};

/** Channel name of a call on Electron IPC. */
export const ipcChannel = (name: ApiCallName): string => `segadapt:${name}`;
export const IPC_EVENT_CHANNEL = 'segadapt:event';

/** An error that crosses a process boundary: a message for the user and a code for the program. */
export interface ApiErrorShape {
  code: 'bad-request' | 'unknown-call' | 'not-found' | 'engine-failed' | 'cancelled' | 'internal';
  message: string;
}

export class ApiError extends Error implements ApiErrorShape {
  constructor(
    public readonly code: ApiErrorShape['code'],
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}
