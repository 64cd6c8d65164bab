// The web-mode implementation of the API contract: calls and events over the web host's WebSocket.

import { API_CALL_NAMES, ApiError } from '../../contract/api';
import type { ApiCallName, ApiEvent, ApiEventListener, SaveFileRequest, SaveFileResult, SegAdaptApi } from '../../contract/api';
import { decodeFrame, encodeFrame } from '../../contract/wireCodec';
import { MAX_MESSAGE_BYTES, tooLargeMessage } from '../../contract/wireLimits';
import type { WireMessage } from '../../contract/wireCodec';
import { downloadFile } from './downloadFile';

interface Pending {
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
}

export function createWebSocketApi(url: string): Promise<SegAdaptApi> {
  return new Promise((resolveApi, rejectApi) => {
    const socket = new WebSocket(url);
    socket.binaryType = 'arraybuffer';
    const pending = new Map<number, Pending>();
    const listeners = new Set<ApiEventListener>();
    let nextId = 1;
    let open = false;

    socket.onmessage = (message) => {
      const wire = decodeFrame(new Uint8Array(message.data as ArrayBuffer)) as WireMessage;
      if ('event' in wire) {
        for (const listener of listeners) listener(wire.event as ApiEvent);
        return;
      }
      const waiting = pending.get(wire.id);
      if (!waiting) return;
      pending.delete(wire.id);
      if (wire.ok) waiting.resolve(wire.result);
      else waiting.reject(new ApiError(wire.error.code as ApiError['code'], wire.error.message));
    };
    socket.onclose = () => {
      for (const waiting of pending.values()) waiting.reject(new Error('the connection to the SegAdapt host was lost'));
      pending.clear();
      if (!open) rejectApi(new Error(`could not connect to the SegAdapt host at ${new URL(url).host} (is the launch token in the URL?)`));
      const lost: ApiEvent = {
        type: 'engineStatus',
        status: { state: 'stopped', backend: null, probes: [], restarts: 0, runningJobId: null, queuedJobIds: [], lastError: 'the connection to the SegAdapt host was lost; restart `npm run web` and reload' },
      };
      for (const listener of listeners) listener(lost);
    };

    const call = (name: ApiCallName, args: unknown[]): Promise<unknown> =>
      new Promise((resolve, reject) => {
        if (socket.readyState !== WebSocket.OPEN) {
          reject(new Error('the connection to the SegAdapt host is closed'));
          return;
        }
        const id = nextId++;
        const frame = encodeFrame({ id, call: name, args });
        if (frame.byteLength > MAX_MESSAGE_BYTES) {
          reject(new ApiError('bad-request', tooLargeMessage(frame.byteLength)));
          return;
        }
        pending.set(id, { resolve, reject });
        socket.send(frame);
      });

    socket.onopen = () => {
      open = true;
      const api = Object.fromEntries(API_CALL_NAMES.map((name) => [name, (...args: unknown[]) => call(name, args)])) as unknown as SegAdaptApi;
      // In a browser the user picks where a file goes through the download prompt.
      api.saveFile = async (request: SaveFileRequest): Promise<SaveFileResult> => downloadFile(request);
      api.onEvent = (listener) => {
        listeners.add(listener);
        return () => listeners.delete(listener);
      };
      resolveApi(api);
    };
  });
}
