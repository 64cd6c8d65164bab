import { beforeEach, describe, expect, it, vi } from 'vitest';
import { API_CALL_NAMES, ApiError, IPC_EVENT_CHANNEL } from '../contract/api';
import type { ApiEvent, SegAdaptApi } from '../contract/api';
import type { ApiHandlers } from '../host/hostApi';
import { noProjectCopy } from '../host/projects/projectCopyApi';
import { registerApiHandlers } from './ipcBridge';

// A pair of fake Electron IPC ends joined together, so preload and main-side handlers talk for real.
const ipc = vi.hoisted(() => {
  const handlers = new Map<string, (event: unknown, ...args: unknown[]) => Promise<unknown>>();
  const rendererListeners = new Map<string, (event: unknown, payload: unknown) => void>();
  let exposed: Record<string, unknown> = {};
  return {
    handlers,
    rendererListeners,
    sender: { id: 1 } as unknown,
    get exposed() {
      return exposed;
    },
    electron: {
      contextBridge: { exposeInMainWorld: (key: string, value: Record<string, unknown>) => key === 'segadapt' && (exposed = value) },
      ipcRenderer: {
        invoke: (channel: string, ...args: unknown[]) => {
          const handler = handlers.get(channel);
          if (!handler) return Promise.reject(new Error(`No handler registered for '${channel}'`));
          return handler({ sender: 'window' }, ...args);
        },
        on: (channel: string, listener: (event: unknown, payload: unknown) => void) => rendererListeners.set(channel, listener),
        removeListener: (channel: string) => rendererListeners.delete(channel),
      },
    },
  };
});
vi.mock('electron', () => ipc.electron);

const handlers: ApiHandlers = {
  engineStatus: async () => ({ state: 'ready', backend: 'wasm', probes: [], restarts: 0, runningJobId: null, queuedJobIds: [], lastError: null }),
  startJob: async () => ({ jobId: 'j1', position: 0 }),
  cancelJob: async (id) => id === 'j1',
  listModels: async () => [],
  loadModel: async (id) => {
    throw new ApiError('not-found', `no model ${id}`);
  },
  saveFile: async () => ({ saved: true, path: '/tmp/x' }),
  importModel: async () => ({ jobId: 'j2', position: 0 }),
  ...noProjectCopy(),
};

describe('the preload bridge and its main-process handlers', () => {
  let api: SegAdaptApi;
  let trusted = true;

  beforeEach(async () => {
    ipc.handlers.clear();
    registerApiHandlers({ handle: (channel, listener) => ipc.handlers.set(channel, listener as never) }, handlers, () => trusted);
    trusted = true;
    await import('./preload');
    api = ipc.exposed as unknown as SegAdaptApi;
  });

  it('exposes exactly the contract as window.segadapt, and no raw IPC', () => {
    expect(Object.keys(api).sort()).toEqual([...API_CALL_NAMES, 'onEvent'].sort());
    expect(api).not.toHaveProperty('invoke');
    expect(api).not.toHaveProperty('ipcRenderer');
  });

  it('carries calls and results through IPC', async () => {
    expect((await api.engineStatus()).backend).toBe('wasm');
    expect(await api.cancelJob('j1')).toBe(true);
  });

  it('rethrows host errors with their code and message', async () => {
    const error = await api.loadModel('m9').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ code: 'not-found', message: 'no model m9' });
  });

  it('refuses calls from a sender that is not the SegAdapt window', async () => {
    trusted = false;
    await expect(api.engineStatus()).rejects.toMatchObject({ code: 'bad-request', message: /only from the SegAdapt window/ });
  });

  it('delivers host events until unsubscribed', () => {
    const seen: ApiEvent[] = [];
    const off = api.onEvent((event) => seen.push(event));
    const event: ApiEvent = { type: 'jobFinished', jobId: 'j1', outcome: 'done' };
    ipc.rendererListeners.get(IPC_EVENT_CHANNEL)!({}, event);
    off();
    expect(seen).toEqual([event]);
    expect(ipc.rendererListeners.has(IPC_EVENT_CHANNEL)).toBe(false);
  });
});
