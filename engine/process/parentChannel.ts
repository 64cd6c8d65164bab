// The engine process's line to its host: Electron's utilityProcess parentPort, or Node's fork IPC.

import type { EngineToHostMessage, HostToEngineMessage } from '../../contract/engineProtocol';

interface ParentPortLike {
  on(event: 'message', listener: (event: { data: unknown }) => void): void;
  postMessage(message: unknown): void;
}

export interface ParentChannel {
  send(message: EngineToHostMessage): void;
  onMessage(listener: (message: HostToEngineMessage) => void): void;
}

export function connectToParent(): ParentChannel {
  const parentPort = (process as unknown as { parentPort?: ParentPortLike }).parentPort;
  if (parentPort) {
    return {
      send: (message) => parentPort.postMessage(message),
      onMessage: (listener) => parentPort.on('message', (event) => listener(event.data as HostToEngineMessage)),
    };
  }
  if (typeof process.send === 'function') {
    return {
      send: (message) => process.send!(message),
      onMessage: (listener) => process.on('message', (message) => listener(message as HostToEngineMessage)),
    };
  }
  throw new Error('the engine process must be started by a SegAdapt host (no IPC channel to the parent)');
}
