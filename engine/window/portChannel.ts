// The engine window's line to its host: a MessagePort (Electron main's MessageChannelMain end, or a test
// page's MessageChannel), handed to the engine worker in its first message. What the engine sends before
// the port arrives waits for it.

import type { EngineToHostMessage, HostToEngineMessage } from '../../contract/engineProtocol';
import type { ParentChannel } from '../process/parentChannel';

export interface PortLike {
  postMessage(message: unknown): void;
  onmessage: ((event: { data: unknown }) => void) | null;
  start?(): void;
}

export interface PortChannel extends ParentChannel {
  connect(port: PortLike): void;
}

export function portChannel(): PortChannel {
  let port: PortLike | null = null;
  const unsent: EngineToHostMessage[] = [];
  const listeners: ((message: HostToEngineMessage) => void)[] = [];
  return {
    send(message) {
      if (port) port.postMessage(message);
      else unsent.push(message);
    },
    onMessage(listener) {
      listeners.push(listener);
    },
    connect(next) {
      port = next;
      port.onmessage = (event) => {
        for (const listener of listeners) listener(event.data as HostToEngineMessage);
      };
      port.start?.();
      for (const message of unsent.splice(0)) port.postMessage(message);
    },
  };
}
