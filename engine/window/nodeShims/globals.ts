// The Node globals shared engine code reads, for the engine window (esbuild injects these where a module
// names them): process.env holds what the window was started with, setImmediate yields to the event loop
// through a message channel (timers are clamped to 4 ms when nested), Buffer is npm buffer.

import { Buffer } from 'buffer';

export { Buffer };

export const process = {
  env: {} as Record<string, string | undefined>,
  versions: {} as Record<string, string>,
  platform: 'browser',
};

const channel = new MessageChannel();
const pending: (() => void)[] = [];
(channel.port1 as unknown as { onmessage: () => void }).onmessage = () => pending.shift()?.();

export function setImmediate(callback: () => void): void {
  pending.push(callback);
  channel.port2.postMessage(null);
}
