// The only bridge between the sandboxed renderer and the main process: window.segadapt, built from the
// API contract's call list. No raw ipcRenderer reaches the page.

import { contextBridge, ipcRenderer } from 'electron';
import type { IpcRendererEvent } from 'electron';
import { API_CALL_NAMES, ApiError, IPC_EVENT_CHANNEL, ipcChannel } from '../contract/api';
import type { ApiEvent, ApiEventListener } from '../contract/api';

import type { IpcReply } from './ipcBridge';

const api: Record<string, unknown> = {};
for (const name of API_CALL_NAMES) {
  api[name] = async (...args: unknown[]) => {
    const reply = (await ipcRenderer.invoke(ipcChannel(name), ...args)) as IpcReply;
    if (!reply.ok) throw new ApiError(reply.error.code, reply.error.message);
    return reply.result;
  };
}
api.onEvent = (listener: ApiEventListener) => {
  const forward = (_event: IpcRendererEvent, payload: ApiEvent) => listener(payload);
  ipcRenderer.on(IPC_EVENT_CHANNEL, forward);
  return () => {
    ipcRenderer.removeListener(IPC_EVENT_CHANNEL, forward);
  };
};

contextBridge.exposeInMainWorld('segadapt', api);
