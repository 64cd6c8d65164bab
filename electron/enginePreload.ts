// The engine window's preload: hands the page the MessagePort the main process sends (windowEngineHandle.ts).
// Nothing else crosses: the page gets no API and no ipcRenderer.

import { ipcRenderer } from 'electron';
import { ENGINE_WINDOW_PORT_MESSAGE } from '../contract/engineProtocol';

// The page's window (typed here: electron/ is checked with Node's types, not the DOM's).
const page = globalThis as unknown as { postMessage(message: unknown, targetOrigin: string, transfer: unknown[]): void };

ipcRenderer.on(ENGINE_WINDOW_PORT_MESSAGE, (event) => {
  page.postMessage(ENGINE_WINDOW_PORT_MESSAGE, '*', event.ports);
});
