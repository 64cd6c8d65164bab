// Main-process side of the preload bridge: one handler per contract call, refusing other senders and
// turning errors into a shape the preload can rethrow (Electron would otherwise flatten them to text).

import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import { API_CALL_NAMES, ipcChannel } from '../contract/api';
import type { ApiErrorShape } from '../contract/api';
import { dispatchApiCall, toErrorShape } from '../host/hostApi';
import type { ApiHandlers } from '../host/hostApi';

export type IpcReply = { ok: true; result: unknown } | { ok: false; error: ApiErrorShape };

export function registerApiHandlers(
  ipcMain: Pick<IpcMain, 'handle'>,
  handlers: ApiHandlers,
  isTrustedSender: (event: IpcMainInvokeEvent) => boolean,
): void {
  for (const name of API_CALL_NAMES) {
    ipcMain.handle(ipcChannel(name), async (event, ...args: unknown[]): Promise<IpcReply> => {
      if (!isTrustedSender(event)) return { ok: false, error: { code: 'bad-request', message: 'calls are accepted only from the SegAdapt window' } };
      try {
        return { ok: true, result: await dispatchApiCall(handlers, name, args) };
      } catch (error) {
        return { ok: false, error: toErrorShape(error) };
      }
    });
  }
}
